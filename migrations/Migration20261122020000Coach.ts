import { Migration } from '@mikro-orm/migrations';

/** The coach: every conversation step kept for audit, and goal plans awaiting confirmation. */
export class Migration20261122020000Coach extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "coach_turns" ("id" uuid not null, "user_id" uuid not null, "role" varchar(10) not null, "content" text not null, "tool" varchar(40) null, "tool_args" jsonb null, "tool_result" jsonb null, "tokens" int not null default 0, "engine" varchar(20) not null default 'offline', "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "coach_turns_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "coach_turns_user_id_created_at_index" on "coach_turns" ("user_id", "created_at");`,
    );

    this.addSql(
      `create table "coach_plans" ("id" uuid not null, "user_id" uuid not null, "plan" jsonb not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "coach_plans_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "coach_plans_user_id_index" on "coach_plans" ("user_id");`);

    this.addSql(
      `alter table "coach_turns" add constraint "coach_turns_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "coach_plans" add constraint "coach_plans_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "coach_turns" cascade;`);

    this.addSql(`drop table if exists "coach_plans" cascade;`);
  }
}
