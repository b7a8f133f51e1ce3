/** `stride sync [--full]` and `stride sync status`: the warehouse sync by hand (issue 15). */
import type { Config } from '../config.js';
import { openWarehouse, syncWarehouse, warehouseStatus } from '../warehouse/index.js';
import { withRuntime } from './admin.js';

/** One sync now: incremental from the committed position, or a full rebuild with `--full`. */
export async function runSync(config: Config, options: { full: boolean; json: boolean }): Promise<void> {
  await withRuntime(config, async (runtime) => {
    const { em } = runtime.services();
    const warehouse = await openWarehouse(config, em);
    try {
      const started = Date.now();
      const result = await syncWarehouse(em, warehouse, { full: options.full });
      const ms = Date.now() - started;
      if (options.json) console.log(JSON.stringify({ ...result, ms }));
      else
        console.log(
          `Synced (${result.mode}): ${result.rows} rows in ${result.batches} batches, ${ms} ms; position ${result.position}.`,
        );
    } finally {
      await warehouse.close();
    }
  });
}

/** Position, last run, rows moved, lag (changes not yet synced, oldest first) and last error. */
export async function syncStatus(config: Config, options: { json: boolean }): Promise<void> {
  await withRuntime(config, async (runtime) => {
    const { em } = runtime.services();
    const warehouse = await openWarehouse(config, em);
    try {
      await warehouse.prepare();
      const status = await warehouseStatus(em, warehouse);
      if (options.json) {
        console.log(JSON.stringify(status));
        return;
      }
      const lag =
        status.pending === 0
          ? 'no changes pending'
          : `${status.pending} change${status.pending === 1 ? '' : 's'} pending, the oldest ${status.lagSeconds} s old`;
      console.log(
        [
          `Position:   ${status.position ?? 'none (a full rebuild is due)'}`,
          `Last run:   ${status.lastRunAt?.toISOString() ?? 'never'}`,
          `Rows moved: ${status.lastRows}`,
          `Lag:        ${lag}`,
          `Last error: ${status.lastError ? `${status.lastError} (${status.lastErrorAt?.toISOString()})` : 'none'}`,
        ].join('\n'),
      );
    } finally {
      await warehouse.close();
    }
  });
}
