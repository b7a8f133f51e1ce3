/**
 * `retention` (daily): prunes what grows with every message and is worth nothing after a while —
 * handled platform deliveries, expired or pressed buttons, expired link codes, sent outbox rows,
 * job runs and mentor login links past RETENTION_DAYS, and expired mentor sessions. Dead outbox rows stay: operators look at them.
 * Last, the warehouse's change log (warehouse_changes) loses the changes the warehouse holds already.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../config.js';
import { openWarehouse } from '../warehouse/index.js';
import type { JobDefinition, JobResult } from './types.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Rows deleted per statement, so a first run after months never holds one huge transaction. */
const BATCH = 10_000;

/** Each table's rows that may go, by `:cutoff` (now minus the retention) and `:now`. */
const PRUNABLE: Record<string, { table: string; where: string }> = {
  handledEvents: { table: 'handled_events', where: 'created_at < :cutoff' },
  buttons: { table: 'chat_actions', where: 'expires_at <= :now or used_at < :cutoff' },
  linkCodes: { table: 'link_codes', where: 'expires_at <= :now' },
  sentMessages: { table: 'outbox', where: "status = 'sent' and sent_at < :cutoff" },
  jobRuns: { table: 'job_runs', where: 'started_at < :cutoff' },
  // Kept past their 15 minutes so a late click still reads "already used" rather than "not valid".
  mentorLoginLinks: { table: 'mentor_login_links', where: 'expires_at < :cutoff' },
  mentorSessions: { table: 'mentor_sessions', where: 'expires_at <= :now' },
};

export function retentionJob(retentionDays: number, config: Pick<Config, 'warehouse'>): JobDefinition {
  return {
    name: 'retention',
    every: '1 day',
    summary: `prunes handled deliveries, used buttons, sent messages and job runs older than ${retentionDays} days, and synced warehouse changes`,
    async run(ctx) {
      const { em } = ctx.services();
      const cutoff = new Date(ctx.now.getTime() - retentionDays * DAY_MS);
      const result: JobResult = {};
      for (const [name, { table, where }] of Object.entries(PRUNABLE))
        result[name] = await pruneInBatches(em, table, where, { now: ctx.now, cutoff });
      // Last, so that a warehouse that cannot be reached fails the run with everything else pruned.
      result.warehouseChanges = await pruneWarehouseChanges(em, config, ctx.now);
      return result;
    },
  };
}

/**
 * Deletes the captured changes the warehouse holds already: those at or below its committed
 * position. Without a position (never synced, or a full rebuild due) the next run rebuilds from
 * the tables and needs none of them, except those a rebuild in progress has yet to apply: it
 * commits the position it started at and then reads the changes made since, so a day's grace
 * keeps those.
 */
async function pruneWarehouseChanges(
  em: EntityManager,
  config: Pick<Config, 'warehouse'>,
  now: Date,
): Promise<number> {
  const warehouse = await openWarehouse(config, em);
  try {
    await warehouse.prepare();
    const { position } = await warehouse.state();
    return position === null
      ? await pruneInBatches(em, 'warehouse_changes', 'changed_at < :dayAgo', {
          dayAgo: new Date(now.getTime() - DAY_MS),
        })
      : await pruneInBatches(em, 'warehouse_changes', 'id <= :position', { position });
  } finally {
    await warehouse.close();
  }
}

/** Deletes the rows of `table` matching `where`, whose `:name`s are bound from `params`, BATCH at a time. */
async function pruneInBatches(
  em: EntityManager,
  table: string,
  where: string,
  params: Record<string, unknown>,
): Promise<number> {
  // `:name`, not a `::type` cast.
  const placeholder = /(?<!:):([a-zA-Z]\w*)/g;
  const condition = where.replace(placeholder, '?');
  const bindings = [...where.matchAll(placeholder)].map((match) => params[match[1]!]);
  let total = 0;
  for (;;) {
    const deleted = await em
      .getConnection()
      .execute<{ n: number }[]>(
        `with gone as (delete from ${table} where ctid in (select ctid from ${table} where ${condition} limit ${BATCH}) returning 1) select count(*)::int as n from gone`,
        bindings,
      );
    const n = deleted[0]?.n ?? 0;
    total += n;
    if (n < BATCH) return total;
  }
}
