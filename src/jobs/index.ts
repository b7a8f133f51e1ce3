/** Every job Stride runs, and how a process runs them (DESIGN.md section 2, src/jobs). */
import type { Config } from '../config.js';
import { remindersJob } from './reminders.js';
import { nudgesJob } from './nudges.js';
import { retentionJob } from './retention.js';
import { riskJob } from './risk.js';
import type { JobDefinition } from './types.js';

export { deliverDue, DeliveryLoop, MAX_ATTEMPTS, type DeliveryResult } from './delivery.js';
export { runJob } from './run.js';
export { JobScheduler } from './scheduler.js';
export type { JobContext, JobDefinition, JobResult } from './types.js';

/** The jobs, in the order `stride jobs list` shows them. */
export function strideJobs(config: Pick<Config, 'retentionDays'>): JobDefinition[] {
  return [remindersJob(), nudgesJob, riskJob, retentionJob(config.retentionDays)];
}
