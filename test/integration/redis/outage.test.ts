/**
 * Redis going away under a real `stride start`: its REDIS_URL points at a TCP proxy in front of the
 * test Redis, which the test cuts and restores. While it is cut the chat keeps answering (a log, a
 * chart, the coach), the member's own event stream still gets their events, /readyz stays 200 and
 * names Redis as degraded, and the outage is logged once however many requests come; once restored
 * the same process reconnects by itself and says so, with no restart.
 */
import type { ChildProcess } from 'node:child_process';
import { freePort } from '../../../src/free-port.js';
import { runStride, startStride, stopStride } from '../../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import {
  deleteKeys,
  describeWithRedis,
  eventually,
  inspectRedis,
  REDIS_TEST_URL,
  testKeyPrefix,
} from '../../support/redis.js';
import { openEventStream } from '../../support/sse.js';
import { startTcpProxy, type TcpProxy } from '../../support/tcp-proxy.js';

describeWithRedis('stride start when Redis goes away', () => {
  const prefix = testKeyPrefix();
  let database: TestDatabase;
  let proxy: TcpProxy;
  let server: ChildProcess | undefined;
  let baseUrl: string;
  let output = '';

  beforeAll(async () => {
    database = await createTestDatabase();
    const target = new URL(REDIS_TEST_URL);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 6379) });
  });
  afterAll(async () => {
    if (server) await stopStride(server);
    await proxy.close();
    await database.drop();
    const inspect = inspectRedis();
    await deleteKeys(inspect, prefix);
    inspect.disconnect();
  });

  const env = () => ({
    DATABASE_URL: database.url,
    REDIS_URL: proxy.urlFor(REDIS_TEST_URL),
    REDIS_KEY_PREFIX: prefix,
  });
  const readyz = async () => {
    const response = await fetch(`${baseUrl}/readyz`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const say = async (token: string, text: string) => {
    const response = await fetch(`${baseUrl}/api/v1/chat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as { text: string; image?: { pngBase64: string } };
  };
  const outageWarnings = () => output.match(/Redis is unreachable/g)?.length ?? 0;

  it('keeps answering, reports Redis degraded, logs it once, and recovers by itself', async () => {
    const added = await runStride(['users', 'add', '--name', 'Ada', '--json'], env());
    expect(added.code).toBe(0);
    const { token } = JSON.parse(added.stdout) as { token: string };
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    server = await startStride({ ...env(), LOG_LEVEL: 'info' }, port);
    const record = (chunk: Buffer) => (output += chunk.toString());
    server.stdout!.on('data', record);
    server.stderr!.on('data', record);

    expect(await readyz()).toEqual({
      status: 200,
      body: { status: 'ready', checks: { database: 'ok', redis: 'ok' } },
    });
    expect((await say(token, 'habit add Read daily')).text).toContain('Read');
    const stream = await openEventStream(`${baseUrl}/api/v1/me/events`, token);

    await proxy.cut();
    await eventually(
      'readyz reports Redis degraded',
      async () => (await readyz()).body.status === 'degraded',
    );
    expect(await readyz()).toEqual({
      status: 200,
      body: { status: 'degraded', checks: { database: 'ok', redis: 'degraded' } },
    });
    expect((await say(token, 'done read')).text).toMatch(/Read/);
    await stream.until((message) => message.event === 'habit_logged');
    expect((await say(token, 'stats read')).image?.pngBase64).toEqual(expect.any(String));
    expect((await say(token, 'how am I doing?')).text).not.toMatch(/went wrong|limit/);
    for (let i = 0; i < 3; i++) await readyz();
    expect(outageWarnings()).toBe(1);

    await proxy.restore();
    await eventually(
      'readyz reports Redis ok again',
      async () => (await readyz()).body.status === 'ready',
      20_000,
    );
    // Logged before /readyz answered, but the child's output comes through a pipe, which the
    // test may read after the HTTP answer.
    await eventually('the log says Redis answers again', () => /Redis answers again/.test(output), 5_000);
    expect((await say(token, 'undo read')).text).not.toMatch(/went wrong/);
    expect(outageWarnings()).toBe(1);
    stream.close();
    expect(await stopStride(server)).toBe(0);
    server = undefined;
  }, 90_000);
});
