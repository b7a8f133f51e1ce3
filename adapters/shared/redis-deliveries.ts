/**
 * The record of platform deliveries shared by every process, in Redis: a delivery id is claimed
 * with `SET key NX PX`, which only one process can win, so a Slack retry that reaches another
 * server behind the load balancer is not answered twice. Keys expire after the record's memory.
 *
 * While Redis is unreachable the claims fall back to this process's own record (which also keeps
 * every id claimed through Redis, so a retry reaching this process during an outage is still
 * recognised). That fails open across processes, and that is safe: the core claims every delivery
 * again in the database and answers a repeat with the first reply, marked as a repeat, so nothing
 * is logged twice; at worst a reply is shown again while Redis is down.
 */
import type { SharedRedis } from '../../src/redis/connection.js';
import type { DeliveryClaims, DeliveryClaimsFactory } from '../../src/ports/platform.js';
import { RecentDeliveries } from './deliveries.js';

/** For records that remember ids "forever" in-process: Telegram keeps an update at most a day. */
const DEFAULT_REMEMBER_MS = 24 * 60 * 60 * 1000;

/** A factory of delivery records in `redis`, one key space per platform. */
export function redisDeliveries(redis: SharedRedis): DeliveryClaimsFactory {
  return (name, options): DeliveryClaims => {
    const local = new RecentDeliveries(options);
    const rememberMs = options.rememberMs ?? DEFAULT_REMEMBER_MS;
    const key = (id: string | number) => redis.key(`deliveries:${name}:${id}`);
    return {
      claim: (id) =>
        redis.attempt(
          async (client) => {
            const won = (await client.set(key(id), '1', 'PX', rememberMs, 'NX')) === 'OK';
            if (won) await local.claim(id);
            return won;
          },
          () => local.claim(id),
        ),
      async release(id) {
        await local.release(id);
        await redis.attempt(
          async (client) => {
            await client.del(key(id));
          },
          // Left in Redis: a retry while Redis is still down is taken locally, one after it is
          // back is refused until the key expires, as if the first handling had succeeded.
          () => undefined,
        );
      },
    };
  };
}
