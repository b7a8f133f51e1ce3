/**
 * The Snowflake warehouse (issue 15): the star schema of schema.ts in SNOWFLAKE_DATABASE's
 * SNOWFLAKE_SCHEMA, filled through snowflake-sdk. Each table's rows travel as one JSON bind per
 * statement (MERGE … USING parse_json(?)), so no statement nears the driver's bind limits or its
 * array-bind staging; metrics are recomputed in the warehouse by the statements of metrics.ts
 * (snowflake-metrics.ts runs them without breaking the batch's transaction). SQL text is in
 * snowflake-sql.ts, the driver in snowflake-session.ts.
 */
import type { SnowflakeConfig } from '../config.js';
import { metricStatements } from './metrics.js';
import type { SyncState, Warehouse, WarehouseBatch, WarehouseTable } from './port.js';
import {
  DERIVED_TABLES,
  habitsWritten,
  METRIC_TABLES,
  SCHEMA_VERSION,
  SYNCED_TABLES,
  TABLES,
} from './schema.js';
import {
  createTempTables,
  metricSteps,
  runMetricSteps,
  type MetricSession,
  type MetricStatements,
  type MetricStep,
} from './snowflake-metrics.js';
import { openSnowflakeSession, type SnowflakeRow } from './snowflake-session.js';
import {
  createSyncState,
  createTable,
  fillCalendar,
  IDS_IN,
  ident,
  insertRows,
  instant,
  jsonChunks,
  lastPerKey,
  mentorDashboard,
  mergeRows,
  snowflakeDialect,
} from './snowflake-sql.js';

export type { MetricStatements } from './snowflake-metrics.js';

export interface SnowflakeWarehouseOptions {
  /** The metric statements; metrics.ts's by default. */
  metrics?: MetricStatements;
}

export class SnowflakeWarehouse implements Warehouse {
  readonly kind = 'snowflake';
  private session?: Promise<MetricSession>;
  private readonly metrics: MetricStatements;

  constructor(
    private readonly config: SnowflakeConfig,
    options: SnowflakeWarehouseOptions = {},
  ) {
    this.metrics = options.metrics ?? metricStatements;
  }

  /** A warehouse table's qualified, quoted name. */
  readonly table = (name: string): string =>
    [this.config.database, this.config.schema, name].map(ident).join('.');

  async prepare(): Promise<void> {
    const session = await this.open();
    const state = this.table('sync_state');
    await session.execute(createSyncState(state));
    await session.execute(
      `merge into ${state} t using (select 1 as "ID") s on t."ID" = s."ID" when not matched then insert ("ID", "LAST_ROWS", "SCHEMA_VERSION") values (1, 0, ${SCHEMA_VERSION})`,
    );
    const [row] = await session.execute(`select "SCHEMA_VERSION" from ${state} where "ID" = 1`);
    const stale = Number(field(row, 'SCHEMA_VERSION')) !== SCHEMA_VERSION;
    // Another version's tables hold nothing that is not derived from Stride: drop and rebuild.
    if (stale)
      for (const name of [...SYNCED_TABLES, ...Object.keys(DERIVED_TABLES)])
        await session.execute(`drop table if exists ${this.table(name)}`);
    for (const name of SYNCED_TABLES) await session.execute(createTable(this.table(name), TABLES[name]));
    for (const [name, spec] of Object.entries(DERIVED_TABLES))
      await session.execute(createTable(this.table(name), spec));
    const [calendar] = await session.execute(`select count(*) as "DAYS" from ${this.table('dim_dates')}`);
    if (Number(field(calendar, 'DAYS')) === 0) await session.execute(fillCalendar(this.table('dim_dates')));
    await session.execute(mentorDashboard(this.table));
    if (stale)
      await session.execute(
        `update ${state} set "SCHEMA_VERSION" = ${SCHEMA_VERSION}, "POSITION" = null where "ID" = 1`,
      );
  }

  async state(): Promise<SyncState> {
    const session = await this.open();
    const [row] = await session.execute(
      `select "POSITION"::varchar as "POSITION", ${iso('LAST_RUN_AT')}, "LAST_ROWS", "LAST_ERROR", ${iso('LAST_ERROR_AT')} from ${this.table('sync_state')} where "ID" = 1`,
    );
    const text = (name: string) => {
      const value = field(row, name);
      return value === null || value === undefined ? null : String(value);
    };
    const at = (name: string) => (text(name) === null ? null : new Date(text(name)!));
    return {
      position: text('POSITION'),
      lastRunAt: at('LAST_RUN_AT'),
      lastRows: Number(text('LAST_ROWS') ?? 0),
      lastError: text('LAST_ERROR'),
      lastErrorAt: at('LAST_ERROR_AT'),
    };
  }

