import { Migration } from '@mikro-orm/migrations';

/**
 * Groups (issue 13): a chat channel made a Stride group, the members who joined it, and buttons
 * without an owner (a weekly review's "My week", pressed by anyone in the channel as themselves).
 */
export class Migration20261129000000Groups extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "groups" (
      "id" uuid not null,
      "platform" varchar(20) not null,
      "workspace" varchar(100) not null default '',
      "channel_id" varchar(100) not null,
      "name" varchar(100) null,
      "review_weekday" smallint not null,
      "review_minute" smallint not null,
      "timezone" varchar(64) not null,
      "review_enabled" boolean not null default true,
      "last_review_week" varchar(10) null,
      "review_from" timestamptz not null,
      "created_by_id" uuid null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null,
      constraint "groups_pkey" primary key ("id"));`);
    this.addSql(`create index "groups_created_by_id_index" on "groups" ("created_by_id");`);
    this.addSql(
      `alter table "groups" add constraint "groups_platform_workspace_channel_unique" unique ("platform", "workspace", "channel_id");`,
    );
    this.addSql(
      `alter table "groups" add constraint "groups_created_by_id_foreign" foreign key ("created_by_id") references "users" ("id") on update cascade on delete set null;`,
    );
    this.addSql(`create table "group_memberships" (
      "id" uuid not null,
      "group_id" uuid not null,
      "user_id" uuid not null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null,
      constraint "group_memberships_pkey" primary key ("id"));`);
    this.addSql(`create index "group_memberships_user_id_index" on "group_memberships" ("user_id");`);
    this.addSql(
      `alter table "group_memberships" add constraint "group_memberships_group_id_user_id_unique" unique ("group_id", "user_id");`,
    );
    this.addSql(
      `alter table "group_memberships" add constraint "group_memberships_group_id_foreign" foreign key ("group_id") references "groups" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "group_memberships" add constraint "group_memberships_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(`alter table "chat_actions" alter column "owner_id" drop not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`delete from "chat_actions" where "owner_id" is null;`);
    this.addSql(`alter table "chat_actions" alter column "owner_id" set not null;`);
    this.addSql(`drop table if exists "group_memberships" cascade;`);
    this.addSql(`drop table if exists "groups" cascade;`);
  }
}
