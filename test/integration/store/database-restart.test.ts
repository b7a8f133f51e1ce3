/**
 * PostgreSQL restarted and killed under load, under a real `stride start` (jobs on, Telegram in
 * webhook mode against the fake Bot API). The server is one of the test's own, in a temporary
 * directory: `pg_ctl restart -m fast` once, then its postmaster killed (SIGKILL) and started again
 * on the same port, while logs are written over the API and through the Telegram webhook.
 * Afterwards every acknowledged write is in the database; every refused one got 503 with
 * Retry-After (API) or "nothing was saved" (chat); /readyz reported the outage while it lasted;
 * the same process answers again without a restart, and its log holds no note that was written.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startFakeTelegram, textMessageUpdate, type FakeTelegram } from '../../fakes/telegram/index.js';
import type { RecordedCall } from '../../fakes/telegram/types.js';
import { startStride, stopStride, strideOutput } from '../../support/cli.js';
import { InProcessEventBus } from '../../../src/events/in-process.js';
import { freePort } from '../../../src/free-port.js';
import { createLogger } from '../../../src/logger.js';
import { createApiToken, createUser } from '../../../src/services/accounts.js';
import type { DatabaseHandle } from '../../../src/store/database.js';
import { clusterOf, openEmbeddedPostgres } from '../../../src/store/embedded-postgres.js';
import { connectOrm } from '../../../src/store/orm.js';
import { pgCtl, startCluster } from '../../../src/store/pg-ctl.js';

const SECRET_NOTE = 'SECRET-NOTE-restart-51c2';
const WEBHOOK_SECRET = 'restart-secret_0123';
const NOTHING_SAVED =
  "Stride can't reach its database right now, so nothing was saved; try again in a minute.";
const API_WRITERS = 4;
const CHATS = [7101, 7102, 7103];
/** Upper bound of any wait below: reached only when something is broken. */
const PATIENCE_MS = 60_000;

const logger = createLogger('silent');
let dataDir: string;
let postgres: DatabaseHandle;
let telegram: FakeTelegram;
let server: ChildProcess | undefined;
let baseUrl: string;
let token: string;
let habitId: string;

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'stride-restart-'));
  await fs.chmod(dataDir, 0o755);
  postgres = await openEmbeddedPostgres(dataDir, logger);
  telegram = await startFakeTelegram();
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  server = await startStride(
    {
      DATABASE_URL: postgres.url,
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      TELEGRAM_WEBHOOK_URL: 'https://stride.example/telegram/webhook',
      TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
    },
    port,
  );
  await telegram.waitForCall('setWebhook', undefined, 15_000);
  // The API member, written directly (the server has migrated the database by now).
  const orm = await connectOrm(postgres.url);
  try {
    const services = () => ({ em: orm.em.fork(), events: new InProcessEventBus(), now: () => new Date() });
    const user = await createUser(services(), { name: 'Ada', timezone: 'UTC' });
    token = (await createApiToken(services(), user.id)).token;
  } finally {
    await orm.close(true);
  }
  const created = await fetch(`${baseUrl}/api/v1/habits`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Meditate', schedule: { kind: 'daily' } }),
  });
  expect(created.status).toBe(201);
  habitId = ((await created.json()) as { id: string }).id;
  for (const chat of CHATS) {
    await deliver(chat, 'habit add Read daily');
    await replyIn(chat, (text) => text.includes('Added <b>Read</b>'));
  }
}, 120_000);

afterAll(async () => {
  running = false;
  if (server) await stopStride(server);
  await telegram?.close();
  await postgres?.stop();
  await fs.rm(dataDir, { recursive: true, force: true });
}, 60_000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `check` holds; fails with `what` if it never does. */
async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (const deadline = Date.now() + PATIENCE_MS; Date.now() < deadline; await sleep(50))
    if (await check()) return;
  throw new Error(`never happened: ${what}; writes so far: ${summary()}`);
}

function deliver(chat: number, text: string) {
  return telegram.deliverWebhook(
    textMessageUpdate({ from: { id: chat, first_name: `User ${chat}` }, text }),
    {
      url: `${baseUrl}/telegram/webhook`,
    },
  );
}

