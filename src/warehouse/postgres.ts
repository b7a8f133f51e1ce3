/**
 * The PostgreSQL warehouse: the star schema of schema.ts (`analytics` by default) in Stride's own
 * database or in ANALYTICS_DATABASE_URL's. Batches arrive as one JSON parameter per table
 * (jsonb_populate_recordset), so no batch comes near the driver's 65,535 bind limit, and metrics
 * are recomputed set-based in SQL (metrics.ts) for the touched members only.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { metricStatements } from './metrics.js';
import type { SyncState, Warehouse, WarehouseBatch, WarehouseTable } from './port.js';
import {
  CALENDAR,
  DERIVED_TABLES,
  METRIC_TABLES,
  SCHEMA_VERSION,
  SYNCED_TABLES,
  TABLES,
  habitsWritten,
  type ColumnType,
  type MetricDialect,
  type TableSpec,
} from './schema.js';

const TYPES: Record<ColumnType, string> = {
  id: 'uuid',
  text: 'text',
  smallint: 'smallint',
  int: 'integer',
  double: 'double precision',
  date: 'date',
  timestamp: 'timestamptz',
  json: 'jsonb',
  boolean: 'boolean',
};

const DIALECT: MetricDialect = {
  localDate: (timezone, hour) =>
    `((?::timestamptz at time zone ${timezone}) - make_interval(hours => ${hour}))::date`,
  idsIn: () => `(select value::uuid from jsonb_array_elements_text(?::jsonb))`,
  createTemp: (name, query) => `create temp table ${name} on commit drop as ${query}`,
  analyze: (name) => `analyze ${name}`,
};

/**
 * `column` is one of the ids in the JSON array bound to `?`. An array rather than IN (subquery):
 * the planner then reckons with ten ids, not a hundred, and finds a batch's few rows by index
 * instead of scanning the table.
 */
const isAnyOf = (column: string) => `${column} = any(array${DIALECT.idsIn()})`;

/** Every table the warehouse owns, dropped when its schema version changes. */
const ALL_TABLES = [...SYNCED_TABLES, ...Object.keys(DERIVED_TABLES)];

export class PostgresWarehouse implements Warehouse {
  readonly kind = 'postgres';

  private readonly schema: string;
  private readonly onClose?: () => Promise<void>;
  readonly copyWithin?: Warehouse['copyWithin'];

  /**
   * `base` is an EntityManager of Stride's own database (each statement forks it), or of
   * ANALYTICS_DATABASE_URL's with `separateDatabase` (then `onClose` releases its connection, and
   * a full rebuild moves rows in batches, as the operational tables are elsewhere).
   */
  constructor(
    private readonly base: EntityManager,
    options: { schema?: string; separateDatabase?: boolean; onClose?: () => Promise<void> } = {},
  ) {
    this.schema = options.schema ?? 'analytics';
    this.onClose = options.onClose;
    if (!/^[a-z_][a-z0-9_]*$/.test(this.schema))
      throw new Error(`Invalid warehouse schema name: ${this.schema}`);
    if (!options.separateDatabase) this.copyWithin = (table, query) => this.copy(table, query);
  }

  private em(): EntityManager {
    return this.base.fork();
  }

  private readonly t = (name: string): string => `"${this.schema}"."${name}"`;

  async prepare(): Promise<void> {
    const em = this.em();
    // Two processes preparing at once would race on `create … if not exists`: serialise them.
    await em.transactional(async (tx) => {
      await tx.execute(`select pg_advisory_xact_lock(hashtext(?))`, [`stride-warehouse:${this.schema}`]);
      await tx.execute(`create schema if not exists "${this.schema}"`);
      await tx.execute(`create table if not exists ${this.t('schema_version')} ("version" integer not null)`);
      const [stored] = await tx.execute<{ version: number }[]>(
        `select version from ${this.t('schema_version')}`,
      );
      if (stored?.version !== SCHEMA_VERSION || (await this.tablesChanged(tx))) {
        // Built by another version (or by the first, which kept no version), or a table was changed
        // by hand: everything here is derived from the operational database, so drop it and let the
        // next run rebuild.
        await tx.execute(`drop view if exists ${this.t('mentor_dashboard')}`);
        for (const table of [...ALL_TABLES, 'sync_state'])
          await tx.execute(`drop table if exists ${this.t(table)} cascade`);
        await tx.execute(`delete from ${this.t('schema_version')}`);
        await tx.execute(`insert into ${this.t('schema_version')} ("version") values (?)`, [SCHEMA_VERSION]);
      }
      for (const sql of this.ddl()) await tx.execute(sql);
    });
  }

