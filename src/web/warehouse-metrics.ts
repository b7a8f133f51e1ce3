/**
 * The warehouse sync on /metrics (issue 15): its lag behind the change log and what its last run
 * did. The warehouse may live elsewhere and may be down; a scrape waits for it a bounded time and
 * then reports `stride_warehouse_scrape_error 1` instead, leaving the other warehouse gauges out
 * rather than reporting numbers it could not read.
 */
import { Gauge, type Registry } from 'prom-client';
import type { Logger } from '../logger.js';
import type { Orm } from '../store/orm.js';
import { warehouseStatus, type Warehouse, type WarehouseStatus } from '../warehouse/index.js';

/** How long a scrape waits for the warehouse: well inside Prometheus's 10-second scrape timeout. */
export const WAREHOUSE_SCRAPE_TIMEOUT_MS = 2000;

export interface WarehouseMetricsOptions {
  /** The warehouse, opened and prepared (shareWarehouse); called at each scrape. */
  warehouse: () => Promise<Warehouse>;
  timeoutMs?: number;
  logger?: Logger;
}

export function registerWarehouseMetrics(
  registry: Registry,
  orm: Orm,
  { warehouse, timeoutMs = WAREHOUSE_SCRAPE_TIMEOUT_MS, logger }: WarehouseMetricsOptions,
): void {
  // A read that outlives its scrape (a warehouse that hangs) is shared by the next scrapes until it
  // ends, so a dead warehouse costs one pending read, never one more per scrape.
  let reading: Promise<WarehouseStatus & { kind: string }> | undefined;
  const read = () =>
    (reading ??= (async () => {
      const opened = await warehouse();
      return { ...(await warehouseStatus(orm.em.fork(), opened)), kind: opened.kind };
    })().finally(() => (reading = undefined)));

  // One read per scrape, whichever gauge asks first; undefined when the warehouse did not answer.
  let scrape: Promise<(WarehouseStatus & { kind: string }) | undefined> | undefined;
  let failing = false;
  const status = () =>
    (scrape ??= withTimeout(read(), timeoutMs)
      .then(
        (value) => {
          failing = false;
          return value;
        },
        (error: unknown) => {
          // Once per outage, not at every scrape.
          if (!failing) logger?.warn({ err: error }, 'warehouse unreadable for /metrics');
          failing = true;
          return undefined;
        },
      )
      .finally(() => setImmediate(() => (scrape = undefined))));

  new Gauge({
    name: 'stride_warehouse_scrape_error',
    help: 'Whether this scrape could not read the warehouse (unreachable or slower than the scrape allows)',
    registers: [registry],
    async collect() {
      this.set((await status()) ? 0 : 1);
    },
  });
  const gauge = (name: string, help: string, value: (status: WarehouseStatus) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['warehouse'],
      registers: [registry],
      async collect() {
        this.reset();
        const read = await status();
        if (read) this.set({ warehouse: read.kind }, value(read));
      },
    });
  gauge(
    'stride_warehouse_pending_changes',
    'Changes captured in warehouse_changes and not yet synced',
    (read) => read.pending,
  );
  gauge(
    'stride_warehouse_lag_seconds',
    'Age of the oldest change not yet synced, in seconds (0 when none is pending)',
    (read) => read.lagSeconds,
  );
  gauge('stride_warehouse_last_run_rows', 'Rows moved by the last successful sync', (read) => read.lastRows);
  gauge(
    'stride_warehouse_last_run_age_seconds',
    'Seconds since the last successful sync (+Inf when it never ran)',
    (read) => (read.lastRunAt ? Math.max(0, (Date.now() - read.lastRunAt.getTime()) / 1000) : Infinity),
  );
  gauge(
    'stride_warehouse_last_run_failed',
    'Whether the last sync failed (1 until a run succeeds)',
    (read) => (read.lastError === null ? 0 : 1),
  );
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
