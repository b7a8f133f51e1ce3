/** Liveness and readiness probes, outside the authenticated API. */
import Router from '@koa/router';
import type { Orm } from '../../store/orm.js';

/** `/healthz` answers while the process runs; `/readyz` only while the database answers too. */
export function healthRouter(orm: Orm): Router {
  const router = new Router();
  router.get('/healthz', (koa) => {
    koa.body = { status: 'ok' };
  });
  router.get('/readyz', async (koa) => {
    try {
      await orm.em.getConnection().execute('select 1');
      koa.body = { status: 'ready' };
    } catch {
      koa.status = 503;
      koa.body = { error: { id: 'not_ready', message: 'The database is not reachable.' } };
    }
  });
  return router;
}
