/**
 * The real Redis for tests that need one: REDIS_URL, else 127.0.0.1:6379. Each test file takes its
 * own key prefix (keys and channels alike), so tests running side by side never see each other's
 * state, and deletes its keys at the end. Under CI=true a missing Redis fails those tests; elsewhere
 * they are skipped with a note saying how to run them.
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { createLogger, type Logger } from '../../src/logger.js';

export const REDIS_TEST_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

async function redisAnswers(): Promise<boolean> {
  const probe = new Redis(REDIS_TEST_URL, {
    lazyConnect: true,
    connectTimeout: 2000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

/** Whether the Redis tests run: always under CI (failing when Redis is absent), else only with one. */
export const redisTestsRun = process.env.CI === 'true' || (await redisAnswers());

/** `describe`, or `describe.skip` with a note saying why, when no Redis answers outside CI. */
export function describeWithRedis(name: string, body: () => void): void {
  if (redisTestsRun) return describe(name, body);
  console.warn(
    `Skipping Redis tests "${name}": no Redis at ${REDIS_TEST_URL}. Start one (\`redis-server\`) or set REDIS_URL (CI does).`,
  );
  describe.skip(name, body);
}

/** A key prefix no other test run uses. */
export function testKeyPrefix(): string {
  return `stride-test:${randomBytes(6).toString('hex')}:`;
}

/** A direct connection to the test Redis, to look at what Stride stored. */
export function inspectRedis(): Redis {
  return new Redis(REDIS_TEST_URL, { maxRetriesPerRequest: 1 });
}

/** Deletes every key under `prefix`. */
export async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

/** A logger whose lines (parsed) the test can read. */
export function recordingLogger(level = 'info'): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger(level, sink), lines };
}

/** Polls `condition` every 25 ms until it holds, failing with `what` after `timeoutMs`. */
export async function eventually(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
