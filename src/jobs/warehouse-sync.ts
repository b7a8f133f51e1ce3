/**
 * `warehouse-sync` (every 5 minutes, WAREHOUSE_SYNC_EVERY): moves the changes captured since the
 * last run into the warehouse (src/warehouse/sync.ts). A failing warehouse never touches members'
 * data: the run fails, its error is kept for `stride sync status`, and the next run resumes from
 * the last committed position.
 */
import type { Config } from '../config.js';
import { openWarehouse, syncWarehouse } from '../warehouse/index.js';
import type { JobDefinition } from './types.js';

export function warehouseSyncJob(config: Pick<Config, 'warehouse'>): JobDefinition {
  return {
    name: 'warehouse-sync',
    every: config.warehouse.syncEvery,
    summary: 'moves new, changed and deleted rows into the analytics warehouse and recomputes metrics',
    async run(ctx) {
      const { em } = ctx.services();
      const warehouse = await openWarehouse(config, em);
      try {
        const result = await syncWarehouse(em, warehouse, { now: ctx.now });
        return { mode: result.mode, rows: result.rows, batches: result.batches, position: result.position };
      } finally {
        await warehouse.close();
      }
    },
  };
}
