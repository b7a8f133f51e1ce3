/**
 * Scan benchmark (issue 12 point 8, DESIGN.md section 5): the `reminders`, `nudges` and `risk`
 * jobs over 100,000 members with 5 habits each and a year of logs (bench/jobs-dataset.ts builds
 * it once and reuses it). Each job runs as `stride jobs run <job> --at` runs it (runJob with the
 * runtime the CLI opens, minus the delivery), at one fixed instant, 3 times; before each run the
 * scan state a run changes is put back (SCAN_STATE_RESETS), so every repeat does the same work.
 * Reported per job: wall time (median, max, samples), SQL statements reaching PostgreSQL, and the
 * messages enqueued. Budget: each scan under 5 s on this 2-core machine.
 *
 * A job not written yet is reported missing (and its budget fails); while any is missing,
 * `retention` is measured the same way to show the harness works.
 */
import { createRequire } from 'node:module';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { runJob, strideJobs, type JobDefinition } from '../src/jobs/index.js';
import { createLogger } from '../src/logger.js';
import { openRuntime, type Runtime } from '../src/runtime.js';
import { openBenchServer, withClient } from './database.js';
import { BENCH_AT, columnExists, ensureDataset, type DatasetInfo } from './jobs-dataset.js';
import { budget, ms, quantile, type BudgetCheck } from './timing.js';

/** The scans the budget is about. */
export const SCAN_JOBS = ['reminders', 'nudges', 'risk'] as const;
/** Measured while a scan job is missing, to prove the harness. */
const HARNESS_JOB = 'retention';
const RUNS = Number(process.env.BENCH_JOB_RUNS ?? 3);
const BUDGET_MS = 5000;

/** One piece of state a job run changes, and the statement that puts it back as built. */
interface ScanStateReset {
  what: string;
  sql: string;
  /** Skipped while this column does not exist (it comes with another change). */
  requires?: { table: string; column: string };
}

/**
 * Everything a run of the scans changes, undone before each timed run. `bench.habit_risk` holds
 * the dataset's own `at_risk_since` values (the episodes alerted before the bench day).
 */
export const SCAN_STATE_RESETS: ScanStateReset[] = [
  { what: 'messages the run enqueued', sql: `delete from outbox` },
  { what: 'the runs recorded in job_runs', sql: `delete from job_runs` },
  {
    what: 'at_risk_since set by the run',
    sql: `update habits h set at_risk_since = null
          where h.at_risk_since is not null
            and not exists (select 1 from bench.habit_risk b where b.habit_id = h.id)`,
  },
  {
    what: 'at_risk_since the run cleared or moved',
    sql: `update habits h set at_risk_since = b.at_risk_since from bench.habit_risk b
          where b.habit_id = h.id and h.at_risk_since is distinct from b.at_risk_since`,
  },
  {
    what: 'inactive spells the run nudged',
    sql: `update users set nudged_spell_from = null where nudged_spell_from is not null`,
    requires: { table: 'users', column: 'nudged_spell_from' },
  },
  {
    what: 'habits the run judged not at risk today',
    sql: `update habits set risk_checked_on = null where risk_checked_on is not null`,
    requires: { table: 'habits', column: 'risk_checked_on' },
  },
  {
    what: 'nudges the run sent (the name in the issue plan)',
    sql: `update users set nudged_after = null where nudged_after is not null`,
    requires: { table: 'users', column: 'nudged_after' },
  },
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
  jobs: Record<string, JobTiming | { missing: true }>;
  missing: string[];
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
      const missing = SCAN_JOBS.filter((name) => !available.some((job) => job.name === name));
      const names = missing.length ? [...SCAN_JOBS, HARNESS_JOB] : [...SCAN_JOBS];
      const runJobStatements = await overhead(runtime, counter);
      const jobs: JobsBench['jobs'] = {};
      for (const name of names) {
        const job = available.find((candidate) => candidate.name === name);
        jobs[name] = job
          ? await measure(runtime, dataset.url, job, counter, runJobStatements)
          : { missing: true };
      }
      await resetScanState(dataset.url);
      const { url: _url, ...info } = dataset;
      return {
        dataset: { ...info, sizeGb: Math.round((dataset.sizeBytes / 1e9) * 10) / 10 },
        at: BENCH_AT.toISOString(),
        runs: RUNS,
        runJobStatements,
        jobs,
        missing,
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
    const timing = results.jobs[name];
    if (!timing || 'missing' in timing)
      return { name: `${name} scan: job missing`, valueMs: Number.NaN, limitMs: BUDGET_MS, ok: false };
    return budget(`${name} scan median over ${results.dataset.members} members`, timing.medianMs, BUDGET_MS);
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

async function resetScanState(url: string): Promise<void> {
  await withClient(url, async (client) => {
    for (const reset of SCAN_STATE_RESETS) {
      if (reset.requires && !(await columnExists(client, reset.requires.table, reset.requires.column)))
        continue;
      await client.query(reset.sql);
    }
  });
}

interface StatementCounter {
  start(): void;
  /** Stops counting; returns the statements counted since start. */
  stop(): number;
  restore(): void;
}

/**
 * Counts every query sent through pg's Client in this process (MikroORM's knex and any raw
 * connection), by wrapping Client.prototype.query of each copy of pg installed.
 */
function statementCounter(): StatementCounter {
  const require = createRequire(import.meta.url);
  const copies = new Set<typeof pg.Client>([pg.Client]);
  for (const from of ['@mikro-orm/postgresql', 'knex']) {
    try {
      const resolved = createRequire(require.resolve(from))('pg') as typeof pg;
      copies.add(resolved.Client);
    } catch {
      // Not installed that way: the copies found are all there is.
    }
  }
  let counting = false;
  let count = 0;
  const originals = [...copies].map((Client) => {
    const original = Client.prototype.query;
    Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      if (counting) count++;
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof original;
    return { Client, original };
  });
  return {
    start: () => {
      count = 0;
      counting = true;
    },
    stop: () => {
      counting = false;
      return count;
    },
    restore: () => {
      for (const { Client, original } of originals) Client.prototype.query = original;
    },
  };
}
