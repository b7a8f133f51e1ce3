import { Migration } from '@mikro-orm/migrations';

/**
 * Chat safety: buttons expire (30 days) and confirmations work once; a repeated delivery is known
 * by platform, workspace, sender and event id, so one sender's event id never finds another's reply.
 */
export class Migration20261128030000ChatSafety extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "chat_actions" add column "expires_at" timestamptz null, add column "single_use" boolean not null default false, add column "used_at" timestamptz null;`,
    );
    // Buttons shown before this migration get the same 30 days from when they were shown.
    this.addSql(`update "chat_actions" set "expires_at" = "created_at" + interval '30 days';`);
    this.addSql(`alter table "chat_actions" alter column "expires_at" set not null;`);
    // Confirmations shown before this migration are single use too (the hidden commands of the catalog).
    this.addSql(
      `update "chat_actions" set "single_use" = true where "command" like 'habit delete-confirmed %' or "command" like 'goal delete-confirmed %' or "command" like 'coach plan-confirm %' or "command" = 'forget-me confirmed';`,
    );

    this.addSql(`alter table "handled_events" drop constraint "handled_events_platform_event_id_unique";`);
    // Rows from before only guard retries already past; they keep an empty workspace and sender.
    this.addSql(
      `alter table "handled_events" add column "workspace" varchar(64) not null default '', add column "sender" varchar(64) not null default '';`,
    );
    this.addSql(
      `alter table "handled_events" alter column "workspace" drop default, alter column "sender" drop default;`,
    );
    this.addSql(
      `alter table "handled_events" add constraint "handled_events_platform_workspace_sender_event_id_unique" unique ("platform", "workspace", "sender", "event_id");`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(
      `alter table "handled_events" drop constraint "handled_events_platform_workspace_sender_event_id_unique";`,
    );
    // The old key is narrower: keep the first of any rows that now collide.
    this.addSql(
      `delete from "handled_events" a using "handled_events" b where a."platform" = b."platform" and a."event_id" = b."event_id" and (a."created_at", a."id") > (b."created_at", b."id");`,
    );
    this.addSql(`alter table "handled_events" drop column "workspace", drop column "sender";`);
    this.addSql(
      `alter table "handled_events" add constraint "handled_events_platform_event_id_unique" unique ("platform", "event_id");`,
    );

    this.addSql(
      `alter table "chat_actions" drop column "expires_at", drop column "single_use", drop column "used_at";`,
    );
  }
}
