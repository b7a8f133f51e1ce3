import { Migration } from '@mikro-orm/migrations';

/**
 * A handled event belongs to the member whose delivery it was, so forget-me erases it with them
 * (the foreign key cascades, as every table's does), and stored replies keep no secrets.
 */
export class Migration20261128060000HandledEventOwner extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "handled_events" add column "user_id" uuid null;`);
    this.addSql(
      `alter table "handled_events" add constraint "handled_events_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(`create index "handled_events_user_id_index" on "handled_events" ("user_id");`);
    // Events handled before get the member their sender is now; a sender already forgotten has none.
    this.addSql(
      `update "handled_events" h set "user_id" = i."user_id" from "identities" i where i."platform" = h."platform" and i."workspace" = h."workspace" and i."platform_user_id" = h."sender";`,
    );
    // Replies stored before kept API tokens, link codes and export files verbatim: a repeat of
    // those deliveries now gets a stand-in instead, as it would from now on.
    this.addSql(
      `update "handled_events" set "reply" = jsonb_build_object('text', 'Already answered above; for safety that answer is not shown again.', 'ephemeral', true) where "reply" -> 'file' is not null or "reply"->>'text' like '🔑 Your API token:%' or "reply"->>'text' like '🔗 Your code is %';`,
    );
  }

  override async down(): Promise<void> {
    // The replies replaced by stand-ins stay replaced: the secrets are gone for good.
    this.addSql(`alter table "handled_events" drop column "user_id";`);
  }
}
