/**
 * One run of one job, recorded in job_runs (start, result or error, duration) whether Agenda
 * scheduled it or an operator ran it with `stride jobs run`. A job is idempotent through its
 * outbox keys, so running the same instant twice sends nothing twice.
 */
import { JobRun } from '../store/entities/index.js';
import type { Logger } from '../logger.js';
import type { ServiceContext } from '../services/context.js';
import type { Outbox } from '../services/outbox.js';
import type { JobDefinition, JobResult } from './types.js';

export interface JobRunDependencies {
  /** A fresh service context with the given clock. */
  services(now?: () => Date): ServiceContext;
  outbox: Outbox;
  logger: Logger;
}

/** Runs `job` as if the clock read `asOf`; records the run; rethrows a failure after recording it. */
export async function runJob(deps: JobRunDependencies, job: JobDefinition, asOf: Date): Promise<JobResult> {
  const record = deps.services();
  const run = record.em.create(JobRun, { job: job.name, asOf, startedAt: new Date() });
  await record.em.flush();
  const logger = deps.logger.child({ job: job.name });
  try {
    const result = await job.run({
      now: asOf,
      services: () => deps.services(() => asOf),
      outbox: deps.outbox,
      logger,
    });
    run.result = result;
    // A run that found nothing to do is the common case (reminders run every minute): kept in
    // job_runs and `stride jobs list`, but not worth a log line at info.
    const didSomething = Object.values(result).some((value) => value !== 0);
    logger[didSomething ? 'info' : 'debug']({ asOf, result }, 'job finished');
    return result;
  } catch (error) {
    run.error = error instanceof Error ? error.message : String(error);
    logger.error({ asOf, err: error }, 'job failed');
    throw error;
  } finally {
    run.finishedAt = new Date();
    await record.em.flush();
  }
}
