/**
 * The warehouse's star schema, one description for every implementation (postgres.ts,
 * snowflake.ts): each turns the abstract column types into its own and writes its own DDL. The
 * README's Warehouse section documents the tables for analysts; keep the two in step.
 *
 * Names are lowercase and never reserved words (Snowflake reads unquoted names in upper case, and
 * reserves CURRENT), so the same SQL text reads every table in both dialects.
 *
 * Dates the metrics compare are also kept as day numbers (days since 1970-01-01, as
 * src/domain/dates.ts counts them), so the metric SQL (metrics.ts) does integer arithmetic that
 * reads the same in every SQL dialect; `dim_dates` turns them back into calendar dates, weekdays,
 * weeks and months.
 */
import type { WarehouseBatch, WarehouseTable } from './port.js';

export type ColumnType =
  'id' | 'text' | 'smallint' | 'int' | 'double' | 'date' | 'timestamp' | 'json' | 'boolean';

/** A column: name, type, and whether it may be null. */
export type Column = readonly [name: string, type: ColumnType, nullable?: 'null'];

export interface TableSpec {
  /** Every column, the key's first. */
  columns: readonly Column[];
  key: readonly string[];
  /** The column naming the member a row belongs to (their metrics follow its changes). */
  member: string;
  /**
   * Set for a habit's child rows (its rules over time, its pauses): they have no identity of their
   * own, so the rows of a habit are replaced whole whenever the habit is written or deleted.
   */
  childOf?: 'dim_habits';
  /**
   * The column naming the habit whose metrics a row feeds: writing or deleting the row has that
   * habit's tallies (metrics_habit) recomputed.
   */
  habit?: string;
}

export const TABLES: Record<WarehouseTable, TableSpec> = {
  dim_users: {
    key: ['id'],
    member: 'id',
    columns: [
      ['id', 'id'],
      ['name', 'text'],
      ['timezone', 'text'],
      ['day_start_hour', 'smallint'],
      ['created_at', 'timestamp'],
    ],
  },
  dim_habits: {
    key: ['id'],
    member: 'user_id',
    habit: 'id',
    columns: [
      ['id', 'id'],
      ['user_id', 'id'],
      ['name', 'text'],
      ['schedule_kind', 'text'],
      ['schedule', 'json'],
      ['target_amount', 'double', 'null'],
      ['target_unit', 'text', 'null'],
      ['target_direction', 'text', 'null'],
      ['status', 'text'],
      ['start_date', 'date'],
      ['start_day', 'int'],
      ['paused_spans', 'json'],
      ['rule_history', 'json'],
      ['created_at', 'timestamp'],
    ],
  },
  /**
   * A habit's rules over time, one row per span judged by one schedule and target (an edit never
   * rewrites the past): days from `from_day` (the span's first day, never before the habit's start;
   * every-N-days counts from it) through `to_day` (null: still in force).
   */
  dim_habit_rules: {
    key: ['habit_id', 'from_day'],
    member: 'user_id',
    childOf: 'dim_habits',
    habit: 'habit_id',
    columns: [
      ['habit_id', 'id'],
      ['from_day', 'int'],
      ['user_id', 'id'],
      ['to_day', 'int', 'null'],
      ['schedule_kind', 'text'],
      /** Seven '1'/'0' characters, Monday first, for `weekdays` schedules. */
      ['weekdays', 'text', 'null'],
      ['every_n', 'int', 'null'],
      ['times', 'int', 'null'],
      ['period', 'text', 'null'],
      ['target_amount', 'double', 'null'],
      ['target_direction', 'text', 'null'],
    ],
  },
  /** A habit's paused spans: both ends inclusive, `to_day` null while still paused. */
  dim_habit_pauses: {
    key: ['habit_id', 'from_day'],
    member: 'user_id',
    childOf: 'dim_habits',
    habit: 'habit_id',
    columns: [
      ['habit_id', 'id'],
      ['from_day', 'int'],
      ['user_id', 'id'],
      ['to_day', 'int', 'null'],
    ],
  },
  dim_goals: {
    key: ['id'],
    member: 'user_id',
    columns: [
      ['id', 'id'],
      ['user_id', 'id'],
      ['parent_id', 'id', 'null'],
      ['title', 'text'],
      ['target', 'double'],
      ['unit', 'text', 'null'],
      ['start_date', 'date'],
      ['deadline', 'date', 'null'],
      ['completed_at', 'timestamp', 'null'],
      ['created_at', 'timestamp'],
    ],
  },
  dim_mentorships: {
    key: ['id'],
    member: 'mentee_id',
    columns: [
      ['id', 'id'],
      ['mentor_id', 'id'],
      ['mentee_id', 'id'],
      ['status', 'text'],
      ['accepted_at', 'timestamp', 'null'],
    ],
  },
  fact_checkins: {
    key: ['id'],
    member: 'user_id',
    habit: 'habit_id',
    columns: [
      ['id', 'id'],
      ['habit_id', 'id'],
      ['user_id', 'id'],
      ['local_date', 'date'],
      ['day', 'int'],
      ['status', 'text'],
      ['amount', 'double', 'null'],
      ['source', 'text'],
      ['logged_at', 'timestamp'],
      ['updated_at', 'timestamp'],
    ],
  },
  // Journal text stays in Stride: the warehouse keeps mood and sentiment, not what was written.
  fact_journal_entries: {
    key: ['id'],
    member: 'user_id',
    columns: [
      ['id', 'id'],
      ['user_id', 'id'],
      ['local_date', 'date'],
      ['mood', 'smallint', 'null'],
      ['sentiment', 'double'],
      ['source', 'text'],
      ['private', 'boolean'],
      ['created_at', 'timestamp'],
      ['updated_at', 'timestamp'],
    ],
  },
};

