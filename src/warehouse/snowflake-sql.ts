/**
 * The Snowflake warehouse's SQL (snowflake.ts runs it): the star schema of schema.ts in Snowflake
 * types, the MERGE and INSERT statements that take a table's rows as ONE JSON bind, and the
 * Snowflake half of the metric dialect.
 *
 * Identifiers are written quoted and upper case, which is what Snowflake stores unquoted names
 * as: analysts query `dim_users.name` without quotes, and the statements resolve the same whether
 * or not a session ignores the case of quoted identifiers (snowflake-session.ts turns that on, so
 * that metric SQL written for both dialects may quote its names in lower case).
 */
import type { WarehouseRow } from './port.js';
import {
  CALENDAR,
  DERIVED_TABLES,
  type Column,
  type ColumnType,
  type MetricDialect,
  type TableSpec,
} from './schema.js';

/** `name` as Snowflake stores an unquoted identifier, quoted. */
export function ident(name: string): string {
  return `"${name.toUpperCase().replace(/"/g, '""')}"`;
}

const SQL_TYPES: Record<ColumnType, string> = {
  id: 'varchar(36)',
  text: 'varchar',
  smallint: 'number(5, 0)',
  int: 'number(38, 0)',
  double: 'float',
  date: 'date',
  timestamp: 'timestamp_tz',
  json: 'variant',
  boolean: 'boolean',
};

/** A JSON array of ids bound to `?`, as a one-column derived table (`value`). */
export const IDS_IN = `(select value::string as value from table(flatten(input => parse_json(?))))`;

/** The Snowflake half of the metric statements (metrics.ts); `?` is the `asOf` instant. */
export const snowflakeDialect: MetricDialect = {
  localDate: (timezone, dayStartHour) =>
    `to_date(dateadd(hour, -(${dayStartHour}), convert_timezone(${timezone}, ?::timestamp_tz)))`,
  idsIn: () => IDS_IN,
  createTemp: (name, query) => `create or replace temporary table ${name} as ${query}`,
};

/** `create table if not exists` for a table of schema.ts. */
export function createTable(table: string, spec: Pick<TableSpec, 'columns' | 'key'>): string {
  const columns = spec.columns.map(
    ([name, type, nullable]) => `${ident(name)} ${SQL_TYPES[type]}${nullable ? '' : ' not null'}`,
  );
  return `create table if not exists ${table} (${columns.join(', ')}, primary key (${spec.key.map(ident).join(', ')}))`;
}

/** The bookkeeping row: where the sync stands, its last run and error, and the schema's version. */
export function createSyncState(table: string): string {
  return `create table if not exists ${table} ("ID" number(1, 0) not null, "POSITION" number(38, 0), "LAST_RUN_AT" timestamp_tz, "LAST_ROWS" number(38, 0) not null default 0, "LAST_ERROR" varchar, "LAST_ERROR_AT" timestamp_tz, "SCHEMA_VERSION" number(38, 0), primary key ("ID"))`;
}

/** One JSON value of the bound array read as a column of its type (a JSON null reads as NULL). */
function cast([name, type]: Column): string {
  const value = `value['${name}']`;
  switch (type) {
    case 'json':
      return `${value} as ${ident(name)}`;
    case 'timestamp':
      return `${value}::varchar::timestamp_tz as ${ident(name)}`;
    default:
      return `${value}::${SQL_TYPES[type]} as ${ident(name)}`;
  }
}

/** The bound JSON array of rows as a derived table with the table's columns and types. */
function rowsOf(spec: TableSpec): string {
  return `select ${spec.columns.map(cast).join(', ')} from table(flatten(input => parse_json(?)))`;
}

/** Inserts the rows of one JSON bind, or replaces those whose key is already there. */
export function mergeRows(table: string, spec: TableSpec): string {
  const names = spec.columns.map(([name]) => name);
  const rest = names.filter((name) => !spec.key.includes(name));
  const on = spec.key.map((name) => `t.${ident(name)} = s.${ident(name)}`).join(' and ');
  const update =
    rest.length === 0
      ? ''
      : ` when matched then update set ${rest.map((name) => `t.${ident(name)} = s.${ident(name)}`).join(', ')}`;
  return (
    `merge into ${table} t using (${rowsOf(spec)}) s on ${on}${update}` +
    ` when not matched then insert (${names.map(ident).join(', ')}) values (${names.map((name) => `s.${ident(name)}`).join(', ')})`
  );
}

/** Inserts the rows of one JSON bind (a habit's child rows, replaced whole). */
export function insertRows(table: string, spec: TableSpec): string {
  return `insert into ${table} (${spec.columns.map(([name]) => ident(name)).join(', ')}) ${rowsOf(spec)}`;
}

/** Days since 1970-01-01, as src/domain/dates.ts counts them (schema.ts). */
function dayNumber(date: string): string {
  return `datediff(day, '1970-01-01'::date, ${date})`;
}

