/** Liveness and readiness probes, outside the authenticated API. */
import Router from '@koa/router';
import type { RedisHealth } from '../../redis/connection.js';
import type { Orm } from '../../store/orm.js';

/** How long /readyz waits for the database: a probe must answer even when packets are dropped. */
const READY_TIMEOUT_MS = 3000;

/**
 * `/healthz` answers while the process runs; `/readyz` only while the database answers too, and
 * otherwise names the dependency that failed (`checks.database`) for as long as it lasts. Redis,
 * when configured, is reported in `checks.redis` but never makes the process unready: without it
 * Stride keeps answering in-process, so a load balancer must keep sending it requests. Its
 * outage shows as `status: "degraded"` (still 200). Once `stopping` aborts, `/readyz` answers 503
 * `stopping` at once, so a load balancer sends no more.
 */
export function healthRouter(
  orm: Orm,
  options: { redisHealth?: () => Promise<RedisHealth>; stopping?: AbortSignal } = {},
): Router {
  const { redisHealth, stopping } = options;
  const router = new Router();
  router.get('/healthz', (koa) => {
    koa.body = { status: 'ok' };
  });
  router.get('/readyz', async (koa) => {
    if (stopping?.aborted) {
      koa.status = 503;
      koa.body = {
        status: 'stopping',
        error: { id: 'stopping', message: 'This server is shutting down; send requests elsewhere.' },
      };
      return;
    }
    const [database, redis] = await Promise.all([databaseAnswers(orm), redisHealth?.()]);
    if (!database) {
      koa.status = 503;
      koa.body = {
        status: 'unavailable',
        checks: { database: 'unavailable', ...(redis && { redis }) },
        error: { id: 'not_ready', message: 'The database is not reachable.' },
      };
      return;
    }
    koa.body = redis
      ? { status: redis === 'ok' ? 'ready' : 'degraded', checks: { database: 'ok', redis } }
      : { status: 'ready' };
  });
  return router;
}

async function databaseAnswers(orm: Orm): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), READY_TIMEOUT_MS);
  });
  const probe = orm.em
    .getConnection()
    .execute('select 1')
    .then(
      () => true,
      () => false,
    );
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
