/**
 * What processes share through Redis, against the real Redis: each "process" here is its own pair
 * of connections (a SharedRedis) with the same key prefix, as two `stride start` processes have.
 * Events cross between them once, delivery ids are claimed by one only, charts and coach limits
 * are shared; and when Redis goes away (a TCP proxy in front of it is cut) each falls back to
 * working on its own, logs that once, reports itself degraded, and comes back when Redis does.
 */
import type { Redis } from 'ioredis';
import { redisDeliveries } from '../../../adapters/shared/redis-deliveries.js';
import { createRedisChartCache } from '../../../src/charts/redis-cache.js';
import { createRedisCoachUsage } from '../../../src/coach/redis-usage.js';
import type { UsageRequest } from '../../../src/coach/usage.js';
import type { LocalDate } from '../../../src/domain/types.js';
import { RedisEventBus } from '../../../src/events/redis.js';
import type { StrideEvent } from '../../../src/events/types.js';
import { SharedRedis } from '../../../src/redis/connection.js';
import type { User } from '../../../src/store/entities/index.js';
import {
  deleteKeys,
  describeWithRedis,
  eventually,
  inspectRedis,
  recordingLogger,
  REDIS_TEST_URL,
  testKeyPrefix,
} from '../../support/redis.js';
import { startTcpProxy, type TcpProxy } from '../../support/tcp-proxy.js';

const logged = (userId: string): StrideEvent => ({
  type: 'habit_logged',
  userId,
  habitId: 'h1',
  date: '2026-11-20' as LocalDate,
  status: 'done',
  source: 'api',
});

