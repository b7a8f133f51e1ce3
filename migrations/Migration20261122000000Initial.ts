import { Migration } from '@mikro-orm/migrations';

/** The habit engine's tables: members, identities, habits, logs, goals and API tokens. */
export class Migration20261122000000Initial extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "users" ("id" uuid not null, "name" varchar(100) not null, "timezone" varchar(64) not null default 'UTC', "day_start_hour" smallint not null default 0, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "users_pkey" primary key ("id"));`,
    );

    this.addSql(
      `create table "identities" ("id" uuid not null, "user_id" uuid not null, "platform" varchar(20) not null, "workspace" varchar(64) not null default '', "platform_user_id" varchar(64) not null, "display_name" varchar(100) null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "identities_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "identities_user_id_index" on "identities" ("user_id");`);
    this.addSql(
      `alter table "identities" add constraint "identities_platform_account_unique" unique ("platform", "workspace", "platform_user_id");`,
    );

    this.addSql(
      `create table "habits" ("id" uuid not null, "owner_id" uuid not null, "name" varchar(100) not null, "schedule" jsonb not null, "target" jsonb null, "difficulty" varchar(10) not null default 'medium', "priority" varchar(10) not null default 'medium', "status" varchar(10) not null default 'active', "paused_spans" jsonb not null, "start_date" date not null, "goal_contribution" double precision not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "habits_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "habits_owner_id_index" on "habits" ("owner_id");`);

    this.addSql(
      `create table "habit_logs" ("id" uuid not null, "habit_id" uuid not null, "date" date not null, "status" varchar(10) not null, "amount" double precision null, "note" text null, "source" varchar(20) not null default 'api', "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "habit_logs_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "habit_logs" add constraint "habit_logs_habit_id_date_unique" unique ("habit_id", "date");`,
    );

    this.addSql(
      `create table "goals" ("id" uuid not null, "owner_id" uuid not null, "parent_id" uuid null, "position" int not null default 0, "title" varchar(200) not null, "target" double precision not null, "unit" varchar(30) null, "start_date" date not null, "deadline" date null, "completed_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "goals_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "goals_owner_id_index" on "goals" ("owner_id");`);
    this.addSql(`create index "goals_parent_id_index" on "goals" ("parent_id");`);

    this.addSql(
      `create table "goal_habits" ("id" uuid not null, "goal_id" uuid not null, "habit_id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "goal_habits_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "goal_habits_habit_id_index" on "goal_habits" ("habit_id");`);
    this.addSql(
      `alter table "goal_habits" add constraint "goal_habits_goal_id_habit_id_unique" unique ("goal_id", "habit_id");`,
    );

    this.addSql(
      `create table "api_tokens" ("id" uuid not null, "user_id" uuid not null, "token_hash" varchar(64) not null, "prefix" varchar(16) not null, "last_used_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "api_tokens_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "api_tokens_user_id_index" on "api_tokens" ("user_id");`);
    this.addSql(
      `alter table "api_tokens" add constraint "api_tokens_token_hash_unique" unique ("token_hash");`,
    );

    this.addSql(
      `alter table "identities" add constraint "identities_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "habits" add constraint "habits_owner_id_foreign" foreign key ("owner_id") references "users" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "habit_logs" add constraint "habit_logs_habit_id_foreign" foreign key ("habit_id") references "habits" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "goals" add constraint "goals_owner_id_foreign" foreign key ("owner_id") references "users" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "goals" add constraint "goals_parent_id_foreign" foreign key ("parent_id") references "goals" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "goal_habits" add constraint "goal_habits_goal_id_foreign" foreign key ("goal_id") references "goals" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "goal_habits" add constraint "goal_habits_habit_id_foreign" foreign key ("habit_id") references "habits" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "api_tokens" add constraint "api_tokens_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "api_tokens" cascade;`);
    this.addSql(`drop table if exists "goal_habits" cascade;`);
    this.addSql(`drop table if exists "goals" cascade;`);
    this.addSql(`drop table if exists "habit_logs" cascade;`);
    this.addSql(`drop table if exists "habits" cascade;`);
    this.addSql(`drop table if exists "identities" cascade;`);
    this.addSql(`drop table if exists "users" cascade;`);
  }
}