/** The tables the sync fills, parents before their children. */
export const SYNCED_TABLES = Object.keys(TABLES) as WarehouseTable[];

/**
 * The habits whose metric inputs a batch writes: those its rows name (TableSpec `habit`) and
 * those it deletes. A deleted check-in names its habit only in the warehouse, so each
 * implementation adds those as it deletes them.
 */
export function habitsWritten(batch: WarehouseBatch): Set<string> {
  const habits = new Set(batch.deletes.dim_habits ?? []);
  for (const table of SYNCED_TABLES) {
    const column = TABLES[table].habit;
    if (column) for (const row of batch.upserts[table] ?? []) habits.add(String(row[column]));
  }
  return habits;
}

/** Tables the warehouse computes itself: the calendar and the metrics. */
export const DERIVED_TABLES: Record<string, Pick<TableSpec, 'columns' | 'key'>> = {
  dim_dates: {
    key: ['day_number'],
    columns: [
      ['day_number', 'int'],
      ['date', 'date'],
      ['iso_weekday', 'smallint'],
      ['week_first', 'int'],
      ['month_first', 'int'],
      ['month_last', 'int'],
    ],
  },
  /** One row per member and local date the metrics were computed on: a history of adherence. */
  metrics_adherence: {
    key: ['user_id', 'date'],
    columns: [
      ['user_id', 'id'],
      ['date', 'date'],
      ['adherence_7', 'double', 'null'],
      ['adherence_30', 'double', 'null'],
      ['adherence_90', 'double', 'null'],
    ],
  },
  metrics_streak: {
    key: ['user_id', 'habit_id'],
    columns: [
      ['user_id', 'id'],
      ['habit_id', 'id'],
      ['current_streak', 'int'],
      ['longest_streak', 'int'],
      ['unit', 'text'],
      ['last_completion', 'date', 'null'],
    ],
  },
  /**
   * One row per habit: what its member's adherence and risk pool from it, as of the member's local
   * today (`today`, a day number), and its last check-in. A sync recomputes a habit only when a
   * batch writes its facts (and deletes this row) or its member's day has turned; the member's
   * other habits are read from here.
   */
  metrics_habit: {
    key: ['habit_id'],
    columns: [
      ['habit_id', 'id'],
      ['user_id', 'id'],
      ['today', 'int'],
      ['active', 'smallint'],
      ['began', 'smallint'],
      ['expected_7', 'double'],
      ['credited_7', 'double'],
      ['expected_30', 'double'],
      ['credited_30', 'double'],
      ['expected_90', 'double'],
      ['credited_90', 'double'],
      ['due_3', 'int'],
      ['misses_3', 'int'],
      ['due_7', 'int'],
      ['misses_7', 'int'],
      ['last_log', 'int', 'null'],
    ],
  },
  metrics_risk: {
    key: ['user_id'],
    columns: [
      ['user_id', 'id'],
      ['date', 'date'],
      ['level', 'text'],
      ['score', 'double'],
      ['misses_3', 'int'],
      ['misses_7', 'int'],
      ['days_since_last_log', 'int', 'null'],
    ],
  },
};

/** The metric tables: a member's rows, cleared when the member is forgotten. */
export const METRIC_TABLES = [
  'metrics_adherence',
  'metrics_streak',
  'metrics_habit',
  'metrics_risk',
] as const;

/** The calendar's span: wider than any date a habit or log can carry. */
export const CALENDAR = { from: '1990-01-01', to: '2100-12-31' } as const;

/**
 * Bumped whenever a table's shape changes: a warehouse built by another version is dropped and
 * rebuilt from the operational database (it holds nothing that is not derived from it).
 */
export const SCHEMA_VERSION = 3;

/** The member's share of a SQL dialect the metric statements need (metrics.ts). */
export interface MetricDialect {
  /** The member's local date as of the timestamp bound to `?` (the day starts at `dayStartHour`). */
  localDate(timezone: string, dayStartHour: string): string;
  /** A one-column derived table (`value`) of the ids in the JSON array bound to `?`. */
  idsIn(): string;
  /** Creates a temporary table from a query, dropped when the transaction or session ends. */
  createTemp(name: string, query: string): string;
  /**
   * A statement that gathers a fresh temporary table's statistics, for a planner that would
   * otherwise guess its size (PostgreSQL); absent where the engine needs none.
   */
  analyze?(name: string): string;
}
