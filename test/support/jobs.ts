/**
 * One job run in a test as `stride jobs run <job> --at` runs it: the job's own definition, on a
 * test database, with the clock the test chooses, a fresh service context per call and an
 * in-process event bus the test can listen to.
 */
import { InProcessEventBus } from '../../src/events/in-process.js';
import { runJob, strideJobs, type JobResult, type JobTools } from '../../src/jobs/index.js';
import { createLogger } from '../../src/logger.js';
import type { ServiceContext } from '../../src/services/context.js';
import { Outbox } from '../../src/services/outbox.js';
import type { TestDatabase } from './database.js';

export interface JobTestHarness {
  events: InProcessEventBus;
  outbox: Outbox;
  /** A service context whose clock reads `now` (the harness's default instant unless given). */
  services(now?: () => Date): ServiceContext;
  /** Runs the job once as of `at`. */
  run(at: Date | string): Promise<JobResult>;
  sql<T>(query: string, params?: unknown[]): Promise<T[]>;
}

/** `database` is read at each call, so the harness can be made before the database exists. */
export function jobTestHarness(
  database: () => TestDatabase,
  jobName: string,
  defaultNow: Date,
  tools: JobTools = {},
): JobTestHarness {
  const job = strideJobs({ retentionDays: 30 }, tools).find((candidate) => candidate.name === jobName);
  if (!job) throw new Error(`There is no job "${jobName}".`);
  const events = new InProcessEventBus();
  const outbox = new Outbox();
  const services = (now: () => Date = () => defaultNow): ServiceContext => ({
    em: database().orm.em.fork(),
    events,
    now,
  });
  return {
    events,
    outbox,
    services,
    run: (at) => runJob({ services, outbox, logger: createLogger('silent') }, job, new Date(at)),
    sql: (query, params = []) => database().orm.em.fork().getConnection().execute(query, params),
  };
}
