import { Migration } from '@mikro-orm/migrations';

/**
 * Mentors (issue 14): mentorships with consent, invite codes, login links and sessions for the
 * mentor web page, the AI insights and nudges mentors sent, and members' journal and mood entries.
 */
export class Migration20261129010000Mentors extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "mentorships" ("id" uuid not null, "mentor_id" uuid not null, "mentee_id" uuid not null, "status" varchar(10) not null default 'active', "accepted_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "mentorships_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "mentorships_mentee_id_index" on "mentorships" ("mentee_id");`);
    this.addSql(
      `alter table "mentorships" add constraint "mentorships_mentor_id_mentee_id_unique" unique ("mentor_id", "mentee_id");`,
    );
    this.addSql(
      `create table "mentor_sessions" ("id_hash" varchar(64) not null, "mentor_id" uuid not null, "csrf_token" varchar(64) not null, "expires_at" timestamptz not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "mentor_sessions_pkey" primary key ("id_hash"));`,
    );
    this.addSql(`create index "mentor_sessions_mentor_id_index" on "mentor_sessions" ("mentor_id");`);
    this.addSql(
      `create table "mentor_nudges" ("id" uuid not null, "mentor_id" uuid not null, "mentee_id" uuid not null, "date" date not null, "message" text not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "mentor_nudges_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "mentor_nudges_mentor_id_index" on "mentor_nudges" ("mentor_id");`);
    this.addSql(
      `create index "mentor_nudges_mentee_id_date_index" on "mentor_nudges" ("mentee_id", "date");`,
    );
    this.addSql(
      `create table "mentor_login_links" ("token_hash" varchar(64) not null, "mentor_id" uuid not null, "expires_at" timestamptz not null, "used_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "mentor_login_links_pkey" primary key ("token_hash"));`,
    );
    this.addSql(`create index "mentor_login_links_mentor_id_index" on "mentor_login_links" ("mentor_id");`);
    this.addSql(
      `create table "mentor_invites" ("code_hash" varchar(64) not null, "mentee_id" uuid not null, "expires_at" timestamptz not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "mentor_invites_pkey" primary key ("code_hash"));`,
    );
    this.addSql(`create index "mentor_invites_mentee_id_index" on "mentor_invites" ("mentee_id");`);
    this.addSql(
      `create table "mentor_insights" ("id" uuid not null, "mentor_id" uuid not null, "mentee_id" uuid null, "question" text not null, "answer" text not null, "sources" jsonb not null, "engine" varchar(30) not null, "tokens" int not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "mentor_insights_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "mentor_insights_mentee_id_index" on "mentor_insights" ("mentee_id");`);
    this.addSql(
      `create index "mentor_insights_mentor_id_created_at_index" on "mentor_insights" ("mentor_id", "created_at");`,
    );
    this.addSql(
      `create table "journal_entries" ("id" uuid not null, "user_id" uuid not null, "date" date not null, "text" text not null, "mood" smallint null, "sentiment" double precision not null, "sentiment_engine" varchar(20) not null, "tags" jsonb not null default '[]', "private" boolean not null default false, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "journal_entries_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "journal_entries_user_id_date_index" on "journal_entries" ("user_id", "date");`,
    );
    this.addSql(
      `alter table "mentorships" add constraint "mentorships_mentor_id_foreign" foreign key ("mentor_id") references "users" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "mentorships" add constraint "mentorships_mentee_id_foreign" foreign key ("mentee_id") references "users" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "mentor_sessions" add constraint "mentor_sessions_mentor_id_foreign" foreign key ("mentor_id") references "users" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "mentor_nudges" add constraint "mentor_nudges_mentor_id_foreign" foreign key ("mentor_id") references "users" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "mentor_nudges" add constraint "mentor_nudges_mentee_id_foreign" foreign key ("mentee_id") references "users" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "mentor_login_links" add constraint "mentor_login_links_mentor_id_foreign" foreign key ("mentor_id") references "users" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "mentor_invites" add constraint "mentor_invites_mentee_id_foreign" foreign key ("mentee_id") references "users" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "mentor_insights" add constraint "mentor_insights_mentor_id_foreign" foreign key ("mentor_id") references "users" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "mentor_insights" add constraint "mentor_insights_mentee_id_foreign" foreign key ("mentee_id") references "users" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "journal_entries" add constraint "journal_entries_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "journal_entries" cascade;`);
    this.addSql(`drop table if exists "mentor_insights" cascade;`);
    this.addSql(`drop table if exists "mentor_invites" cascade;`);
    this.addSql(`drop table if exists "mentor_login_links" cascade;`);
    this.addSql(`drop table if exists "mentor_nudges" cascade;`);
    this.addSql(`drop table if exists "mentor_sessions" cascade;`);
    this.addSql(`drop table if exists "mentorships" cascade;`);
  }
}
