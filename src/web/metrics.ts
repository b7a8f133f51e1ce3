/**
 * Prometheus metrics at /metrics: process defaults, request durations by route, the jobs, the
 * outbox and the warehouse sync (warehouse-metrics.ts). Jobs and deliveries may run in another
 * process (`stride worker`), so their numbers are read from the database at each scrape: every
 * process reports the same, whole picture.
 */
import type { Middleware } from 'koa';
import { Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Orm } from '../store/orm.js';
import { jobRunTotals, outboxCounts } from '../store/repositories/index.js';
import { registerWarehouseMetrics, type WarehouseMetricsOptions } from './warehouse-metrics.js';

/** A registry per app, so tests that build several apps do not collide on metric names. */
export function createMetrics(
  orm?: Orm,
  warehouse?: WarehouseMetricsOptions,
): { registry: Registry; middleware: Middleware } {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  if (orm) registerJobMetrics(registry, orm);
  if (orm && warehouse) registerWarehouseMetrics(registry, orm, warehouse);
  const duration = new Histogram({
    name: 'stride_http_request_duration_seconds',
    help: 'HTTP request duration by method, route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const middleware: Middleware = async (koa, next) => {
    if (koa.path === '/metrics') {
      koa.type = registry.contentType;
      koa.body = await registry.metrics();
      return;
    }
    const end = duration.startTimer();
    try {
      await next();
    } finally {
      // The matched route pattern, never the raw path: ids would explode the label set.
      const route = (koa as { _matchedRoute?: string })._matchedRoute ?? 'unmatched';
      end({ method: koa.method, route, status: String(koa.status) });
    }
  };
  return { registry, middleware };
}

function registerJobMetrics(registry: Registry, orm: Orm): void {
  type JobTotals = Awaited<ReturnType<typeof jobRunTotals>>;
  // One scrape reads the job runs once, whichever gauge asks first.
  let totals: Promise<JobTotals> | undefined;
  const jobTotals = () => {
    totals ??= jobRunTotals(orm.em.fork()).finally(() => setImmediate(() => (totals = undefined)));
    return totals;
  };
  const perJob = (name: string, help: string, value: (row: JobTotals[number]) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['job'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const row of await jobTotals()) this.set({ job: row.job }, value(row));
      },
    });
  perJob('stride_job_runs_total', 'Job runs kept in job_runs (RETENTION_DAYS), by job', (row) => row.runs);
  perJob('stride_job_failures_total', 'Job runs that failed, by job', (row) => row.failures);
  perJob('stride_job_duration_seconds_total', 'Seconds spent in job runs, by job', (row) => row.seconds);
  new Gauge({
    name: 'stride_outbox_messages',
    help: 'Outbox messages by status (queued, failed = retrying, dead, sent within RETENTION_DAYS)',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      for (const [status, count] of Object.entries(await outboxCounts(orm.em.fork())))
        this.set({ status }, count);
    },
  });
}
