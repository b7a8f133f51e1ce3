/** Liveness and readiness probes, outside the authenticated API. */
import Router from '@koa/router';
import type { Orm } from '../../store/orm.js';

/** How long /readyz waits for the database: a probe must answer even when packets are dropped. */
const READY_TIMEOUT_MS = 3000;

/**
 * `/healthz` answers while the process runs; `/readyz` only while the database answers too, and
 * otherwise names the dependency that failed (`checks.database`) for as long as it lasts. Once
 * `stopping` aborts, `/readyz` answers 503 `stopping` at once, so a load balancer sends no more.
 */
export function healthRouter(orm: Orm, stopping?: AbortSignal): Router {
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
    if (await databaseAnswers(orm)) {
      koa.body = { status: 'ready' };
      return;
    }
    koa.status = 503;
    koa.body = {
      status: 'unavailable',
      checks: { database: 'unavailable' },
      error: { id: 'not_ready', message: 'The database is not reachable.' },
    };
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
