/** Prometheus metrics at /metrics: process defaults plus request durations by route. */
import type { Middleware } from 'koa';
import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** A registry per app, so tests that build several apps do not collide on metric names. */
export function createMetrics(): { registry: Registry; middleware: Middleware } {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'stride_http_request_duration_seconds',
    help: 'HTTP request duration by method, route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const middleware: Middleware = async (koa, next) => {
    if (koa.path === '/metrics') {
      koa.type = registry.contentType;
      koa.body = await registry.metrics();
      return;
    }
    const end = duration.startTimer();
    try {
      await next();
    } finally {
      // The matched route pattern, never the raw path: ids would explode the label set.
      const route = (koa as { _matchedRoute?: string })._matchedRoute ?? 'unmatched';
      end({ method: koa.method, route, status: String(koa.status) });
    }
  };
  return { registry, middleware };
}
