import { Migration } from '@mikro-orm/migrations';

/** The chat core: buttons kept server-side, handled platform events, one-time link codes. */
export class Migration20261122010000ChatCore extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "handled_events" ("id" uuid not null, "platform" varchar(20) not null, "event_id" varchar(200) not null, "reply" jsonb null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "handled_events_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "handled_events" add constraint "handled_events_platform_event_id_unique" unique ("platform", "event_id");`,
    );

    this.addSql(
      `create table "link_codes" ("code_hash" varchar(64) not null, "user_id" uuid not null, "expires_at" timestamptz not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "link_codes_pkey" primary key ("code_hash"));`,
    );
    this.addSql(`create index "link_codes_user_id_index" on "link_codes" ("user_id");`);

    this.addSql(
      `create table "chat_actions" ("id" varchar(16) not null, "owner_id" uuid not null, "command" text not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "chat_actions_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "chat_actions_owner_id_index" on "chat_actions" ("owner_id");`);

    this.addSql(
      `alter table "link_codes" add constraint "link_codes_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "chat_actions" add constraint "chat_actions_owner_id_foreign" foreign key ("owner_id") references "users" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "handled_events" cascade;`);

    this.addSql(`drop table if exists "link_codes" cascade;`);

    this.addSql(`drop table if exists "chat_actions" cascade;`);
  }
}
