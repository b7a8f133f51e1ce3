import { Migration } from '@mikro-orm/migrations';

/**
 * Each habit keeps the schedules and targets it had before an edit, with the last day each was in
 * force, so every day is judged by the rules of that day and an edit never rewrites the past.
 */
export class Migration20261128040000HabitRules extends Migration {
  override async up(): Promise<void> {
    // Existing habits have no past rules; new rows always get a value from the entity.
    this.addSql(`alter table "habits" add column "rule_history" jsonb not null default '[]';`);
    this.addSql(`alter table "habits" alter column "rule_history" drop default;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "habits" drop column "rule_history";`);
  }
}
