/**
 * The coach's limits counted in Redis, shared by every process: one sorted set per member for
 * messages and one for tokens, scored by time, trimmed to the window on each use and expiring
 * with it. Admission is one script, so it is atomic across processes.
 *
 * While Redis is unreachable the database's counts (./usage.ts) answer instead: the stored
 * conversation holds every message and token, so the limits still hold, at the cost of two queries.
 * Messages admitted meanwhile are not in Redis afterwards; for at most one window a member may get
 * that many more, which is the price of never refusing the coach because Redis is down.
 */
import { randomUUID } from 'node:crypto';
import type { SharedRedis } from '../redis/connection.js';
import { DAY_MS, HOUR_MS, databaseCoachUsage, type CoachUsage } from './usage.js';

// KEYS[1] the member's messages; ARGV now, window, limit, a unique entry. Returns {admitted, count}.
const ADMIT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[1]) - tonumber(ARGV[2]))
local count = redis.call('ZCARD', KEYS[1])
if count >= tonumber(ARGV[3]) then return {0, count} end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return {1, count}`;

// KEYS[1] the member's tokens, entries "<id>:<tokens>"; ARGV now, window. Returns the sum.
const SUM_TOKENS = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[1]) - tonumber(ARGV[2]))
local total = 0
for _, entry in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  total = total + tonumber(string.match(entry, ':(%d+)$'))
end
return total`;

export function createRedisCoachUsage(redis: SharedRedis): CoachUsage {
  const messages = (memberId: string) => redis.key(`coach:messages:${memberId}`);
  const tokens = (memberId: string) => redis.key(`coach:tokens:${memberId}`);
  return {
    admitMessage: (request, limit) =>
      redis.attempt(
        async (client) => {
          const [admitted, lastHour] = (await client.eval(
            ADMIT,
            1,
            messages(request.member.id),
            request.now.getTime(),
            HOUR_MS,
            limit,
            randomUUID(),
          )) as [number, number];
          return { admitted: admitted === 1, lastHour };
        },
        () => databaseCoachUsage.admitMessage(request, limit),
      ),
    tokensLastDay: (request) =>
      redis.attempt(
        async (client) =>
          Number(await client.eval(SUM_TOKENS, 1, tokens(request.member.id), request.now.getTime(), DAY_MS)),
        () => databaseCoachUsage.tokensLastDay(request),
      ),
    recordTokens: (request, used) =>
      redis.attempt(
        async (client) => {
          const key = tokens(request.member.id);
          await client
            .multi()
            .zadd(key, request.now.getTime(), `${randomUUID()}:${used}`)
            .pexpire(key, DAY_MS)
            .exec();
        },
        // The model's turn in the database carries the tokens: the fallback counts them there.
        () => undefined,
      ),
  };
}
