/**
 * Scan benchmark (issue 12 point 8, DESIGN.md section 5): the `reminders`, `nudges` and `risk`
 * jobs over 100,000 members with 5 habits each and a year of logs (bench/jobs-dataset.ts builds
 * it once and reuses it). Each job runs as `stride jobs run <job> --at` runs it (runJob with the
 * runtime the CLI opens, minus the delivery), at one fixed instant, 3 times; before each run the
 * scan state a run changes is put back (SCAN_STATE_RESETS), so every repeat does the same work.
 * Reported per job: wall time (median, max, samples), SQL statements reaching PostgreSQL, and the
 * messages enqueued. Budget: each scan under 5 s on this 2-core machine. The timed runs start from
 * the scan state the jobs leave an hour earlier (see settle); the first runs from no state at all,
 * what the day of a release costs, are reported beside them under `settled`.
 */
import { loadConfig } from '../src/config.js';
import { runJob, strideJobs, type JobDefinition } from '../src/jobs/index.js';
import { createLogger } from '../src/logger.js';
import { openRuntime, type Runtime } from '../src/runtime.js';
import { openBenchServer, statementCounter, withClient, type StatementCounter } from './database.js';
import { BENCH_AT, ensureDataset, type DatasetInfo } from './jobs-dataset.js';
import { budget, ms, quantile, type BudgetCheck } from './timing.js';

/** The scans the budget is about. */
export const SCAN_JOBS = ['reminders', 'nudges', 'risk'] as const;
const RUNS = Number(process.env.BENCH_JOB_RUNS ?? 3);
const BUDGET_MS = 5000;

/**
 * The scan state as the dataset was built: the episodes alerted before the bench day
 * (`bench.habit_risk`), nothing nudged, nothing judged yet. Put back before the first-run
 * measurement (and before settling, see settle).
 */
const BUILT_STATE: string[] = [
  `delete from outbox`,
  `delete from job_runs`,
  `update habits h set at_risk_since = null
   where h.at_risk_since is not null and not exists (select 1 from bench.habit_risk b where b.habit_id = h.id)`,
  `update habits h set at_risk_since = b.at_risk_since from bench.habit_risk b
   where b.habit_id = h.id and h.at_risk_since is distinct from b.at_risk_since`,
  `update users set nudged_spell_from = null where nudged_spell_from is not null`,
  `update habits set risk_checked_on = null where risk_checked_on is not null`,
];

/**
 * The hourly jobs keep scan state (who was nudged this spell, which habits were judged today or
 * are at risk), so a scheduled run only does the hour's new work. The timed runs start from the
 * state the jobs themselves leave an hour before BENCH_AT (`nudges` and `risk` run at SETTLE_AT, kept
 * in bench.settled_habits / bench.settled_users): each timed run is the next scheduled one. The
 * first runs from no state at all (the day of a release) are timed while settling and reported.
 */
const SETTLE_AT = new Date(BENCH_AT.getTime() - 60 * 60 * 1000);
/** Bump when a job's scan state changes meaning: the settled state is computed again. */
const SETTLE_VERSION = 2;

/** Everything a timed run changes, undone before each one, back to the settled state. */
export const SCAN_STATE_RESETS: string[] = [
  `delete from outbox`,
  `delete from job_runs`,
  `update habits h set at_risk_since = b.at_risk_since, risk_checked_on = b.risk_checked_on
   from bench.settled_habits b
   where b.id = h.id and (h.at_risk_since is distinct from b.at_risk_since
     or h.risk_checked_on is distinct from b.risk_checked_on)`,
  `update users u set nudged_spell_from = b.nudged_spell_from from bench.settled_users b
   where b.id = u.id and u.nudged_spell_from is distinct from b.nudged_spell_from`,
];

export interface JobTiming {
  medianMs: number;
  maxMs: number;
  samplesMs: number[];
  /** Every statement that reached PostgreSQL during one run (the last), bookkeeping included. */
  statements: number;
  /** The same, less what runJob itself costs (recording the run in job_runs). */
  scanStatements: number;
  enqueued: number;
  enqueuedByKind: Record<string, number>;
  /** What the job reported for its last run. */
  result: Record<string, unknown>;
}

export interface JobsBench {
  dataset: Omit<DatasetInfo, 'url'> & { sizeGb: number };
  at: string;
  runs: number;
  /** Statements runJob costs around any job: the job_runs insert and update, their transactions. */
  runJobStatements: number;
  /** The instant the settled state was computed at, and each job's first run from the built state there. */
  settled: { at: string; firstRunMs: Record<string, number> };
  jobs: Record<string, JobTiming>;
}

