/**
 * PostgreSQL going away under the real app: the app's ORM reaches the database through a TCP
 * proxy the test cuts and restores. While it is cut every API route answers 503 with Retry-After,
 * the chat says the database is unreachable and /readyz fails naming it; once restored the same
 * process answers again, every acknowledged write is in the database, and the log never held a
 * failed statement's values.
 */
import type { Server } from 'node:http';
import { Writable } from 'node:stream';
import { createChartRenderer } from '../../../src/charts/index.js';
import { createChatCore, type ChatCore } from '../../../src/commands/chat-core.js';
import { InProcessEventBus } from '../../../src/events/in-process.js';
import { createLogger } from '../../../src/logger.js';
import { createApiToken, createUser } from '../../../src/services/accounts.js';
import type { ServiceContext } from '../../../src/services/context.js';
import { ApiToken, HabitLog, User } from '../../../src/store/entities/index.js';
import { connectOrm, type Orm } from '../../../src/store/orm.js';
import { createApp } from '../../../src/web/app.js';
import { serveOnLoopback } from '../../support/app.js';
import { createTestCoach } from '../../support/chat.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTcpProxy, type TcpProxy } from '../../support/tcp-proxy.js';

const NOW = new Date('2026-11-20T12:00:00Z');
const SECRET_NOTE = 'SECRET-NOTE-7f3a';

let database: TestDatabase;
let proxy: TcpProxy;
let orm: Orm;
let server: Server;
let baseUrl: string;
let core: ChatCore;
let token: string;
let habitId: string;
let userId: string;
const logLines: string[] = [];

/** Collects every log line the app writes. */
const logSink = () =>
  new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });

const direct = (): ServiceContext => ({
  em: database.orm.em.fork(),
  events: new InProcessEventBus(),
  now: () => NOW,
});

beforeAll(async () => {
  database = await createTestDatabase();
  const target = new URL(database.url);
  proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  const logger = createLogger('info', logSink());
  orm = await connectOrm(proxy.urlFor(database.url), logger);
  const events = new InProcessEventBus();
  const charts = createChartRenderer();
  core = createChatCore({ orm, events, charts, coach: createTestCoach(), logger, now: () => NOW });
  ({ server, baseUrl } = await serveOnLoopback(
    createApp({ orm, events, logger, charts, chat: core, now: () => NOW }),
  ));
  const user = await createUser(direct(), { name: 'Ada', timezone: 'UTC' });
  userId = user.id;
  token = (await createApiToken(direct(), user.id)).token;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await orm.close(true);
  await proxy.close();
  await database.drop();
});

async function request(method: string, path: string, body?: unknown) {
  const response = await fetch(baseUrl + path, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

const logDay = (date: string, note?: string) =>
  request('PUT', `/api/v1/habits/${habitId}/logs/${date}`, { status: 'done', note });

const say = (text: string) =>
  core.handle({
    platform: 'telegram',
    workspace: '',
    channel: { id: '42', kind: 'dm' },
    user: { id: '42', displayName: 'Grace', timezone: 'UTC' },
    text,
    receivedAt: NOW,
  });

async function loggedDates(): Promise<string[]> {
  const logs = await direct().em.find(HabitLog, { habit: habitId }, { orderBy: { date: 'asc' } });
  return logs.map((log) => String(log.date).slice(0, 10));
}

describe('PostgreSQL unreachable', () => {
  it('answers 503 with Retry-After while it lasts, and recovers without a restart', async () => {
    const created = await request('POST', '/api/v1/habits', {
      name: 'Meditate',
      schedule: { kind: 'daily' },
    });
    expect(created.status).toBe(201);
    habitId = created.body.id;
    expect((await logDay('2026-11-01')).status).toBe(200);
    expect((await say('habit add Read')).text).not.toMatch(/went wrong|database/);

    await proxy.cut();
    for (const answer of [
      await logDay('2026-11-02', SECRET_NOTE),
      await request('GET', '/api/v1/habits'),
      await request('GET', '/api/v1/me/dashboard'),
    ]) {
      expect(answer.status).toBe(503);
      expect(answer.headers.get('retry-after')).toBe('5');
      expect(answer.body.error.id).toBe('database_unavailable');
      expect(answer.body.error.message).toMatch(/try again shortly/);
    }
    const ready = await request('GET', '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ checks: { database: 'unavailable' } });
    const reply = await say('done read');
    expect(reply.text).toBe(
      "Stride can't reach its database right now, so nothing was saved; try again in a minute.",
    );

    await proxy.restore();
    expect((await request('GET', '/readyz')).status).toBe(200);
    expect((await logDay('2026-11-03')).status).toBe(200);
    expect((await say('done read')).text).not.toMatch(/database|went wrong/);
    expect(await loggedDates()).toEqual(['2026-11-01', '2026-11-03']);
  });

  it('keeps every acknowledged write when it goes away mid-burst; the others answer 503', async () => {
    const dates = Array.from({ length: 24 }, (_, i) => `2026-10-${String(i + 1).padStart(2, '0')}`);
    const answers = new Map<string, number>();
    const writes = dates.map(async (date, i) => {
      // Spread over ~120 ms so the cut lands in the middle of the burst.
      await new Promise((resolve) => setTimeout(resolve, i * 5));
      answers.set(date, (await logDay(date, SECRET_NOTE)).status);
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await proxy.cut();
    await Promise.all(writes);
    await proxy.restore();

    const statuses = [...answers.values()];
    expect(statuses.every((status) => status === 200 || status === 503)).toBe(true);
    expect(statuses).toContain(503);
    const acknowledged = dates.filter((date) => answers.get(date) === 200);
    const stored = new Set(await loggedDates());
    for (const date of acknowledged) expect(stored).toContain(date);
    // A write answered 503 is retried by its client: it then succeeds.
    const refused = dates.filter((date) => answers.get(date) === 503);
    for (const date of refused) expect((await logDay(date)).status).toBe(200);
  });

  it('never logs a failed statement’s values, only its class, code and SQL without literals', async () => {
    const output = logLines.join('');
    expect(output).toMatch(/database unreachable/);
    expect(output).not.toContain(SECRET_NOTE);

    // A statement PostgreSQL refuses: knex and pg both put the token hash in the error's text.
    const secretHash = 'c0ffee'.repeat(10) + 'beef';
    const before = logLines.length;
    const logger = createLogger('info', logSink());
    for (let attempt = 0; attempt < 2; attempt++) {
      const em = direct().em;
      em.create(ApiToken, { user: em.getReference(User, userId), tokenHash: secretHash, prefix: 'str_' });
      await em.flush().catch((error: unknown) => logger.error({ err: error }, 'write failed'));
    }
    const failure = JSON.parse(logLines.slice(before).join('').trim().split('\n').pop()!);
    expect(failure.err).toMatchObject({
      type: 'UniqueConstraintViolationException',
      code: '23505',
      constraint: 'api_tokens_token_hash_unique',
    });
    expect(failure.err.sql).toMatch(/^insert into "api_tokens" .*values \(\?, \?/);
    expect(logLines.join('')).not.toContain(secretHash);
  });
});
