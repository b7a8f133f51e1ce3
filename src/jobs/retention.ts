/**
 * `retention` (daily): prunes what grows with every message and is worth nothing after a while —
 * handled platform deliveries, expired or pressed buttons, expired link codes, sent outbox rows,
 * job runs and mentor login links past RETENTION_DAYS, and expired mentor sessions. Dead outbox rows stay: operators look at them.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
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

export function retentionJob(retentionDays: number): JobDefinition {
  return {
    name: 'retention',
    every: '1 day',
    summary: `prunes handled deliveries, used buttons, sent messages and job runs older than ${retentionDays} days`,
    async run(ctx) {
      const { em } = ctx.services();
      const cutoff = new Date(ctx.now.getTime() - retentionDays * DAY_MS);
      const result: JobResult = {};
      for (const [name, { table, where }] of Object.entries(PRUNABLE))
        result[name] = await pruneInBatches(em, table, where, { now: ctx.now, cutoff });
      return result;
    },
  };
}

async function pruneInBatches(
  em: EntityManager,
  table: string,
  where: string,
  at: { now: Date; cutoff: Date },
): Promise<number> {
  const condition = where.replaceAll(':cutoff', '?').replaceAll(':now', '?');
  const bindings = [...where.matchAll(/:(cutoff|now)/g)].map((match) => at[match[1] as 'now' | 'cutoff']);
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