/** Days from CALENDAR.from to CALENDAR.to, both included. */
export const CALENDAR_DAYS =
  (Date.parse(`${CALENDAR.to}T00:00:00Z`) - Date.parse(`${CALENDAR.from}T00:00:00Z`)) / 86_400_000 + 1;

/**
 * Fills dim_dates over CALENDAR in one statement. GENERATOR's seq4() may skip numbers, so the
 * days are counted by row_number(); weeks start on Monday whatever the session's WEEK_START.
 */
export function fillCalendar(table: string): string {
  const spec = DERIVED_TABLES.dim_dates!;
  return (
    `insert into ${table} (${spec.columns.map(([name]) => ident(name)).join(', ')})` +
    ` select ${dayNumber('d')}, d, dayofweekiso(d), ${dayNumber('d')} - dayofweekiso(d) + 1,` +
    ` ${dayNumber(`date_trunc('month', d)`)}, ${dayNumber('last_day(d)')}` +
    ` from (select dateadd(day, row_number() over (order by seq4()) - 1, '${CALENDAR.from}'::date) as d` +
    ` from table(generator(rowcount => ${CALENDAR_DAYS})))`
  );
}

/**
 * Each active mentorship with the mentee's latest metrics, riskiest first (as the PostgreSQL
 * warehouse's view). `t` qualifies a table name.
 */
export function mentorDashboard(t: (name: string) => string): string {
  return `create or replace view ${t('mentor_dashboard')} as
    select ms."MENTOR_ID", mentor."NAME" as "MENTOR_NAME", ms."MENTEE_ID", mentee."NAME" as "MENTEE_NAME",
      r."LEVEL" as "RISK_LEVEL", r."SCORE" as "RISK_SCORE", r."MISSES_3", r."MISSES_7",
      a."ADHERENCE_7", a."ADHERENCE_30", a."ADHERENCE_90",
      s."BEST_CURRENT_STREAK", c."LAST_CHECKIN"
    from ${t('dim_mentorships')} ms
    join ${t('dim_users')} mentor on mentor."ID" = ms."MENTOR_ID"
    join ${t('dim_users')} mentee on mentee."ID" = ms."MENTEE_ID"
    left join ${t('metrics_risk')} r on r."USER_ID" = ms."MENTEE_ID"
    left join (select * from ${t('metrics_adherence')} qualify row_number() over (partition by "USER_ID" order by "DATE" desc) = 1) a
      on a."USER_ID" = ms."MENTEE_ID"
    left join (select "USER_ID", max("CURRENT_STREAK") as "BEST_CURRENT_STREAK" from ${t('metrics_streak')} group by "USER_ID") s
      on s."USER_ID" = ms."MENTEE_ID"
    left join (select "USER_ID", max("LOCAL_DATE") as "LAST_CHECKIN" from ${t('fact_checkins')} group by "USER_ID") c
      on c."USER_ID" = ms."MENTEE_ID"
    where ms."STATUS" = 'active'
    order by r."SCORE" desc nulls last, mentee."NAME"`;
}

/**
 * Well under Snowflake's 16 MB limit on a string or VARIANT value: each bind is one JSON array,
 * parsed server-side into a VARIANT.
 */
export const MAX_BIND_BYTES = 4 * 1024 * 1024;
/** Rows per bind, however small they are, so no statement runs for long. */
export const MAX_BIND_ROWS = 5000;

/**
 * Values as JSON arrays (bind strings), each under MAX_BIND_BYTES and MAX_BIND_ROWS. Instants
 * are written `2026-11-20T12:00:00.000+00:00`, a form Snowflake's AUTO format reads as TIMESTAMP_TZ.
 */
export function jsonChunks(values: readonly unknown[]): string[] {
  const chunks: string[] = [];
  let parts: string[] = [];
  let bytes = 2;
  for (const value of values) {
    const json = JSON.stringify(value, instants);
    const size = Buffer.byteLength(json) + 1;
    if (parts.length > 0 && (bytes + size > MAX_BIND_BYTES || parts.length >= MAX_BIND_ROWS)) {
      chunks.push(`[${parts.join(',')}]`);
      parts = [];
      bytes = 2;
    }
    parts.push(json);
    bytes += size;
  }
  if (parts.length > 0) chunks.push(`[${parts.join(',')}]`);
  return chunks;
}

function instants(this: unknown, key: string, value: unknown): unknown {
  const raw = (this as Record<string, unknown>)[key];
  return raw instanceof Date ? instant(raw) : value;
}

/** An instant as Snowflake's AUTO format reads it for TIMESTAMP_TZ, in UTC. */
export function instant(at: Date): string {
  return at.toISOString().replace(/Z$/, '+00:00');
}

/** The rows with one row per key, the last one winning (a MERGE refuses two sources for one row). */
export function lastPerKey(rows: readonly WarehouseRow[], spec: TableSpec): WarehouseRow[] {
  const byKey = new Map<string, WarehouseRow>();
  for (const row of rows) byKey.set(JSON.stringify(spec.key.map((name) => row[name])), row);
  return [...byKey.values()];
}