const answered = new Set<RecordedCall>();
/** The first message Stride sent to `chat` that `fits` and no earlier call took. */
async function replyIn(chat: number, fits: (text: string) => boolean): Promise<string> {
  const call = await telegram.waitForCall(
    'sendMessage',
    (params, recorded) =>
      String(params.chat_id) === String(chat) && !answered.has(recorded) && fits(String(params.text)),
    PATIENCE_MS,
  );
  answered.add(call);
  return String(call.params.text);
}

interface Write {
  /** Which phase of the test the write began in. */
  phase: string;
  date: string;
  /** API: the HTTP status (0: no answer at all); chat: the webhook's status. */
  status: number;
  retryAfter?: string | null;
  /** Chat: Stride's reply. */
  reply?: string;
  chat?: number;
}

let phase = 'warm-up';
let running = true;
const apiWrites: Write[] = [];
const chatWrites: Write[] = [];
/** Unique days for the API's writes: one a day from 1990 on. */
let apiDays = 0;
const apiDay = () => new Date(Date.UTC(1990, 0, 1 + apiDays++)).toISOString().slice(0, 10);

async function apiWriter(): Promise<void> {
  while (running) {
    const write: Write = { phase, date: apiDay(), status: 0 };
    try {
      const res = await fetch(`${baseUrl}/api/v1/habits/${habitId}/logs/${write.date}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ status: 'done', note: SECRET_NOTE }),
      });
      await res.arrayBuffer();
      write.status = res.status;
      write.retryAfter = res.headers.get('retry-after');
    } catch (error) {
      write.reply = String(error);
      await sleep(100); // no server to answer: do not spin
    }
    apiWrites.push(write);
  }
}

/** One member on Telegram logging one past day after another (each day once), each after the last reply. */
async function chatWriter(chat: number): Promise<void> {
  // Every other day back from yesterday: a daily habit's streak never reaches a milestone, so the
  // only messages Stride sends this chat are its replies.
  for (let daysBack = 1; running; daysBack += 2) {
    const date = new Date(Date.now() - daysBack * 86_400_000).toISOString().slice(0, 10);
    const write: Write = { phase, chat, date, status: 0 };
    try {
      write.status = (await deliver(chat, `done read ${date}`)).status;
      // The reply is the one about this day, or the refusal (a newcomer's welcome may come between).
      if (write.status === 200)
        write.reply = await replyIn(
          chat,
          (text) => text.includes(`done for ${date}`) || text === NOTHING_SAVED,
        );
    } catch (error) {
      write.reply = String(error);
      await sleep(100); // no server to answer: do not spin
    }
    chatWrites.push(write);
  }
}

const acked = (writes: Write[], inPhase: string, chat?: number) =>
  writes.filter(
    (w) =>
      w.phase === inPhase &&
      (chat === undefined || w.chat === chat) &&
      (w.status === 200 ? w.reply === undefined || w.reply.includes(`done for ${w.date}`) : false),
  ).length;
const refused = (writes: Write[], inPhase: string) =>
  writes.filter((w) => w.phase === inPhase && (w.status === 503 || w.reply === NOTHING_SAVED)).length;

/** Writes go through again on both paths, for every chat. */
async function recovered(inPhase: string): Promise<void> {
  phase = inPhase;
  await until(
    () =>
      acked(apiWrites, inPhase) >= API_WRITERS && CHATS.every((chat) => acked(chatWrites, inPhase, chat) > 0),
    `writes acknowledged again (${inPhase})`,
  );
}

/** The writes by phase and outcome, for a failure's message. */
function summary(): string {
  const counts: Record<string, number> = {};
  for (const w of [...apiWrites, ...chatWrites]) {
    const reply = w.reply?.replace(/done for \S+/, 'done for …').slice(0, 60) ?? '';
    const key = `${w.chat ? `chat ${w.chat}` : 'api'} ${w.phase}: ${w.status} ${reply}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return JSON.stringify(counts, null, 1);
}

async function readyz(): Promise<{ status: number; body: any }> {
  const res = await fetch(`${baseUrl}/readyz`);
  return { status: res.status, body: await res.json() };
}

function postmasterPid(): number {
  return Number(readFileSync(path.join(clusterOf(dataDir).dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
}

/** Rows of `sql`, on a connection of its own (the server under test may have restarted). */
async function rows<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: postgres.url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

async function storedDays(sql: string, params: unknown[]): Promise<Set<string>> {
  return new Set((await rows<{ day: string }>(sql, params)).map((row) => row.day));
}

it('keeps every acknowledged write through a restart and a kill, refuses the others clearly, and recovers', async () => {
  const writers = [
    ...Array.from({ length: API_WRITERS }, () => apiWriter()),
    ...CHATS.map((chat) => chatWriter(chat)),
  ];
  await recovered('warm-up');

  // A fast restart: sessions are ended, the server is back on the same port a moment later.
  const { dir, logFile } = clusterOf(dataDir);
  const restart = await pgCtl(['restart', '--pgdata', dir, '--log', logFile, '--mode', 'fast', '--wait']);
  expect(restart).toMatchObject({ code: 0 });
  await recovered('after restart');

  // A crash: the postmaster killed. Writes are refused and /readyz says so until it starts again.
  phase = 'killed';
  process.kill(postmasterPid(), 'SIGKILL');
  let outage: { status: number; body: any } | undefined;
  await until(async () => (outage = await readyz()).status === 503, '/readyz reporting the outage');
  expect(outage!.body).toMatchObject({ checks: { database: 'unavailable' } });
  await until(
    () => refused(apiWrites, 'killed') > 0 && refused(chatWrites, 'killed') > 0,
    'writes refused on both paths while the database is down',
  );
  expect((await readyz()).status).toBe(503);
  await startCluster(clusterOf(dataDir), logger);
  await until(async () => (await readyz()).status === 200, '/readyz ready again');
  await recovered('after kill');

  running = false;
  await Promise.all(writers);

  // Every answer is an acknowledgement or a clear refusal: no 500, no "went wrong", no silence.
  const unclear = [
    ...apiWrites.filter((w) => !(w.status === 200 || (w.status === 503 && w.retryAfter === '5'))),
    ...chatWrites.filter(
      (w) => w.status !== 200 || !(w.reply === NOTHING_SAVED || w.reply!.includes(`done for ${w.date}`)),
    ),
  ];
  expect(unclear).toEqual([]);
  // And Stride sent the chats nothing else: no "something went wrong" beside the replies waited for.
  const others = telegram
    .callsTo('sendMessage')
    .filter((call) => !answered.has(call))
    .map((call) => String(call.params.text))
    .filter((text) => !text.startsWith('👋 Welcome to Stride!'));
  expect(others).toEqual([]);

  const apiStored = await storedDays(`select date::text as day from habit_logs where habit_id = $1`, [
    habitId,
  ]);
  const lostApi = apiWrites.filter((w) => w.status === 200 && !apiStored.has(w.date));
  expect(lostApi).toEqual([]);
  for (const chat of CHATS) {
    const chatStored = await storedDays(
      `select l.date::text as day from habit_logs l join habits h on h.id = l.habit_id
        join identities i on i.user_id = h.owner_id
       where i.platform = 'telegram' and i.platform_user_id = $1`,
      [String(chat)],
    );
    const lostChat = chatWrites.filter(
      (w) => w.chat === chat && w.reply !== NOTHING_SAVED && !chatStored.has(w.date),
    );
    expect(lostChat).toEqual([]);
  }

  // The jobs' deliverer holds its lock again (stride jobs run leaves it the sending).
  await until(
    async () =>
      (
        await rows(
          `select 1 from pg_locks l join pg_stat_activity a using (pid)
            where l.locktype = 'advisory' and a.application_name = 'stride-deliverer'`,
        )
      ).length > 0,
    'the deliverer lock taken again',
  );

  // The same process throughout: it never exited, and answers now.
  expect(server!.exitCode).toBeNull();
  expect((await readyz()).status).toBe(200);
  expect(strideOutput(server!)).not.toContain(SECRET_NOTE);
  expect(await stopStride(server!)).toBe(0);
  server = undefined;
}, 240_000);
