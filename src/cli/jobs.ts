/**
 * The jobs from the command line: `stride worker` (jobs and delivery, no HTTP server),
 * `stride jobs list|run`, and `stride outbox [--dead] | retry <id>` for operators.
 */
import { createAdapters } from '../../adapters/index.js';
import type { Config } from '../config.js';
import { isValidLocalDate } from '../domain/dates.js';
import { deliverDue, JobScheduler, runJob, strideJobs } from '../jobs/index.js';
import { announceDeliverer, delivererRunning } from '../jobs/presence.js';
import type { Runtime } from '../runtime.js';
import { jobStatuses, listUnsent, outboxCounts, requeueMessage } from '../store/repositories/index.js';
import { withRuntime } from './admin.js';
import { printTable } from './table.js';
import { CliUsageError } from './usage-error.js';

/**
 * Runs the jobs and the delivery loop in this process until the returned stop is called (running
 * jobs get until `drain` aborts to finish, then are released to another process).
 */
export async function startJobs(runtime: Runtime): Promise<(drain?: AbortSignal) => Promise<void>> {
  const scheduler = new JobScheduler(
    {
      services: runtime.services,
      outbox: runtime.outbox,
      messengers: runtime.messengers,
      logger: runtime.logger,
    },
    { databaseUrl: runtime.databaseUrl, jobs: strideJobs(runtime.config, runtime) },
  );
  await scheduler.start();
  const release = await announceDeliverer(runtime.databaseUrl, runtime.logger);
  return async (drain) => {
    await scheduler.stop(drain);
    await release();
  };
}

/**
 * Registers a Messenger for every configured platform without starting its adapter: a worker or a
 * one-shot command sends through the platform's API but receives nothing.
 */
export function registerSendOnlyMessengers(runtime: Runtime): void {
  const adapters = createAdapters(runtime.config, {
    core: runtime.chat,
    charts: runtime.charts,
    logger: runtime.logger,
  });
  for (const adapter of adapters) runtime.messengers.register(adapter.platform, adapter.messenger);
}

/** Parses `--at`: an ISO-8601 instant with its offset (a wall time alone would be ambiguous). */
export function parseInstant(text: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(text))
    throw new CliUsageError(
      `--at needs an ISO-8601 instant with its offset, e.g. 2026-03-29T01:00:00Z or 2026-03-29T03:00+02:00; got "${text}".`,
    );
  const instant = new Date(text);
  // Date accepts 2026-02-30 (as March 2): the calendar date and the time must exist as written.
  const [date = '', time = ''] = text.split(/t/i);
  const [hour = 0, minute = 0, second = 0] = time.split(/[:Z+-]/i).map(Number);
  if (Number.isNaN(instant.getTime()) || !isValidLocalDate(date) || hour > 23 || minute > 59 || second >= 60)
    throw new CliUsageError(`--at "${text}" is not a real instant.`);
  return instant;
}

/** `stride jobs list`: each job's schedule, last run and result, next run; the outbox by status. */
export async function listJobs(config: Config, options: { json: boolean }): Promise<void> {
  await withRuntime(config, async (runtime) => {
    const jobs = strideJobs(config);
    const { em } = runtime.services();
    const statuses = await jobStatuses(
      em,
      jobs.map((job) => job.name),
    );
    const outbox = await outboxCounts(em);
    if (options.json) {
      console.log(
        JSON.stringify({ jobs: statuses.map((s, i) => ({ ...s, every: jobs[i]!.every })), outbox }),
      );
      return;
    }
    printTable([
      ['JOB', 'EVERY', 'LAST RUN', 'LAST RESULT', 'NEXT RUN'],
      ...statuses.map((status, i) => [
        status.job,
        jobs[i]!.every,
        status.lastRunAt?.toISOString() ?? 'never',
        status.lastError
          ? `failed: ${status.lastError}`
          : status.lastResult
            ? resultText(status.lastResult)
            : '-',
        status.nextRunAt?.toISOString() ?? '-',
      ]),
    ]);
    console.log(
      `\nOutbox: ${outbox.queued} queued, ${outbox.failed} failed (retrying), ${outbox.dead} dead, ${outbox.sent} sent.`,
    );
  });
}

/**
 * `stride jobs run <job> [--at <instant>]`: one run as if the clock read that instant. What it
 * enqueues is delivered by the running server or worker; when none runs, by this command.
 */
export async function runJobOnce(
  config: Config,
  options: { job: string; at?: string; json: boolean },
): Promise<void> {
  const names = strideJobs(config).map((candidate) => candidate.name);
  if (!names.includes(options.job))
    throw new CliUsageError(`There is no job "${options.job}". Jobs: ${names.join(', ')}.`);
  const asOf = options.at ? parseInstant(options.at) : new Date();
  await withRuntime(config, async (runtime) => {
    // Built with the runtime's charts and language model (the weekly review uses both).
    const job = strideJobs(config, runtime).find((candidate) => candidate.name === options.job)!;
    const result = await runJob(runtime, job, asOf);
    let delivery: string;
    let delivered: Awaited<ReturnType<typeof deliverDue>> | undefined;
    if (await delivererRunning(runtime.services().em)) {
      delivery = 'the running Stride delivers what it enqueued';
    } else {
      registerSendOnlyMessengers(runtime);
      const now = new Date(Math.max(asOf.getTime(), Date.now()));
      delivered = await deliverDue({ ...runtime, services: () => runtime.services(() => now) }, now);
      delivery = `delivered here: ${delivered.sent} sent, ${delivered.failed} to retry, ${delivered.dead} dead`;
    }
    if (options.json) console.log(JSON.stringify({ job: job.name, asOf, result, delivered }));
    else console.log(`${job.name} ran as of ${asOf.toISOString()}: ${resultText(result)}; ${delivery}.`);
  });
}

/** `stride outbox [--dead]`: the messages not sent yet, newest first. */
export async function listOutbox(config: Config, options: { dead: boolean; json: boolean }): Promise<void> {
  await withRuntime(config, async (runtime) => {
    const rows = await listUnsent(runtime.services().em, { deadOnly: options.dead, limit: 100 });
    if (options.json) {
      console.log(JSON.stringify(rows));
      return;
    }
    if (!rows.length) {
      console.log(options.dead ? 'No dead messages.' : 'Nothing waiting: every message was sent.');
      return;
    }
    printTable([
      ['ID', 'STATUS', 'KIND', 'PLATFORM', 'ATTEMPTS', 'NEXT ATTEMPT', 'LAST ERROR'],
      ...rows.map((row) => [
        row.id,
        row.status,
        row.kind,
        row.platform ?? '-',
        String(row.attempts),
        row.status === 'dead' ? '-' : row.nextAttemptAt.toISOString(),
        row.lastError ?? '-',
      ]),
    ]);
  });
}

/** `stride outbox retry <id>`: a failed or dead message goes back in the queue. */
export async function retryOutbox(config: Config, id: string): Promise<void> {
  if (!/^[0-9a-f-]{36}$/i.test(id))
    throw new CliUsageError(`outbox retry needs a message id from \`stride outbox\`; "${id}" is not one.`);
  await withRuntime(config, async (runtime) => {
    const queued = await requeueMessage(runtime.services().em, id, new Date());
    if (!queued) throw new CliUsageError(`No failed or dead message has the id ${id}.`);
    console.log(`Message ${id} is queued again; the running Stride (or \`stride worker\`) sends it.`);
  });
}

function resultText(result: Record<string, unknown>): string {
  const parts = Object.entries(result).map(([key, value]) => `${key} ${String(value)}`);
  return parts.length ? parts.join(', ') : 'ok';
}