  /** Whether a table of the warehouse lacks a column it should have, or has one it should not. */
  private async tablesChanged(tx: EntityManager): Promise<boolean> {
    const found = await tx.execute<{ table_name: string; columns: string }[]>(
      `select table_name, string_agg(column_name, ',' order by column_name collate "C") as columns
       from information_schema.columns where table_schema = ? group by table_name`,
      [this.schema],
    );
    const specs: Record<string, Pick<TableSpec, 'columns'>> = { ...TABLES, ...DERIVED_TABLES };
    return found.some(({ table_name: table, columns }) => {
      const spec = specs[table];
      return (
        spec !== undefined &&
        columns !==
          spec.columns
            .map(([name]) => name)
            .sort()
            .join(',')
      );
    });
  }

  private ddl(): string[] {
    const statements: string[] = [];
    const create = (table: string, spec: Pick<TableSpec, 'columns' | 'key'>) => {
      const columns = spec.columns.map(
        ([name, type, nullable]) => `"${name}" ${TYPES[type]}${nullable ? '' : ' not null'}`,
      );
      const key = spec.key.map((name) => `"${name}"`).join(', ');
      statements.push(
        `create table if not exists ${this.t(table)} (${columns.join(', ')}, primary key (${key}))`,
      );
    };
    for (const table of SYNCED_TABLES) {
      const spec = TABLES[table];
      create(table, spec);
      if (spec.key[0] !== spec.member)
        statements.push(
          `create index if not exists "${table}_member_index" on ${this.t(table)} ("${spec.member}")`,
        );
    }
    for (const [table, spec] of Object.entries(DERIVED_TABLES)) create(table, spec);
    statements.push(
      `create index if not exists "metrics_habit_member_index" on ${this.t('metrics_habit')} ("user_id")`,
      // The recompute finds each member's local today by its date.
      `create index if not exists "dim_dates_date_index" on ${this.t('dim_dates')} ("date")`,
      `create index if not exists "fact_checkins_habit_day_index" on ${this.t('fact_checkins')} ("habit_id", "day")`,
      `insert into ${this.t('dim_dates')} (day_number, date, iso_weekday, week_first, month_first, month_last)
         select d::date - date '1970-01-01', d::date, extract(isodow from d)::smallint,
           d::date - date '1970-01-01' - (extract(isodow from d)::int - 1),
           date_trunc('month', d)::date - date '1970-01-01',
           (date_trunc('month', d) + interval '1 month - 1 day')::date - date '1970-01-01'
         from generate_series(date '${CALENDAR.from}', date '${CALENDAR.to}', interval '1 day') d
         where not exists (select 1 from ${this.t('dim_dates')})`,
      `create table if not exists ${this.t('sync_state')} ("id" smallint primary key default 1 check ("id" = 1), "position" bigint, "last_run_at" timestamptz, "last_rows" bigint not null default 0, "last_error" text, "last_error_at" timestamptz)`,
      `insert into ${this.t('sync_state')} ("id") values (1) on conflict do nothing`,
      `create or replace view ${this.t('mentor_dashboard')} as
         select ms.mentor_id, mentor.name as mentor_name, ms.mentee_id, mentee.name as mentee_name,
                r.level as risk_level, r.score as risk_score, r.misses_3, r.misses_7, r.days_since_last_log,
                a.adherence_7, a.adherence_30, a.adherence_90,
                (select max(s.current_streak) from ${this.t('metrics_streak')} s where s.user_id = ms.mentee_id) as best_current_streak,
                (select max(c.local_date) from ${this.t('fact_checkins')} c where c.user_id = ms.mentee_id) as last_checkin
         from ${this.t('dim_mentorships')} ms
         join ${this.t('dim_users')} mentor on mentor.id = ms.mentor_id
         join ${this.t('dim_users')} mentee on mentee.id = ms.mentee_id
         left join ${this.t('metrics_risk')} r on r.user_id = ms.mentee_id
         left join lateral (select * from ${this.t('metrics_adherence')} x where x.user_id = ms.mentee_id order by x.date desc limit 1) a on true
         where ms.status = 'active'
         order by r.score desc nulls last, mentee.name`,
    );
    return statements;
  }

