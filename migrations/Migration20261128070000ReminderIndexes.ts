import { Migration } from '@mikro-orm/migrations';

/**
 * Indexes for the reminder scan (src/store/repositories/reminders.ts), over only the rows that have
 * a reminder: members by zone and reminder minute (each zone's firing window is one range read),
 * and habits by reminder minute.
 */
export class Migration20261128070000ReminderIndexes extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create index "users_reminder_minute_index" on "users" ("timezone", "reminder_minute") where "reminder_minute" is not null;`,
    );
    this.addSql(
      `create index "habits_reminder_minute_index" on "habits" ("reminder_minute") where "reminder_minute" is not null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "habits_reminder_minute_index";`);
    this.addSql(`drop index "users_reminder_minute_index";`);
  }
}
