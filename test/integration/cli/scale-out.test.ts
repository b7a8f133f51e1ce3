/**
 * Stride scaled out as issue 16 runs it: two `stride start` processes and one `stride worker` on one
 * PostgreSQL database and one Redis, all three running jobs and delivering the outbox (the
 * default JOBS=on), with Slack (HTTP mode) and Telegram (webhook mode) against local fakes. The
 * same platform delivery sent to both servers is handled once; an event published in one process
 * reaches an event stream open on another, once; each job occurrence runs once however many
 * schedulers start; and a message the jobs enqueue is sent once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../../../src/free-port.js';
import { signedHeaders, slashCommandBody, startFakeSlack, type FakeSlack } from '../../fakes/slack/index.js';
import { directMessageEvent, dmChannelFor } from '../../fakes/slack/index.js';
import { eventCallbackBody } from '../../fakes/slack/signing.js';
import { startFakeTelegram, textMessageUpdate, type FakeTelegram } from '../../fakes/telegram/index.js';
import { childEnv, runStride, startStride, STRIDE_BIN, stopStride } from '../../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import {
  deleteKeys,
  describeWithRedis,
  eventually,
  inspectRedis,
  REDIS_TEST_URL,
  testKeyPrefix,
} from '../../support/redis.js';
import { openEventStream, type EventStream, type SseMessage } from '../../support/sse.js';

const SLACK_SECRET = 'scale-out-signing-secret';
const TELEGRAM_SECRET = 'scale-out-webhook-secret';

describeWithRedis('two servers and a worker on one database and one Redis', () => {
  const prefix = testKeyPrefix();
  let database: TestDatabase;
  let slack: FakeSlack;
  let telegram: FakeTelegram;
  const servers: { url: string; process: ChildProcess }[] = [];
  let worker: ChildProcess | undefined;
  let workerOutput = '';
  const streams: EventStream[] = [];

  const sql = <T>(query: string, params: unknown[] = []) =>
    database.orm.em.fork().getConnection().execute<T[]>(query, params);

  beforeAll(async () => {
    database = await createTestDatabase();
    slack = await startFakeSlack();
    telegram = await startFakeTelegram();
    const ports = [await freePort(), await freePort()];
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: REDIS_TEST_URL,
      REDIS_KEY_PREFIX: prefix,
      SLACK_BOT_TOKEN: 'xoxb-scale-out',
      SLACK_SIGNING_SECRET: SLACK_SECRET,
      SLACK_API_URL: slack.apiUrl,
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      // Behind a load balancer both servers answer at one address; here it names the first. Being
      // http://, Telegram (and its fake) refuses it, so both servers' Telegram adapters fail to
      // start: they still receive on their webhook route, and, delivering the outbox, must still
      // send rather than fail the messages the worker could send.
      TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${ports[0]}/telegram/webhook`,
      TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET,
      LOG_LEVEL: 'info',
    };
    worker = spawn(process.execPath, [STRIDE_BIN, 'worker'], { env: childEnv(env) });
    worker.stdout!.on('data', (chunk: Buffer) => (workerOutput += chunk.toString()));
    worker.stderr!.on('data', (chunk: Buffer) => (workerOutput += chunk.toString()));
    const started = await Promise.all(ports.map((port) => startStride(env, port)));
    started.forEach((child, i) => servers.push({ url: `http://127.0.0.1:${ports[i]}`, process: child }));
    for (const { url } of servers)
      await eventually(
        `${url} is subscribed to Redis`,
        async () => ((await (await fetch(`${url}/readyz`)).json()) as { status: string }).status === 'ready',
      );
    await eventually('the worker runs the jobs', () =>
      /Stride worker is running the jobs/.test(workerOutput),
    );
  }, 120_000);

  afterAll(async () => {
    for (const stream of streams) stream.close();
    const codes = await Promise.all(servers.map(({ process }) => stopStride(process)));
    const workerCode = await stopWorker();
    await slack.close();
    await telegram.close();
    await database.drop();
    const redis = inspectRedis();
    await deleteKeys(redis, prefix);
    redis.disconnect();
    expect(codes).toEqual([0, 0]);
    expect(workerCode).toBe(0);
  });

  function stopWorker(): Promise<number | null> {
    const child = worker;
    if (!child || child.exitCode !== null) return Promise.resolve(child?.exitCode ?? null);
    return new Promise((resolve) => {
      child.once('exit', (code) => resolve(code));
      child.kill('SIGTERM');
    });
  }

  /** POSTs the same request to both servers at once. */
  const toBoth = (path: string, init: () => RequestInit) =>
    Promise.all(servers.map(({ url }) => fetch(`${url}${path}`, init())));

  it('handles a Telegram update delivered to both servers once', async () => {
    const update = textMessageUpdate({
      from: { id: 5151, first_name: 'Ada' },
      text: '/habit add Read daily',
    });
    telegram.remember(update);
    const answers = await toBoth('/telegram/webhook', () => ({
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET },
      body: JSON.stringify(update),
    }));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    await telegram.waitForCall('sendMessage', (params) => String(params.chat_id) === '5151', 15_000);
    // A marker update through the other server: once it is answered, anything the first update
    // could still have caused has happened.
    const marker = textMessageUpdate({ from: { id: 5151, first_name: 'Ada' }, text: '/today' });
    telegram.remember(marker);
    await fetch(`${servers[1]!.url}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET },
      body: JSON.stringify(marker),
    });
    await eventually(
      'the marker is answered',
      () =>
        telegram.callsTo('sendMessage').filter((call) => String(call.params.chat_id) === '5151').length >= 2,
    );
    const added = telegram
      .callsTo('sendMessage')
      .filter((call) => String(call.params.chat_id) === '5151' && /Added/.test(String(call.params.text)));
    expect(added).toHaveLength(1);
    expect(await sql<{ n: number }>(`select count(*)::int as n from habits where name = 'Read'`)).toEqual([
      { n: 1 },
    ]);
  }, 30_000);

  it('handles a Slack slash command and a direct message delivered to both servers once', async () => {
    const command = slashCommandBody({
      command: '/habit',
      text: 'add Stretch daily',
      user_id: 'U0SCALE',
      trigger_id: 'trigger-scale-1',
      response_url: slack.responseUrl('scale'),
    });
    const acks = await toBoth('/slack/events', () => ({
      method: 'POST',
      headers: signedHeaders(SLACK_SECRET, command),
      body: command,
    }));
    expect(acks.map((ack) => ack.status)).toEqual([200, 200]);
    // Both acknowledge with the one answer (the second is the first's, repeated); one habit exists.
    for (const ack of acks) expect(JSON.stringify(await ack.json())).toContain('Stretch');
    expect(await sql<{ n: number }>(`select count(*)::int as n from habits where name = 'Stretch'`)).toEqual([
      { n: 1 },
    ]);

    const event = eventCallbackBody(directMessageEvent({ user: 'U0SCALE', text: 'habit list' }));
    const received = await toBoth('/slack/events', () => ({
      method: 'POST',
      headers: signedHeaders(SLACK_SECRET, event),
      body: event,
    }));
    expect(received.map((answer) => answer.status)).toEqual([200, 200]);
    const toTheDm = (call: { body: Record<string, unknown> }) =>
      call.body.channel === dmChannelFor('U0SCALE');
    await slack.waitForCall('chat.postMessage', toTheDm, 15_000);
    const marker = eventCallbackBody(directMessageEvent({ user: 'U0SCALE', text: 'today' }));
    await fetch(`${servers[0]!.url}/slack/events`, {
      method: 'POST',
      headers: signedHeaders(SLACK_SECRET, marker),
      body: marker,
    });
    await eventually(
      'the marker is answered',
      () => slack.callsTo('chat.postMessage').filter(toTheDm).length >= 2,
      15_000,
    );
    expect(slack.callsTo('chat.postMessage').filter(toTheDm)).toHaveLength(2);
  }, 30_000);

  it('brings an event published in one process to a stream open on another, once', async () => {
    const members = JSON.parse(
      (await runStride(['users', 'list', '--json'], { DATABASE_URL: database.url })).stdout,
    ) as { id: string; name: string; platforms: string[] }[];
    const ada = members.find((member) => member.platforms.includes('telegram'))!;
    const created = await runStride(['tokens', 'create', '--user', ada.id, '--json'], {
      DATABASE_URL: database.url,
    });
    const { token } = JSON.parse(created.stdout) as { token: string };
    const [onFirst, onSecond] = await Promise.all(
      servers.map(({ url }) => openEventStream(`${url}/api/v1/me/events`, token)),
    );
    streams.push(onFirst!, onSecond!);
    const api = (server: number, method: string, path: string, body?: unknown) =>
      fetch(`${servers[server]!.url}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const habits = (await (await api(0, 'GET', '/habits')).json()) as { id: string; name: string }[];
    const read = habits.find((habit) => habit.name === 'Read')!;
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);

    expect((await api(0, 'PUT', `/habits/${read.id}/logs/${twoDaysAgo}`, { status: 'missed' })).status).toBe(
      200,
    );
    const loggedThen = (message: SseMessage) =>
      message.event === 'habit_logged' && JSON.parse(message.data!).date === twoDaysAgo;
    await onSecond!.until(loggedThen, 10_000);
    // A second event, published by the other server, marks the point by which a duplicate of the
    // first would have arrived on either stream.
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    expect((await api(1, 'PUT', `/habits/${read.id}/logs/${yesterday}`, { status: 'missed' })).status).toBe(
      200,
    );
    const loggedYesterday = (message: SseMessage) =>
      message.event === 'habit_logged' && JSON.parse(message.data!).date === yesterday;
    await onFirst!.until(loggedYesterday, 10_000);
    await onSecond!.until(loggedYesterday, 10_000);
    for (const stream of [onFirst!, onSecond!]) {
      expect(stream.received.filter(loggedThen)).toHaveLength(1);
      expect(stream.received.filter(loggedYesterday)).toHaveLength(1);
    }

    // The risk job, run by an operator from a fourth process: its habit_at_risk reaches both streams.
    const run = await runStride(['jobs', 'run', 'risk', '--json'], {
      DATABASE_URL: database.url,
      REDIS_URL: REDIS_TEST_URL,
      REDIS_KEY_PREFIX: prefix,
    });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ job: 'risk', result: { atRisk: 1, alerts: 1 } });
    await onFirst!.until((message) => message.event === 'habit_at_risk', 10_000);
    await onSecond!.until((message) => message.event === 'habit_at_risk', 10_000);
  }, 60_000);

  it('sends what the jobs enqueue once, though three processes deliver', async () => {
    const alert = (call: { params: Record<string, unknown> }) =>
      String(call.params.chat_id) === '5151' && /missed its last two days/.test(String(call.params.text));
    await telegram.waitForCall('sendMessage', (params) => alert({ params }), 15_000);
    await eventually(
      'the outbox is empty',
      async () => (await sql(`select 1 from outbox where status <> 'sent'`)).length === 0,
    );
    expect(telegram.callsTo('sendMessage').filter(alert)).toHaveLength(1);
    const messages = await sql<{ kind: string; status: string; attempts: number }>(
      `select kind, status, attempts from outbox`,
    );
    expect(messages.map((message) => message.kind)).toContain('risk');
    for (const message of messages) expect(message).toMatchObject({ status: 'sent', attempts: 1 });
  }, 30_000);

  it('runs each job occurrence once, though three processes schedule the jobs', async () => {
    const runs = await sql<{ job: string; as_of: Date }>(
      `select job, as_of from job_runs order by job, as_of`,
    );
    const byJob = new Map<string, Date[]>();
    for (const run of runs) byJob.set(run.job, [...(byJob.get(run.job) ?? []), new Date(run.as_of)]);
    // Each job ran at the first start (every job runs once at once), and not once per process.
    expect([...byJob.keys()].sort()).toEqual(
      ['early-warning', 'nudges', 'reminders', 'retention', 'risk', 'warehouse-sync', 'weekly-review'].sort(),
    );
    for (const job of ['early-warning', 'nudges', 'retention', 'warehouse-sync'])
      expect([job, byJob.get(job)!.length]).toEqual([job, 1]);
    // The risk job's scheduled run, plus the operator's.
    expect(byJob.get('risk')).toHaveLength(2);
    // Every-minute jobs may have come round again, but two runs of one occurrence would be seconds apart.
    for (const job of ['reminders', 'weekly-review']) {
      const times = byJob.get(job)!;
      for (let i = 1; i < times.length; i++)
        expect(times[i]!.getTime() - times[i - 1]!.getTime()).toBeGreaterThan(30_000);
    }
  });
});
