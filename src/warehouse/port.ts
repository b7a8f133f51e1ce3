/**
 * The warehouse port (issue 15): where src/warehouse/sync.ts puts members' habit data for
 * analytics. PostgreSQL (postgres.ts) is the default; Snowflake implements the same port.
 * The sync reads the operational database and hands each batch over whole; an implementation
 * applies it, recomputes the touched members' metrics and records the position in one transaction,
 * so a run killed halfway resumes from the last batch it committed.
 */

/** A dimension or fact table the sync fills (schema.ts describes each). */
export type WarehouseTable =
  | 'dim_users'
  | 'dim_habits'
  | 'dim_habit_rules'
  | 'dim_habit_pauses'
  | 'dim_goals'
  | 'dim_mentorships'
  | 'fact_checkins'
  | 'fact_journal_entries';

/** A row as read from the operational database (JSON values: dates, numbers, objects). */
export type WarehouseRow = Record<string, unknown>;

export interface WarehouseBatch {
  /** Rows to insert or replace, by table. */
  upserts: Partial<Record<WarehouseTable, WarehouseRow[]>>;
  /**
   * Ids that no longer exist in the operational database, by table. A habit's child rows
   * (schema.ts `childOf`) are replaced with their habit: never listed here, always sent whole.
   */
  deletes: Partial<Record<WarehouseTable, string[]>>;
  /** Members whose metrics must be recomputed besides those the rows name. */
  members: string[];
}

export interface SyncState {
  /** The last change position applied; null when a full rebuild is due (never synced, or `--full` cut short). */
  position: string | null;
  lastRunAt: Date | null;
  /** Rows moved by the last successful run. */
  lastRows: number;
  lastError: string | null;
  lastErrorAt: Date | null;
}

export interface Warehouse {
  readonly kind: 'postgres' | 'snowflake';
  /** Creates or migrates the schema (idempotent). */
  prepare(): Promise<void>;
  state(): Promise<SyncState>;
  /** Empties every table and marks a full rebuild as due (position null). */
  reset(): Promise<void>;
  /**
   * Applies a batch, recomputes the metrics of the members it touches as of `asOf` and commits
   * `position`, in one transaction. Without a position (a full rebuild's batches) it only applies
   * the rows: finishFull computes every member's metrics at the end.
   */
  apply(batch: WarehouseBatch, asOf: Date, position?: string): Promise<void>;
  /**
   * Present when the warehouse lives in Stride's own database: a full rebuild then copies a table
   * with one INSERT … SELECT from `query` (the operational rows, in the table's columns), inside
   * PostgreSQL, instead of through the process in batches. Returns the rows copied.
   */
  copyWithin?(table: WarehouseTable, query: string): Promise<number>;
  /** Recomputes every member's metrics and commits `position` (the end of a full rebuild). */
  finishFull(asOf: Date, position: string): Promise<void>;
  /** Recomputes the metrics of members whose rows are not yet as of today (a new day, no changes). */
  refreshStale(asOf: Date): Promise<number>;
  recordRun(rows: number, at: Date): Promise<void>;
  recordError(message: string, at: Date): Promise<void>;
  close(): Promise<void>;
}