  async state(): Promise<SyncState> {
    const [row] = await this.em().execute<
      {
        position: string | null;
        last_run_at: Date | null;
        last_rows: string;
        last_error: string | null;
        last_error_at: Date | null;
      }[]
    >(`select * from ${this.t('sync_state')} where id = 1`);
    return {
      position: row?.position ?? null,
      lastRunAt: row?.last_run_at ?? null,
      lastRows: Number(row?.last_rows ?? 0),
      lastError: row?.last_error ?? null,
      lastErrorAt: row?.last_error_at ?? null,
    };
  }

  /** Empties what a rebuild refills; the adherence history and the calendar stay. */
  async reset(): Promise<void> {
    await this.em().transactional(async (tx) => {
      // Serialised with prepare(): its DDL reads the tables this truncates, in another order, so
      // the two at once (a sync and a /metrics scrape or the retention job) could deadlock.
      await tx.execute(`select pg_advisory_xact_lock(hashtext(?))`, [`stride-warehouse:${this.schema}`]);
      const tables = [...SYNCED_TABLES, 'metrics_streak', 'metrics_habit', 'metrics_risk'];
      await tx.execute(`truncate ${tables.map(this.t).join(', ')}`);
      await tx.execute(`update ${this.t('sync_state')} set position = null where id = 1`);
    });
  }

  async apply(batch: WarehouseBatch, asOf: Date, position?: string): Promise<void> {
    await this.em().transactional(async (tx) => {
      const members = new Set(batch.members);
      const written = habitsWritten(batch);
      for (const table of SYNCED_TABLES) {
        const ids = batch.deletes[table] ?? [];
        const spec = TABLES[table];
        if (ids.length === 0 || spec.childOf) continue;
        const gone = await tx.execute<{ member: string; habit?: string }[]>(
          `delete from ${this.t(table)} where ${isAnyOf('id')} returning "${spec.member}" as member${spec.habit ? `, "${spec.habit}" as habit` : ''}`,
          [JSON.stringify(ids)],
        );
        for (const { member, habit } of gone) {
          members.add(member);
          if (habit) written.add(habit);
        }
        // A deleted member or habit takes everything under it, whatever order the changes came in.
        if (table === 'dim_users') await this.forgetMembers(tx, ids);
        if (table === 'dim_habits') {
          const list = [JSON.stringify(ids)];
          await tx.execute(`delete from ${this.t('fact_checkins')} where ${isAnyOf('habit_id')}`, list);
          await tx.execute(`delete from ${this.t('metrics_streak')} where ${isAnyOf('habit_id')}`, list);
        }
      }
      // A habit's rules and pauses are replaced whole whenever the habit is written or deleted.
      const habits = [
        ...(batch.upserts.dim_habits ?? []).map((row) => String(row.id)),
        ...(batch.deletes.dim_habits ?? []),
      ];
      for (const table of SYNCED_TABLES)
        if (TABLES[table].childOf && habits.length > 0)
          await tx.execute(`delete from ${this.t(table)} where ${isAnyOf('habit_id')}`, [
            JSON.stringify(habits),
          ]);
      for (const table of SYNCED_TABLES) {
        const rows = batch.upserts[table] ?? [];
        if (rows.length === 0) continue;
        await tx.execute(this.upsertSql(table), [JSON.stringify(rows)]);
        for (const row of rows) members.add(String(row[TABLES[table].member]));
        if (table === 'dim_mentorships') for (const row of rows) members.add(String(row.mentor_id));
      }
      // A full rebuild recomputes everyone once at its end (finishFull), not batch by batch.
      if (position === undefined) return;
      // The habits written lose their tallies, so the recompute redoes them (metrics.ts).
      if (written.size > 0)
        await tx.execute(`delete from ${this.t('metrics_habit')} where ${isAnyOf('habit_id')}`, [
          JSON.stringify([...written]),
        ]);
      await this.recompute(tx, asOf, [...members]);
      await tx.execute(`update ${this.t('sync_state')} set position = ? where id = 1`, [position]);
    });
  }

  /** Inserts a table's rows from one JSON parameter; rows already there (by key) are replaced. */
  private upsertSql(table: WarehouseTable): string {
    const spec = TABLES[table];
    const names = spec.columns.map(([name]) => `"${name}"`).join(', ');
    const insert = `insert into ${this.t(table)} (${names}) select ${names} from jsonb_populate_recordset(null::${this.t(table)}, ?::jsonb)`;
    if (spec.childOf) return insert;
    const set = spec.columns
      .filter(([name]) => !spec.key.includes(name))
      .map(([name]) => `"${name}" = excluded."${name}"`)
      .join(', ');
    return `${insert} on conflict (${spec.key.map((name) => `"${name}"`).join(', ')}) do update set ${set}`;
  }

