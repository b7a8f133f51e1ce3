import { Migration } from '@mikro-orm/migrations';

/**
 * Journal entries remember where they were written (`chat` or `api`): `PUT /me/journal` keeps one
 * API entry per member and local date (a partial unique index), so sending it twice is one entry.
 */
export class Migration20261129020000MentorsChat extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "journal_entries" add column "source" varchar(10) not null default 'chat';`);
    this.addSql(
      `create unique index "journal_entries_user_id_date_api_unique" on "journal_entries" ("user_id", "date") where "source" = 'api';`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "journal_entries_user_id_date_api_unique";`);
    this.addSql(`alter table "journal_entries" drop column "source";`);
  }
}
