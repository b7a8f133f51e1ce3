/**
 * The metric statements of metrics.ts, run inside a Snowflake transaction. Snowflake commits an
 * open transaction whenever a DDL statement runs, and creating a temporary table is DDL: run as
 * given, the statements would commit a batch halfway, before its metrics and its position. So each
 * temporary table is created empty before the transaction begins (once per session and query),
 * and inside it is emptied and filled with plain DML; the batch, its metrics and its position then
 * commit as one.
 */
import type { MetricDialect } from './schema.js';
import type { SnowflakeSession } from './snowflake-session.js';
import { snowflakeDialect } from './snowflake-sql.js';

/** metrics.ts's `metricStatements`, or a stand-in (tests). */
export type MetricStatements = (
  dialect: MetricDialect,
  table: (name: string) => string,
  scoped: boolean,
) => string[];

/** A metric statement; `temp` when it creates a temporary table. */
export interface MetricStep {
  sql: string;
  temp?: { name: string; query: string };
}

/** A session that remembers the query each of its temporary tables was created from. */
export type MetricSession = SnowflakeSession & { temps: Map<string, string> };

/** The statements for every member or (`scoped`) those bound, each temporary table marked. */
export function metricSteps(
  metrics: MetricStatements,
  table: (name: string) => string,
  scoped: boolean,
): MetricStep[] {
  const temps = new Map<string, { name: string; query: string }>();
  const dialect: MetricDialect = {
    ...snowflakeDialect,
    createTemp: (name, query) => {
      const sql = snowflakeDialect.createTemp(name, query);
      temps.set(sql, { name, query });
      return sql;
    },
  };
  return metrics(dialect, table, scoped).map((sql) => ({ sql, temp: temps.get(sql) }));
}

/**
 * Creates the steps' temporary tables, empty; call it outside any transaction. Only the first
 * statement takes parameters (metrics.ts), so only it is given `params`.
 */
export async function createTempTables(
  session: MetricSession,
  steps: readonly MetricStep[],
  params: readonly string[],
): Promise<void> {
  for (const [index, { temp }] of steps.entries()) {
    if (!temp || session.temps.get(temp.name) === temp.query) continue;
    await session.execute(
      `create or replace temporary table ${temp.name} as select * from (${temp.query}) where false`,
      index === 0 ? params : [],
    );
    session.temps.set(temp.name, temp.query);
  }
}

/** Runs the steps, filling the temporary tables createTempTables made with DML. */
export async function runMetricSteps(
  session: MetricSession,
  steps: readonly MetricStep[],
  params: readonly string[],
): Promise<void> {
  for (const [index, { sql, temp }] of steps.entries()) {
    const binds = index === 0 ? params : [];
    if (!temp) {
      await session.execute(sql, binds);
      continue;
    }
    await session.execute(`delete from ${temp.name}`);
    await session.execute(`insert into ${temp.name} select * from (${temp.query})`, binds);
  }
}