  /** Empties what a rebuild refills; the adherence history and the calendar stay (as in postgres.ts). */
  async reset(): Promise<void> {
    await this.transaction(async (session) => {
      // DELETE, not TRUNCATE: it stays inside the transaction whatever Snowflake counts as DDL.
      for (const name of [...SYNCED_TABLES, 'metrics_streak', 'metrics_habit', 'metrics_risk'])
        await session.execute(`delete from ${this.table(name)}`);
      await session.execute(`update ${this.table('sync_state')} set "POSITION" = null where "ID" = 1`);
    });
  }

  async apply(batch: WarehouseBatch, asOf: Date, position?: string): Promise<void> {
    const steps = position === undefined ? [] : this.metricSteps(true);
    const metricParams = (members: string[]) => [instant(asOf), JSON.stringify(members)];
    await this.prepareTemps(steps, metricParams([]));
    await this.transaction(async (session) => {
      const members = new Set(batch.members);
      const written = habitsWritten(batch);
      for (const owner of await this.ownersOfDeleted(session, batch)) {
        members.add(owner.member);
        if (owner.habit) written.add(owner.habit);
      }
      await this.applyDeletes(session, batch);
      await this.applyUpserts(session, batch, members);
      // A full rebuild recomputes everyone once at its end (finishFull), not batch by batch.
      if (position === undefined) return;
      // The habits written lose their tallies, so the recompute redoes them (metrics.ts).
      await this.deleteWhere(session, 'metrics_habit', 'habit_id', [...written]);
      if (members.size > 0) await runMetricSteps(session, steps, metricParams([...members]));
      await this.commitPosition(session, position);
    });
  }

  async finishFull(asOf: Date, position: string): Promise<void> {
    const steps = this.metricSteps(false);
    await this.prepareTemps(steps, [instant(asOf)]);
    await this.transaction(async (session) => {
      await runMetricSteps(session, steps, [instant(asOf)]);
      // The adherence history outlives a rebuild, but not the member.
      await session.execute(
        `delete from ${this.table('metrics_adherence')} where "USER_ID" not in (select "ID" from ${this.table('dim_users')})`,
      );
      await this.commitPosition(session, position);
    });
  }

  async refreshStale(asOf: Date): Promise<number> {
    const session = await this.open();
    const today = snowflakeDialect.localDate('u."TIMEZONE"', 'u."DAY_START_HOUR"');
    // Read before the transaction: the temporary tables must be made before it begins, and only
    // when someone is stale. Recomputing a member twice does no harm.
    const rows = await session.execute(
      `select u."ID" from ${this.table('dim_users')} u where not exists (select 1 from ${this.table('metrics_adherence')} a where a."USER_ID" = u."ID" and a."DATE" = ${today})`,
      [instant(asOf)],
    );
    const stale = rows.map((row) => String(field(row, 'ID')));
    if (stale.length === 0) return 0;
    const steps = this.metricSteps(true);
    const params = [instant(asOf), JSON.stringify(stale)];
    await this.prepareTemps(steps, params);
    await this.transaction((tx) => runMetricSteps(tx, steps, params));
    return stale.length;
  }

  async recordRun(rows: number, at: Date): Promise<void> {
    const session = await this.open();
    await session.execute(
      `update ${this.table('sync_state')} set "LAST_RUN_AT" = ?::timestamp_tz, "LAST_ROWS" = ?, "LAST_ERROR" = null, "LAST_ERROR_AT" = null where "ID" = 1`,
      [instant(at), rows],
    );
  }

  async recordError(message: string, at: Date): Promise<void> {
    const session = await this.open();
    await session.execute(
      `update ${this.table('sync_state')} set "LAST_ERROR" = ?, "LAST_ERROR_AT" = ?::timestamp_tz where "ID" = 1`,
      [message.slice(0, 1000), instant(at)],
    );
  }

  async close(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    if (!session) return;
    // A session whose login failed has nothing to end.
    const open = await session.catch(() => undefined);
    await open?.close();
  }

  /**
   * The session, logged in on first use. A refused login stays refused for this warehouse: trying
   * again at once (to record the error) would only count another failure against the user, whom
   * Snowflake locks after a few.
   */
  private open(): Promise<MetricSession> {
    this.session ??= openSnowflakeSession(this.config).then((session) =>
      Object.assign(session, { temps: new Map<string, string>() }),
    );
    return this.session;
  }

  private async transaction<T>(work: (session: MetricSession) => Promise<T>): Promise<T> {
    const session = await this.open();
    await session.execute('begin transaction');
    try {
      const result = await work(session);
      await session.execute('commit');
      return result;
    } catch (error) {
      await session.execute('rollback').catch(() => undefined);
      throw error;
    }
  }