  /**
   * Copies a whole table in one statement, ordered by member: a member's rows then sit together,
   * so recomputing a few members' metrics later reads a few pages, not one page per row.
   */
  private async copy(table: WarehouseTable, query: string): Promise<number> {
    const spec = TABLES[table];
    const names = spec.columns.map(([name]) => `"${name}"`).join(', ');
    const values = spec.columns.map(([name, type]) => `source."${name}"::${TYPES[type]}`).join(', ');
    const order =
      table === 'fact_checkins'
        ? `source."user_id", source."habit_id", source."day"`
        : `source."${spec.member}"`;
    const [row] = await this.em().execute<{ rows: number }[]>(
      `with copied as (insert into ${this.t(table)} (${names}) select ${values} from (${query}) source order by ${order} returning 1)
       select count(*)::int as rows from copied`,
    );
    return row!.rows;
  }

  async finishFull(asOf: Date, position: string): Promise<void> {
    await this.em().transactional(async (tx) => {
      // Freshly loaded tables have no statistics yet: without them the planner guesses a few rows
      // and joins millions by nested loops.
      for (const table of SYNCED_TABLES) await tx.execute(`analyze ${this.t(table)}`);
      await this.recompute(tx, asOf, null);
      // The adherence history outlives a rebuild, but not the member.
      await tx.execute(
        `delete from ${this.t('metrics_adherence')} a where not exists (select 1 from ${this.t('dim_users')} u where u.id = a.user_id)`,
      );
      await tx.execute(`update ${this.t('sync_state')} set position = ? where id = 1`, [position]);
    });
  }

  async refreshStale(asOf: Date): Promise<number> {
    return this.em().transactional(async (tx) => {
      const rows = await tx.execute<{ id: string }[]>(
        `select u.id from ${this.t('dim_users')} u
         where not exists (select 1 from ${this.t('metrics_adherence')} a
           where a.user_id = u.id and a.date = ${DIALECT.localDate('u.timezone', 'u.day_start_hour')})`,
        [asOf],
      );
      if (rows.length > 0)
        await this.recompute(
          tx,
          asOf,
          rows.map((row) => row.id),
        );
      return rows.length;
    });
  }

  async recordRun(rows: number, at: Date): Promise<void> {
    await this.em().execute(
      `update ${this.t('sync_state')} set last_run_at = ?, last_rows = ?, last_error = null, last_error_at = null where id = 1`,
      [at, rows],
    );
  }

  async recordError(message: string, at: Date): Promise<void> {
    await this.em().execute(
      `update ${this.t('sync_state')} set last_error = ?, last_error_at = ? where id = 1`,
      [message.slice(0, 1000), at],
    );
  }

  async close(): Promise<void> {
    await this.onClose?.();
  }

  private async forgetMembers(tx: EntityManager, ids: readonly string[]): Promise<void> {
    const list = [JSON.stringify(ids)];
    for (const table of SYNCED_TABLES) {
      if (table === 'dim_users') continue;
      await tx.execute(`delete from ${this.t(table)} where ${isAnyOf(`"${TABLES[table].member}"`)}`, list);
    }
    await tx.execute(`delete from ${this.t('dim_mentorships')} where ${isAnyOf('mentor_id')}`, list);
    for (const table of METRIC_TABLES)
      await tx.execute(`delete from ${this.t(table)} where ${isAnyOf('user_id')}`, list);
  }

  /** Recomputes the metrics of `members` (null: everyone) from the facts (metrics.ts). */
  private async recompute(tx: EntityManager, asOf: Date, members: string[] | null): Promise<void> {
    if (members !== null && members.length === 0) return;
    // The statements run once each, over many rows: compiling them (JIT) costs more than it saves,
    // and sorting and hashing the check-ins of many members wants more than the default 4 MB. The
    // temporary tables' statistics only steer joins and groupings: a sample of 3,000 rows gathers
    // them in a third of the time the default 30,000 takes.
    await tx.execute(`set local jit = off`);
    await tx.execute(`set local work_mem = '64MB'`);
    await tx.execute(`set local default_statistics_target = 10`);
    const [first, ...rest] = metricStatements(DIALECT, this.t, members !== null);
    await tx.execute(first!, members === null ? [asOf] : [asOf, JSON.stringify(members)]);
    for (const sql of rest) await tx.execute(sql);
  }
}
