/**
 * What Stride processes share with each other, chosen in this one place from the config: the event
 * bus, the chart cache, the coach's limits and the record of platform deliveries. Without
 * REDIS_URL each lives in this process (and the coach's limits in the database, which every
 * process shares anyway): right for one process. With it, all of them go through Redis, so any
 * number of `stride start` and `stride worker` processes act as one; each keeps working on its own
 * while Redis is away (see src/redis/connection.ts).
 */
import { inProcessDeliveries } from '../adapters/shared/deliveries.js';
import { redisDeliveries } from '../adapters/shared/redis-deliveries.js';
import { createMemoryChartCache, type ChartCache } from './charts/cache.js';
import { createRedisChartCache } from './charts/redis-cache.js';
import { createRedisCoachUsage } from './coach/redis-usage.js';
import { databaseCoachUsage, type CoachUsage } from './coach/usage.js';
import type { Config } from './config.js';
import { InProcessEventBus } from './events/in-process.js';
import { RedisEventBus } from './events/redis.js';
import type { EventBus } from './events/types.js';
import type { Logger } from './logger.js';
import type { DeliveryClaimsFactory } from './ports/platform.js';
import { SharedRedis, type RedisHealth } from './redis/connection.js';

export interface SharedState {
  events: EventBus;
  chartCache: ChartCache;
  coachUsage: CoachUsage;
  deliveries: DeliveryClaimsFactory;
  /** With Redis: whether it answers now (asks it), for /readyz. */
  redisHealth?: () => Promise<RedisHealth>;
  close(): Promise<void>;
}

/**
 * Opens the shared state. With Redis it waits a moment for the connections, so the first requests
 * already use them, but starts without them (degraded) rather than not at all.
 */
export async function openSharedState(config: Config, logger: Logger): Promise<SharedState> {
  if (!config.redis)
    return {
      events: new InProcessEventBus(logger),
      chartCache: createMemoryChartCache(),
      coachUsage: databaseCoachUsage,
      deliveries: inProcessDeliveries,
      close: async () => {},
    };
  const redis = new SharedRedis({ ...config.redis, logger });
  const state: SharedState = {
    events: new RedisEventBus(redis, logger),
    chartCache: createRedisChartCache(redis),
    coachUsage: createRedisCoachUsage(redis),
    deliveries: redisDeliveries(redis),
    redisHealth: () => redis.check(),
    close: () => redis.close(),
  };
  await redis.waitUntilReady();
  return state;
}