  /**
   * The members, and the habits (TableSpec `habit`), owning the rows about to be deleted
   * (Snowflake's DELETE returns no rows), in one query.
   */
  private async ownersOfDeleted(
    session: MetricSession,
    batch: WarehouseBatch,
  ): Promise<{ member: string; habit: string | null }[]> {
    const parts: string[] = [];
    const binds: string[] = [];
    for (const name of deletable(batch)) {
      const { member, habit } = TABLES[name];
      for (const chunk of jsonChunks(batch.deletes[name]!)) {
        parts.push(
          `select ${ident(member)}::varchar as "MEMBER", ${habit ? `${ident(habit)}::varchar` : 'null'} as "HABIT" from ${this.table(name)} where "ID" in ${IDS_IN}`,
        );
        binds.push(chunk);
      }
    }
    if (parts.length === 0) return [];
    const rows = await session.execute(
      `select distinct "MEMBER", "HABIT" from (${parts.join(' union all ')})`,
      binds,
    );
    return rows.map((row) => {
      const habit = field(row, 'HABIT');
      return {
        member: String(field(row, 'MEMBER')),
        habit: habit === null || habit === undefined ? null : String(habit),
      };
    });
  }

  private async applyDeletes(session: MetricSession, batch: WarehouseBatch): Promise<void> {
    for (const name of deletable(batch)) {
      const ids = batch.deletes[name]!;
      await this.deleteWhere(session, name, 'id', ids);
      // A deleted member or habit takes everything under it, whatever order the changes came in.
      if (name === 'dim_users') await this.forgetMembers(session, ids);
      if (name === 'dim_habits') {
        await this.deleteWhere(session, 'fact_checkins', 'habit_id', ids);
        await this.deleteWhere(session, 'metrics_streak', 'habit_id', ids);
      }
    }
  }

  private async applyUpserts(
    session: MetricSession,
    batch: WarehouseBatch,
    members: Set<string>,
  ): Promise<void> {
    // A habit written or deleted has its child rows replaced whole (schema.ts `childOf`).
    const habits = new Set([
      ...(batch.deletes.dim_habits ?? []),
      ...(batch.upserts.dim_habits ?? []).map((row) => String(row.id)),
    ]);
    for (const name of SYNCED_TABLES)
      if (TABLES[name].childOf) for (const row of batch.upserts[name] ?? []) habits.add(String(row.habit_id));
    for (const name of SYNCED_TABLES) {
      const spec = TABLES[name];
      const rows = lastPerKey(batch.upserts[name] ?? [], spec);
      if (spec.childOf) await this.deleteWhere(session, name, 'habit_id', [...habits]);
      if (rows.length === 0) continue;
      const statement = spec.childOf ? insertRows(this.table(name), spec) : mergeRows(this.table(name), spec);
      for (const chunk of jsonChunks(rows)) await session.execute(statement, [chunk]);
      for (const row of rows) members.add(String(row[spec.member]));
      if (name === 'dim_mentorships') for (const row of rows) members.add(String(row.mentor_id));
    }
  }

  /** Every row of the members in every table, their mentorships as mentor and their metrics too. */
  private async forgetMembers(session: MetricSession, ids: readonly string[]): Promise<void> {
    for (const name of SYNCED_TABLES)
      if (name !== 'dim_users') await this.deleteWhere(session, name, TABLES[name].member, ids);
    await this.deleteWhere(session, 'dim_mentorships', 'mentor_id', ids);
    for (const name of METRIC_TABLES) await this.deleteWhere(session, name, 'user_id', ids);
  }

  private async deleteWhere(
    session: MetricSession,
    name: string,
    column: string,
    values: readonly string[],
  ): Promise<void> {
    for (const chunk of jsonChunks(values))
      await session.execute(`delete from ${this.table(name)} where ${ident(column)} in ${IDS_IN}`, [chunk]);
  }

  private async commitPosition(session: MetricSession, position: string): Promise<void> {
    await session.execute(`update ${this.table('sync_state')} set "POSITION" = ? where "ID" = 1`, [position]);
  }

  private metricSteps(scoped: boolean): MetricStep[] {
    return metricSteps(this.metrics, this.table, scoped);
  }

  /** Creates the steps' temporary tables before a transaction (snowflake-metrics.ts says why). */
  private async prepareTemps(steps: readonly MetricStep[], params: readonly string[]): Promise<void> {
    if (steps.some((step) => step.temp)) await createTempTables(await this.open(), steps, params);
  }
}

/** Tables whose rows a batch deletes by id (a habit's child rows never are: they go with it). */
function deletable(batch: WarehouseBatch): WarehouseTable[] {
  return SYNCED_TABLES.filter((name) => !TABLES[name].childOf && (batch.deletes[name]?.length ?? 0) > 0);
}

/** A column of a result row, whatever case the server answered its name in. */
function field(row: SnowflakeRow | undefined, name: string): unknown {
  if (!row) return undefined;
  if (name in row) return row[name];
  const key = Object.keys(row).find((candidate) => candidate.toUpperCase() === name);
  return key === undefined ? undefined : row[key];
}

/** A TIMESTAMP_TZ column as ISO-8601 text, which `new Date()` reads exactly. */
function iso(column: string): string {
  return `to_varchar("${column}", 'YYYY-MM-DD"T"HH24:MI:SS.FF3TZH:TZM') as "${column}"`;
}
