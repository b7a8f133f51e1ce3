/** What a job is and what it runs with (the jobs themselves live beside this file). */
import type { Logger } from '../logger.js';
import type { ServiceContext } from '../services/context.js';
import type { Outbox } from '../services/outbox.js';

export interface JobContext {
  /** The instant the job runs as: the clock for a scheduled run, `--at` for a replay. */
  now: Date;
  /** A fresh service context whose clock reads `now`. */
  services(): ServiceContext;
  outbox: Outbox;
  logger: Logger;
}

/** What a run reports (counts: members scanned, messages enqueued, rows pruned…). */
export type JobResult = Record<string, number | string>;

export interface JobDefinition {
  name: string;
  /** How often it runs, in Agenda's words ('1 minute', '1 hour', '1 day'). */
  every: string;
  /** One line for `stride jobs list`. */
  summary: string;
  run(ctx: JobContext): Promise<JobResult>;
}
