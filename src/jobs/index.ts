/** Every job Stride runs, and how a process runs them (DESIGN.md section 2, src/jobs). */
import { createChartRenderer, type ChartRenderer } from '../charts/index.js';
import type { LanguageModel } from '../coach/model.js';
import type { Config } from '../config.js';
import { earlyWarningJob } from './early-warning.js';
import { remindersJob } from './reminders.js';
import { nudgesJob } from './nudges.js';
import { retentionJob } from './retention.js';
import { riskJob } from './risk.js';
import type { JobDefinition } from './types.js';
import { warehouseSyncJob } from './warehouse-sync.js';
import { weeklyReviewJob } from './weekly-review.js';

export { deliverDue, DeliveryLoop, MAX_ATTEMPTS, type DeliveryResult } from './delivery.js';
export { runJob } from './run.js';
export { JobScheduler } from './scheduler.js';
export type { JobContext, JobDefinition, JobResult } from './types.js';

/** What the jobs that draw or write need: charts, and the language model when there is one. */
export interface JobTools {
  charts?: ChartRenderer;
  model?: LanguageModel;
}

/** The jobs, in the order `stride jobs list` shows them. */
export function strideJobs(
  config: Pick<Config, 'retentionDays'> & Partial<Pick<Config, 'warehouse'>>,
  tools: JobTools = {},
): JobDefinition[] {
  const weeklyReview = weeklyReviewJob({ charts: tools.charts ?? createChartRenderer(), model: tools.model });
  const warehouse = { warehouse: config.warehouse ?? { syncEvery: '5 minutes' } };
  return [
    remindersJob(),
    nudgesJob,
    riskJob,
    earlyWarningJob,
    weeklyReview,
    retentionJob(config.retentionDays, warehouse),
    warehouseSyncJob(warehouse),
  ];
}
