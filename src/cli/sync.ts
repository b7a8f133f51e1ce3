/** `stride sync [--full]` and `stride sync status`: the warehouse sync by hand (issue 15). */
import type { Config } from '../config.js';
import { openWarehouse, syncLag, syncWarehouse } from '../warehouse/index.js';
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
      const state = await warehouse.state();
      const lag = await syncLag(em, state.position);
      const lagSeconds = lag.oldest ? Math.max(0, Math.round((Date.now() - lag.oldest.getTime()) / 1000)) : 0;
      if (options.json) {
        console.log(JSON.stringify({ ...state, pending: lag.pending, lagSeconds }));
        return;
      }
      console.log(
        [
          `Position:   ${state.position ?? 'none (a full rebuild is due)'}`,
          `Last run:   ${state.lastRunAt?.toISOString() ?? 'never'}`,
          `Rows moved: ${state.lastRows}`,
          `Pending:    ${lag.pending} changes${lag.pending > 0 ? `, oldest ${lagSeconds} s ago` : ''}`,
          `Last error: ${state.lastError ? `${state.lastError} (${state.lastErrorAt?.toISOString()})` : 'none'}`,
        ].join('\n'),
      );
    } finally {
      await warehouse.close();
    }
  });
}
