/**
 * Whether some process delivers the outbox right now: each deliverer holds a shared advisory lock
 * on its own connection for as long as it runs (a crashed process's connection, and so its lock,
 * goes with it). `stride jobs run` delivers what it enqueued itself only when nobody holds it.
 * A deliverer whose connection is lost (PostgreSQL restarted) takes the lock again once it can.
 */
import pg from 'pg';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '../logger.js';

/** An arbitrary constant naming the lock ("stride deliver" in ASCII, folded to 31 bits). */
const DELIVERER_LOCK = 0x53_44_4c_56;
/** How long a deliverer that lost its connection waits before taking the lock again. */
const RECONNECT_MS = 2000;

/** Holds the deliverer lock until the returned release is called. */
export async function announceDeliverer(databaseUrl: string, logger: Logger): Promise<() => Promise<void>> {
  let released = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;

  const hold = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: databaseUrl, application_name: 'stride-deliverer' });
    // A lost connection is reported by 'end'; its 'error' must not crash the process.
    next.on('error', () => undefined);
    next.once('end', () => {
      if (released || client !== next) return;
      client = undefined;
      logger.warn('the deliverer lock went with its connection; taking it again');
      holdLater();
    });
    try {
      await next.connect();
      await next.query('select pg_advisory_lock_shared($1)', [DELIVERER_LOCK]);
    } catch (error) {
      await next.end().catch(() => undefined);
      throw error;
    }
    client = next;
    if (released) await next.end();
  };
  const holdLater = () => {
    retry = setTimeout(() => {
      if (!released) hold().catch(holdLater);
    }, RECONNECT_MS);
    // A process stopping does not wait for this.
    retry.unref();
  };

  await hold();
  return async () => {
    released = true;
    clearTimeout(retry);
    await client?.end().catch(() => undefined);
  };
}

/** Whether any process holds the deliverer lock. */
export async function delivererRunning(em: EntityManager): Promise<boolean> {
  return em.transactional(async (tx) => {
    const rows = await tx
      .getConnection()
      .execute<{ free: boolean }[]>('select pg_try_advisory_xact_lock(?) as free', [DELIVERER_LOCK]);
    return !rows[0]?.free;
  });
}
