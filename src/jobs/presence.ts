/**
 * Whether some process delivers the outbox right now: each deliverer holds a shared advisory lock
 * on its own connection for as long as it runs (a crashed process's connection, and so its lock,
 * goes with it). `stride jobs run` delivers what it enqueued itself only when nobody holds it.
 */
import pg from 'pg';
import type { EntityManager } from '@mikro-orm/postgresql';

/** An arbitrary constant naming the lock ("stride deliver" in ASCII, folded to 31 bits). */
const DELIVERER_LOCK = 0x53_44_4c_56;

/** Holds the deliverer lock until the returned release is called. */
export async function announceDeliverer(databaseUrl: string): Promise<() => Promise<void>> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'stride-deliverer' });
  // A dropped connection only means other processes stop seeing this one: never crash for it.
  client.on('error', () => undefined);
  await client.connect();
  await client.query('select pg_advisory_lock_shared($1)', [DELIVERER_LOCK]);
  return async () => {
    await client.end().catch(() => undefined);
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
