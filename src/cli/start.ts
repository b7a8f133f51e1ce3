/** `stride start`: the long-running server. */
import type { Server } from 'node:http';
import type { Config } from '../config.js';
import { openRuntime } from '../runtime.js';
import { createApp } from '../web/app.js';

/** Boots Stride, listens on PORT, and shuts down cleanly on SIGINT or SIGTERM. */
export async function startServer(config: Config): Promise<void> {
  const runtime = await openRuntime(config);
  const app = createApp({ orm: runtime.orm, events: runtime.events, logger: runtime.logger, charts: runtime.charts });
  const server: Server = app.listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  }).catch(async (error: unknown) => {
    await runtime.close();
    throw error;
  });
  runtime.logger.info(`Stride is listening on http://localhost:${config.port} (API at /api/v1)`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    runtime.logger.info({ signal }, 'shutting down');
    server.close();
    server.closeAllConnections();
    runtime.close().then(
      () => process.exit(0),
      (error: unknown) => {
        runtime.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}