describeWithRedis('shared state in Redis', () => {
  const prefix = testKeyPrefix();
  const opened: SharedRedis[] = [];
  let inspect: Redis;

  /** One process's connections to Redis (through `url`: the proxy in the outage tests). */
  const open = async (url = REDIS_TEST_URL, keyPrefix = prefix) => {
    const { logger, lines } = recordingLogger();
    const redis = new SharedRedis({ url, keyPrefix, logger });
    opened.push(redis);
    expect(await redis.waitUntilReady()).toBe('ok');
    return { redis, logger, lines };
  };

  beforeAll(() => {
    inspect = inspectRedis();
  });
  afterAll(async () => {
    await Promise.all(opened.map((redis) => redis.close()));
    await deleteKeys(inspect, prefix);
    inspect.disconnect();
  });

  describe('the event bus', () => {
    it('delivers an event to every process once, and to "this-process" subscribers of the publisher only', async () => {
      const a = await open();
      const b = await open();
      const busA = new RedisEventBus(a.redis, a.logger);
      const busB = new RedisEventBus(b.redis, b.logger);
      const seen: string[] = [];
      busA.subscribe('habit_logged', (event) => void seen.push(`A:${event.userId}`));
      busA.subscribe('habit_logged', (event) => void seen.push(`A-here:${event.userId}`), {
        scope: 'this-process',
      });
      busB.subscribe('habit_logged', (event) => void seen.push(`B:${event.userId}`));
      busB.subscribe('habit_logged', (event) => void seen.push(`B-here:${event.userId}`), {
        scope: 'this-process',
      });

      await busA.publish(logged('ada'));
      await eventually('B heard it', () => seen.includes('B:ada'));
      // One more event through B marks the point by which anything A sent has arrived everywhere.
      await busB.publish(logged('marker'));
      await eventually('A heard the marker', () => seen.includes('A:marker'));

      expect(seen.filter((entry) => entry.endsWith(':ada')).sort()).toEqual(['A-here:ada', 'A:ada', 'B:ada']);
      expect(seen.filter((entry) => entry.endsWith(':marker')).sort()).toEqual([
        'A:marker',
        'B-here:marker',
        'B:marker',
      ]);
    });

    it('keeps deployments with different prefixes apart', async () => {
      const a = await open();
      const other = await open(REDIS_TEST_URL, testKeyPrefix());
      const mine = await open();
      const heard: string[] = [];
      new RedisEventBus(other.redis, other.logger).subscribe(
        'nudge_sent',
        (e) => void heard.push(`other:${e.userId}`),
      );
      new RedisEventBus(mine.redis, mine.logger).subscribe(
        'nudge_sent',
        (e) => void heard.push(`mine:${e.userId}`),
      );
      await new RedisEventBus(a.redis, a.logger).publish({
        type: 'nudge_sent',
        userId: 'ada',
        mentorId: 'sam',
      });
      await eventually('the same deployment heard it', () => heard.includes('mine:ada'));
      await new RedisEventBus(other.redis, other.logger).publish({
        type: 'nudge_sent',
        userId: 'own',
        mentorId: 'x',
      });
      await eventually('the other deployment heard its own', () => heard.includes('other:own'));
      expect(heard).not.toContain('other:ada');
    });

    it('ignores a message on the channel that is not a Stride event', async () => {
      const a = await open();
      const heard: StrideEvent[] = [];
      new RedisEventBus(a.redis, a.logger).subscribe('habit_logged', (event) => void heard.push(event));
      await inspect.publish(`${prefix}events`, 'not json');
      await inspect.publish(
        `${prefix}events`,
        JSON.stringify({ origin: 'x', event: { type: 'dropped_table' } }),
      );
      await inspect.publish(`${prefix}events`, JSON.stringify({ origin: 'x', event: logged('ada') }));
      await eventually('the valid event arrived', () => heard.length > 0);
      expect(heard).toEqual([logged('ada')]);
      expect(a.lines.filter((line) => /not understood/.test(String(line.msg)))).toHaveLength(2);
    });
  });

  describe('the delivery record', () => {
    it('lets exactly one process claim a delivery id, however many ask at once', async () => {
      const records = await Promise.all(
        [0, 1, 2].map(async () => redisDeliveries((await open()).redis)('slack', { capacity: 10 })),
      );
      const claims = await Promise.all(
        Array.from({ length: 12 }, (_, i) => records[i % 3]!.claim('command:trigger-1')),
      );
      expect(claims.filter(Boolean)).toHaveLength(1);
    });

    it('frees a released id, keeps platforms apart, and expires ids after rememberMs', async () => {
      const { redis } = await open();
      const slack = redisDeliveries(redis)('slack', { capacity: 10, rememberMs: 60_000 });
      const telegram = redisDeliveries(redis)('telegram', { capacity: 10 });
      expect(await slack.claim(42)).toBe(true);
      expect(await telegram.claim(42)).toBe(true);
      expect(await slack.claim('42')).toBe(false);
      await slack.release(42);
      expect(await slack.claim(42)).toBe(true);

      const ttl = await inspect.pttl(`${prefix}deliveries:slack:42`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60_000);
      // Telegram's record has no rememberMs in-process; in Redis it lasts a day, Telegram's own limit.
      expect(await inspect.pttl(`${prefix}deliveries:telegram:42`)).toBeGreaterThan(60 * 60 * 1000);
    });
  });

  it('shares rendered charts between processes, for a day', async () => {
    const a = createRedisChartCache((await open()).redis);
    const b = createRedisChartCache((await open()).redis);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]);
    expect(await b.get('chart:v1:trend:abc')).toBeUndefined();
    await a.set('chart:v1:trend:abc', png);
    expect(await b.get('chart:v1:trend:abc')).toEqual(png);
    const ttl = await inspect.pttl(`${prefix}chart:v1:trend:abc`);
    expect(ttl).toBeGreaterThan(23 * 60 * 60 * 1000);
    expect(ttl).toBeLessThanOrEqual(24 * 60 * 60 * 1000);
  });

  describe("the coach's limits", () => {
    const member = { id: 'member-1' } as User;
    const at = (iso: string): UsageRequest => ({ em: undefined as never, member, now: new Date(iso) });

    it('admits exactly the limit across processes, even all at once, and counts only the last hour', async () => {
      const usages = await Promise.all([0, 1].map(async () => createRedisCoachUsage((await open()).redis)));
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => usages[i % 2]!.admitMessage(at('2026-11-20T10:00:00Z'), 3)),
      );
      expect(results.filter((result) => result.admitted)).toHaveLength(3);
      expect(results.filter((result) => !result.admitted).every((result) => result.lastHour === 3)).toBe(
        true,
      );
      // Refused messages were not counted: an hour after the first three, the window is empty again.
      expect(await usages[1]!.admitMessage(at('2026-11-20T10:59:59Z'), 3)).toEqual({
        admitted: false,
        lastHour: 3,
      });
      expect(await usages[0]!.admitMessage(at('2026-11-20T11:00:00Z'), 3)).toEqual({
        admitted: true,
        lastHour: 0,
      });
    });

    it('sums the tokens of the last 24 hours, whichever process recorded them', async () => {
      const usages = await Promise.all([0, 1].map(async () => createRedisCoachUsage((await open()).redis)));
      const other = { em: undefined as never, member: { id: 'member-2' } as User };
      await usages[0]!.recordTokens({ ...other, now: new Date('2026-11-19T09:00:00Z') }, 700);
      await usages[1]!.recordTokens({ ...other, now: new Date('2026-11-20T08:00:00Z') }, 1200);
      await usages[1]!.recordTokens({ ...other, now: new Date('2026-11-20T08:00:00Z') }, 1200);
      expect(await usages[0]!.tokensLastDay({ ...other, now: new Date('2026-11-20T08:30:00Z') })).toBe(3100);
      expect(await usages[1]!.tokensLastDay({ ...other, now: new Date('2026-11-20T09:00:00Z') })).toBe(2400);
    });
  });

  describe('when Redis goes away', () => {
    let proxy: TcpProxy;
    beforeAll(async () => {
      const target = new URL(REDIS_TEST_URL);
      proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 6379) });
    });
    afterAll(() => proxy.close());

    it('falls back in-process, logs the outage once, is degraded, then recovers by itself', async () => {
      const cut = await open(proxy.urlFor(REDIS_TEST_URL));
      const direct = await open();
      const bus = new RedisEventBus(cut.redis, cut.logger);
      const remote = new RedisEventBus(direct.redis, direct.logger);
      const heard: string[] = [];
      bus.subscribe('habit_logged', (event) => void heard.push(`here:${event.userId}`));
      remote.subscribe('habit_logged', (event) => void heard.push(`remote:${event.userId}`));
      const deliveries = redisDeliveries(cut.redis)('slack', { capacity: 10 });
      const charts = createRedisChartCache(cut.redis);
      expect(await cut.redis.check()).toBe('ok');

      await proxy.cut();
      await eventually('the cut is noticed', async () => (await cut.redis.check()) === 'degraded');
      for (let i = 0; i < 5; i++) {
        await bus.publish(logged(`during-${i}`));
        expect(await deliveries.claim(`event:during-${i}`)).toBe(true);
        expect(await deliveries.claim(`event:during-${i}`)).toBe(false);
      }
      await charts.set('chart:v1:trend:during', Buffer.from('png'));
      expect(await charts.get('chart:v1:trend:during')).toEqual(Buffer.from('png'));
      expect(heard.filter((entry) => entry.startsWith('here:'))).toHaveLength(5);
      const warnings = cut.lines.filter((line) => line.level === 40);
      expect(warnings).toHaveLength(1);
      expect(String(warnings[0]!.msg)).toMatch(/Redis is unreachable/);

      await proxy.restore();
      await eventually('Redis answers again', async () => (await cut.redis.check()) === 'ok', 15_000);
      expect(cut.lines.some((line) => /Redis answers again/.test(String(line.msg)))).toBe(true);
      await bus.publish(logged('after'));
      await eventually('the other process hears events again', () => heard.includes('remote:after'));
      expect(heard).not.toContain('remote:during-0');
      // Claims go through Redis again: another process now sees them.
      expect(await deliveries.claim('event:after')).toBe(true);
      expect(await redisDeliveries(direct.redis)('slack', { capacity: 10 }).claim('event:after')).toBe(false);
    }, 30_000);

    it('never waits on a connection that went silent: commands time out once, then fall back at once', async () => {
      const silent = await open(proxy.urlFor(REDIS_TEST_URL));
      const deliveries = redisDeliveries(silent.redis)('telegram', { capacity: 10 });
      const usage = createRedisCoachUsage(silent.redis);
      const member = { em: undefined as never, member: { id: 'member-3' } as User, now: new Date() };
      expect(await deliveries.claim(1)).toBe(true);

      proxy.freeze();
      // Each of these would hang without a command timeout; in-process, the first claim of 2 wins.
      expect(await deliveries.claim(2)).toBe(true);
      expect(await deliveries.claim(2)).toBe(false);
      expect(await deliveries.claim(1)).toBe(false);
      expect(await silent.redis.check()).toBe('degraded');
      await usage.recordTokens(member, 10);
      const warnings = silent.lines.filter((line) => line.level === 40);
      expect(warnings).toHaveLength(1);
      expect(String((warnings[0]!.err as { message?: string } | undefined)?.message)).toMatch(/timed out/i);

      proxy.thaw();
      await eventually('Redis answers again', async () => (await silent.redis.check()) === 'ok', 15_000);
      expect(await deliveries.claim(3)).toBe(true);
      expect(await redisDeliveries(silent.redis)('telegram', { capacity: 10 }).claim(3)).toBe(false);
    }, 30_000);
  });
});
