/**
 * The chart cache shared by every process, in Redis: a chart drawn by one server (a review's, a
 * `stats` reply's) is not drawn again by another. Entries expire on their own, so Redis never fills
 * up with yesterday's charts (most inputs name a date, so old keys are rarely asked for again).
 * While Redis is unreachable an in-process cache stands in: charts are still cached, per process.
 */
import type { SharedRedis } from '../redis/connection.js';
import { createMemoryChartCache, type ChartCache } from './cache.js';

/** How long a chart stays in Redis after it was drawn. */
const CHART_TTL_MS = 24 * 60 * 60 * 1000;

export function createRedisChartCache(
  redis: SharedRedis,
  fallback: ChartCache = createMemoryChartCache({ maxEntries: 100 }),
): ChartCache {
  return {
    get: (key) =>
      redis.attempt(
        async (client) => (await client.getBuffer(redis.key(key))) ?? undefined,
        () => fallback.get(key),
      ),
    set: (key, png) =>
      redis.attempt(
        async (client) => {
          await client.set(redis.key(key), png, 'PX', CHART_TTL_MS);
        },
        () => fallback.set(key, png),
      ),
  };
}
