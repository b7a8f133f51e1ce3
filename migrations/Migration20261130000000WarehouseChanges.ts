import { Migration } from '@mikro-orm/migrations';

/**
 * Change capture for the warehouse (issue 15): triggers on the synced tables append one row per
 * insert, update and delete to `warehouse_changes`, in the same transaction as the write, so the
 * sync (src/warehouse/sync.ts) misses nothing to clock skew. A row names what changed, not how:
 * the sync reads the row's current state (or its absence) when it merges.
 *
 * `id` is the position. Sequence values are handed out before commit, so a later position can
 * commit first; each trigger takes a shared advisory lock, and the sync takes it exclusively for
 * an instant to read a bound below which every position has committed (see changeBound).
 * Updates of scan-state columns only (users.last_logged_on, habits.last_done_on…) are not captured:
 * the warehouse does not keep them, and they change with nearly every log.
 */
export const WAREHOUSE_LOCK = 0x5354_5244; // 'STRD': the advisory lock writers share with the sync.

const TABLES = [
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
  { table: 'goals', columns: [] },
  { table: 'habit_logs', columns: [] },
  { table: 'journal_entries', columns: [] },
  { table: 'mentorships', columns: [] },
];

export class Migration20261130000000WarehouseChanges extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "warehouse_changes" ("id" bigserial not null, "table_name" varchar(40) not null, "row_id" uuid not null, "op" varchar(6) not null, "changed_at" timestamptz not null default now(), constraint "warehouse_changes_pkey" primary key ("id"));`,
    );
    this.addSql(`create or replace function "warehouse_capture"() returns trigger language plpgsql as $$
begin
  perform pg_advisory_xact_lock_shared(${WAREHOUSE_LOCK});
  if tg_op = 'DELETE' then
    insert into warehouse_changes (table_name, row_id, op) values (tg_table_name, old.id, 'delete');
    return old;
  end if;
  insert into warehouse_changes (table_name, row_id, op) values (tg_table_name, new.id, lower(tg_op));
  return new;
end;
$$;`);
    for (const { table, columns } of TABLES) {
      const update = columns.length > 0 ? `update of ${columns.map((c) => `"${c}"`).join(', ')}` : 'update';
      this.addSql(
        `create trigger "${table}_warehouse_capture" after insert or ${update} or delete on "${table}" for each row execute function "warehouse_capture"();`,
      );
    }
  }

  override async down(): Promise<void> {
    for (const { table } of TABLES)
      this.addSql(`drop trigger if exists "${table}_warehouse_capture" on "${table}";`);
    this.addSql(`drop function if exists "warehouse_capture"();`);
    this.addSql(`drop table if exists "warehouse_changes";`);
  }
}
