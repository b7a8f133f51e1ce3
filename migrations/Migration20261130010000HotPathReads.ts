import { Migration } from '@mikro-orm/migrations';

/**
 * Two costs of logging a habit, found in the chat benchmark (issue 16):
 * - A first log of the day reads the habit's history for its streak. A habit's logs are written a
 *   day apart, so each sits in a different heap page: 180 days cost 180 page visits. The unique
 *   (habit, date) index now carries status and amount, so the history is an index-only scan.
 * - `update of <columns>` triggers fire whenever a column is in the SET list, changed or not, and
 *   every log sets habits.start_date (to the earlier of it and the day). The capture of users and
 *   habits updates now fires only when a captured column changed, so a log no longer appends a
 *   habits row to warehouse_changes (nor makes the sync read that habit again).
 */
// The captured columns as Migration20261130000000WarehouseChanges names them, repeated rather than
// imported: a migration must keep doing what it did on its day, whatever later code changes.
const CAPTURED_UPDATES = [
  { table: 'users', columns: ['name', 'timezone', 'day_start_hour', 'created_at'] },
  {
    table: 'habits',
    columns: [
      'owner_id',
      'name',
      'schedule',
      'target',
      'status',
      'paused_spans',
      'start_date',
      'rule_history',
    ],
  },
];

const row = (prefix: string, columns: string[]) =>
  `row(${columns.map((c) => `${prefix}."${c}"`).join(', ')})`;

export class Migration20261130010000HotPathReads extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "habit_logs" drop constraint "habit_logs_habit_id_date_unique";`);
    this.addSql(
      `alter table "habit_logs" add constraint "habit_logs_habit_id_date_unique" unique ("habit_id", "date") include ("status", "amount");`,
    );
    for (const { table, columns } of CAPTURED_UPDATES) {
      const list = columns.map((c) => `"${c}"`).join(', ');
      this.addSql(`drop trigger "${table}_warehouse_capture" on "${table}";`);
      this.addSql(
        `create trigger "${table}_warehouse_capture" after insert or delete on "${table}" for each row execute function "warehouse_capture"();`,
      );
      this.addSql(
        `create trigger "${table}_warehouse_capture_update" after update of ${list} on "${table}" for each row when (${row('old', columns)} is distinct from ${row('new', columns)}) execute function "warehouse_capture"();`,
      );
    }
  }

  override async down(): Promise<void> {
    for (const { table, columns } of CAPTURED_UPDATES) {
      const list = columns.map((c) => `"${c}"`).join(', ');
      this.addSql(`drop trigger "${table}_warehouse_capture_update" on "${table}";`);
      this.addSql(`drop trigger "${table}_warehouse_capture" on "${table}";`);
      this.addSql(
        `create trigger "${table}_warehouse_capture" after insert or update of ${list} or delete on "${table}" for each row execute function "warehouse_capture"();`,
      );
    }
    this.addSql(`alter table "habit_logs" drop constraint "habit_logs_habit_id_date_unique";`);
    this.addSql(
      `alter table "habit_logs" add constraint "habit_logs_habit_id_date_unique" unique ("habit_id", "date");`,
    );
  }
}