export async function benchJobs(): Promise<JobsBench> {
  const logger = createLogger('silent');
  const server = await openBenchServer(logger);
  try {
    const dataset = await ensureDataset(server.url);
    const counter = statementCounter();
    // The runtime `stride jobs run` opens, on the dataset's database.
    const runtime = await openRuntime(loadConfig({ DATABASE_URL: dataset.url, LOG_LEVEL: 'silent' }), logger);
    try {
      const available = strideJobs(runtime.config);
      const runJobStatements = await overhead(runtime, counter);
      const settled = await settle(runtime, dataset.url, available);
      const jobs: JobsBench['jobs'] = {};
      for (const name of SCAN_JOBS) {
        const job = available.find((candidate) => candidate.name === name);
        if (!job) throw new Error(`There is no job "${name}" to measure.`);
        jobs[name] = await measure(runtime, dataset.url, job, counter, runJobStatements);
      }
      await resetScanState(dataset.url);
      const { url: _url, ...info } = dataset;
      return {
        dataset: { ...info, sizeGb: Math.round((dataset.sizeBytes / 1e9) * 10) / 10 },
        at: BENCH_AT.toISOString(),
        runs: RUNS,
        runJobStatements,
        settled,
        jobs,
      };
    } finally {
      await runtime.close();
      counter.restore();
    }
  } finally {
    await server.stop();
  }
}

export function jobBudgets(results: JobsBench): BudgetCheck[] {
  return SCAN_JOBS.map((name) => {
    const timing = results.jobs[name]!;
    return budget(
      `${name} scan median over ${results.dataset.members} members, one scheduled run`,
      timing.medianMs,
      BUDGET_MS,
    );
  });
}

async function measure(
  runtime: Runtime,
  url: string,
  job: JobDefinition,
  counter: StatementCounter,
  runJobStatements: number,
): Promise<JobTiming> {
  const samples: number[] = [];
  let statements = 0;
  let result: Record<string, unknown> = {};
  let enqueuedByKind: Record<string, number> = {};
  for (let run = 0; run < RUNS; run++) {
    await resetScanState(url);
    counter.start();
    const start = performance.now();
    result = await runJob(runtime, job, BENCH_AT);
    samples.push(performance.now() - start);
    statements = counter.stop();
    enqueuedByKind = await withClient(url, async (client) => {
      const rows = await client.query<{ kind: string; n: string }>(
        `select kind, count(*) as n from outbox group by kind order by kind`,
      );
      return Object.fromEntries(rows.rows.map((row) => [row.kind, Number(row.n)]));
    });
    process.stderr.write(
      `[bench jobs] ${job.name} run ${run + 1}/${RUNS}: ${ms(samples.at(-1)!)} ms, ${statements} statements\n`,
    );
  }
  return {
    medianMs: ms(quantile(samples, 0.5)),
    maxMs: ms(Math.max(...samples)),
    samplesMs: samples.map(ms),
    statements,
    scanStatements: statements - runJobStatements,
    enqueued: Object.values(enqueuedByKind).reduce((sum, n) => sum + n, 0),
    enqueuedByKind,
    result,
  };
}

/** The statements runJob costs around a job that does nothing. */
async function overhead(runtime: Runtime, counter: StatementCounter): Promise<number> {
  const noop: JobDefinition = {
    name: 'bench-noop',
    every: '1 day',
    summary: 'nothing',
    run: async () => ({}),
  };
  counter.start();
  await runJob(runtime, noop, BENCH_AT);
  return counter.stop();
}

async function resetScanState(url: string, statements = SCAN_STATE_RESETS): Promise<void> {
  await withClient(url, async (client) => {
    for (const sql of statements) await client.query(sql);
  });
}

interface Settled {
  version: number;
  at: string;
  firstRunMs: Record<string, number>;
}

/**
 * The state the jobs leave when they run at SETTLE_AT from the built state, computed once per
 * dataset (and SETTLE_VERSION) and kept; the first runs' times are reported as what a release
 * costs the day it starts, when no scan state exists yet.
 */
async function settle(runtime: Runtime, url: string, jobs: JobDefinition[]): Promise<Settled> {
  const kept = await withClient(url, async (client) => {
    const result = await client.query<{ stamp: { settled?: Settled } }>('select stamp from bench.dataset');
    return result.rows[0]?.stamp.settled;
  });
  if (kept?.version === SETTLE_VERSION && kept.at === SETTLE_AT.toISOString()) return kept;
  process.stderr.write(`[bench jobs] settling the scan state at ${SETTLE_AT.toISOString()}\n`);
  await resetScanState(url, BUILT_STATE);
  const firstRunMs: Record<string, number> = {};
  for (const job of jobs.filter((candidate) => candidate.name === 'nudges' || candidate.name === 'risk')) {
    const start = performance.now();
    await runJob(runtime, job, SETTLE_AT);
    firstRunMs[job.name] = ms(performance.now() - start);
    process.stderr.write(`[bench jobs] ${job.name} first run: ${firstRunMs[job.name]} ms\n`);
  }
  const settled: Settled = { version: SETTLE_VERSION, at: SETTLE_AT.toISOString(), firstRunMs };
  await withClient(url, async (client) => {
    await client.query(`drop table if exists bench.settled_habits, bench.settled_users`);
    await client.query(
      `create table bench.settled_habits as select id, at_risk_since, risk_checked_on from habits`,
    );
    await client.query(`alter table bench.settled_habits add primary key (id)`);
    await client.query(`create table bench.settled_users as select id, nudged_spell_from from users`);
    await client.query(`alter table bench.settled_users add primary key (id)`);
    await client.query(`update bench.dataset set stamp = jsonb_set(stamp, '{settled}', $1::jsonb)`, [
      JSON.stringify(settled),
    ]);
  });
  return settled;
}
