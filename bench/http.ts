/**
 * Acknowledgement benchmark (DESIGN.md section 5, issue 16 points 1 and 2): the chat hot path and
 * the REST log upsert against `stride start` on a real PostgreSQL (DATABASE_URL's server, or an
 * embedded one), with the Slack adapter in HTTP mode, Telegram on its webhook and Discord on its
 * gateway, talking to the local fakes.
 *
 * The scene is a team's stand-up at 9:00: MEMBERS members, each with a daily "Standup" habit and
 * half a year of logs, each sending `/done standup` (Slack), the same in a Telegram DM or as a
 * Discord interaction, and an API client logging days of the past year. Two measures:
 * - open loop at BENCH_RATE requests/s (200) for BENCH_SECONDS (5): p50/p95/p99 of each path, so a
 *   slow answer cannot hide behind fewer requests. Budget: p99 under 50 ms.
 * - closed loop, CONCURRENCY clients as fast as answers come: requests/s of each path and of a
 *   baseline, a bare Koa + `pg` endpoint doing one upsert per request in its own process
 *   (bench/baseline-server.ts), in rounds of every path in turn. Targets: the REST upsert at 50%
 *   of the baseline or more, the Slack command at 25% or more.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { createLogger } from '../src/logger.js';
import type { DatabaseHandle } from '../src/store/database.js';
import { signedHeaders, slashCommandBody, startFakeSlack } from '../test/fakes/slack/index.js';
import { DEFAULT_TOKEN, startFakeTelegram, textMessageUpdate } from '../test/fakes/telegram/index.js';
import { slashCommandInteraction, startFakeDiscord, type FakeDiscord } from '../test/fakes/discord/index.js';
import { startStride, stopStride } from '../test/support/cli.js';
import { withAdminConnection } from '../test/support/database.js';
import { freePort } from '../src/free-port.js';
import { postgresCpuMs, processCpuMs, selfCpuMs } from './cpu.js';
import { budget, ms, quantile, type BudgetCheck } from './timing.js';

// BENCH_RATE and BENCH_SECONDS change the load, to find where the budget breaks.
const RATE_PER_SECOND = Number(process.env.BENCH_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = 16;
/**
 * The closed loops run in rounds, each path in turn within a round, and each path's throughput and
 * share of the baseline are over all its rounds: the VM's speed drifts within a run, and a share
 * taken from two loops a minute apart measured the drift as much as the server.
 */
const CLOSED_LOOP_ROUNDS = 3;
const CLOSED_LOOP_SECONDS = 3;
const WARM_UP_SECONDS = 3;
/** Members of the team; each path's requests go round them, as a stand-up's would. */
const MEMBERS = 2000;
const HISTORY_DAYS = 180;
/** The members a paced phase reaches (one request each): 0 to PACED_MEMBERS - 1. */
const PACED_MEMBERS = RATE_PER_SECOND * SECONDS;
const SLACK_SECRET = 'bench-signing-secret';
const TELEGRAM_SECRET = 'bench-webhook-secret';
/** Telegram user ids of the members: TELEGRAM_BASE_ID + member number; Discord's likewise. */
const TELEGRAM_BASE_ID = 700_000_000;
const DISCORD_BASE_ID = 800_000_000_000_000_000n;

export interface PacedResult {
  requests: number;
  ratePerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  errors: number;
}

export interface ClosedLoopResult {
  /** Over all rounds. */
  requestsPerSecond: number;
  errors: number;
  /** requestsPerSecond over the baseline's; absent for the baseline itself. */
  ofBaseline?: number;
  /** Each round's share of the same round's baseline, to see the spread; absent for the baseline. */
  roundShares?: number[];
  /**
   * CPU milliseconds per request, over all rounds: the path's server (Stride, or the baseline's),
   * every PostgreSQL process, and this process (the load generator and the fake platforms). Absent
   * where /proc cannot be read.
   */
  cpuMsPerRequest: CpuMs;
}

interface CpuMs {
  server?: number;
  database?: number;
  loadGenerator: number;
}

export interface HttpBench {
  members: number;
  paced: {
    slashCommand: PacedResult;
    telegramWebhook: PacedResult;
    discordInteraction: PacedResult;
    apiLogUpsert: PacedResult;
  };
  closedLoop: {
    concurrency: number;
    rounds: number;
    secondsPerRound: number;
    baseline: ClosedLoopResult;
    apiLogUpsert: ClosedLoopResult;
    slashCommand: ClosedLoopResult;
    telegramWebhook: ClosedLoopResult;
    discordInteraction: ClosedLoopResult;
  };
}

/** A way to send the i-th request of a path; resolves to the HTTP status. */
type Send = (i: number) => Promise<number>;

/**
 * Runs every path against `stride start` in its own process, as it runs in production (this
 * process only sends the load and plays Slack's, Telegram's and Discord's APIs).
 */
export async function benchHttp(): Promise<HttpBench> {
  const logger = createLogger('silent');
  const { url, release } = await benchDatabase(logger);
  const slack = await startFakeSlack();
  const telegram = await startFakeTelegram();
  const discord = await startFakeDiscord();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = {
    DATABASE_URL: url,
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: SLACK_SECRET,
    SLACK_API_URL: slack.apiUrl,
    TELEGRAM_BOT_TOKEN: DEFAULT_TOKEN,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    TELEGRAM_WEBHOOK_URL: `${baseUrl}/telegram/webhook`,
    TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET,
    DISCORD_TOKEN: discord.token,
    DISCORD_APPLICATION_ID: discord.applicationId,
    DISCORD_API_URL: discord.apiUrl,
  };
  // BENCH_CPU_PROF_DIR: the server writes a CPU profile there when it stops (to see where time goes).
  const profileDir = process.env.BENCH_CPU_PROF_DIR;
  const server = await startStride(
    env,
    port,
    undefined,
    profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [],
  );
  await discord.waitForReady(30_000);
  const baseline = await startBaseline(url);
  try {
    const team = await seedTeam(url);
    const paths = {
      slashCommand: (i: number) => slashDone(baseUrl, i),
      telegramWebhook: (i: number) => telegramDone(baseUrl, i),
      discordInteraction: (i: number) => discordDone(discord, i),
      apiLogUpsert: (i: number) => apiLog(baseUrl, i, team),
    };
    // A warm JIT, heap and caches before measuring, as a server has long before 9:00, on the
    // members the paced phases do not reach: theirs stay each member's first log of the day.
    // The baseline too: measured cold, it gave half the requests/s it gives warm.
    const sendBaseline: Send = (i) => baselineLog(baseline.url, i, team.today);
    for (const send of [...Object.values(paths), sendBaseline])
      await closedLoop(send, WARM_UP_SECONDS, PACED_MEMBERS);

    const paced = {
      slashCommand: await openLoop(paths.slashCommand),
      telegramWebhook: await openLoop(paths.telegramWebhook),
      discordInteraction: await openLoop(paths.discordInteraction),
      apiLogUpsert: await openLoop(paths.apiLogUpsert),
    };
    const stride = server.pid;
    const loops = await closedLoopRounds({
      baseline: { send: sendBaseline, serverPid: baseline.pid },
      apiLogUpsert: { send: paths.apiLogUpsert, serverPid: stride },
      slashCommand: { send: paths.slashCommand, serverPid: stride },
      telegramWebhook: { send: paths.telegramWebhook, serverPid: stride },
      discordInteraction: { send: paths.discordInteraction, serverPid: stride },
    });
    return {
      members: MEMBERS,
      paced,
      closedLoop: {
        concurrency: CONCURRENCY,
        rounds: CLOSED_LOOP_ROUNDS,
        secondsPerRound: CLOSED_LOOP_SECONDS,
        ...loops,
      },
    };
  } finally {
    await stopStride(server);
    await baseline.stop();
    await slack.close();
    await telegram.close();
    await discord.close();
    await release();
  }
}

export function httpBudgets(results: HttpBench): BudgetCheck[] {
  const { paced, closedLoop } = results;
  return [
    budget('slash command ack p99 at 200/s', paced.slashCommand.p99Ms, 50),
    budget('Telegram webhook ack p99 at 200/s', paced.telegramWebhook.p99Ms, 50),
    budget('Discord interaction ack p99 at 200/s', paced.discordInteraction.p99Ms, 50),
    budget('API log upsert p99 at 200/s', paced.apiLogUpsert.p99Ms, 50),
    // Shares of the baseline, as budgets "under" a limit: the share missing must stay under 50% / 75%.
    budget(
      'API log upsert below the baseline (share missing, %)',
      100 - 100 * closedLoop.apiLogUpsert.ofBaseline!,
      50,
    ),
    budget(
      'slash command below the baseline (share missing, %)',
      100 - 100 * closedLoop.slashCommand.ofBaseline!,
      75,
    ),
  ];
}

/**
 * The team: MEMBERS members with a Slack identity, a Telegram DM, an API token
 * (`stride_bench<i>`) and a daily "Standup" habit logged on most of the last HISTORY_DAYS days.
 * Written with SQL, as the app's own tables would hold them.
 */
async function seedTeam(url: string): Promise<Team> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('begin');
    await client.query(
      `create temporary table team on commit drop as
       select n, gen_random_uuid() as user_id, gen_random_uuid() as habit_id
       from generate_series(0, $1::int - 1) n`,
      [MEMBERS],
    );
    await client.query(
      `insert into users (id, name, timezone, day_start_hour, created_at, updated_at)
       select user_id, 'Member ' || n, 'UTC', 0, now(), now() from team`,
    );
    await client.query(
      `insert into identities (id, user_id, platform, workspace, platform_user_id, display_name, dm_channel,
         created_at, updated_at)
       select gen_random_uuid(), user_id, 'slack', 'T0STRIDE1', 'UB' || n, 'Member ' || n, null, now(), now()
       from team
       union all
       select gen_random_uuid(), user_id, 'telegram', '', ($1::bigint + n)::text, 'Member ' || n,
         ($1::bigint + n)::text, now(), now()
       from team
       union all
       select gen_random_uuid(), user_id, 'discord', '', ($2::numeric + n)::text, 'Member ' || n, null, now(), now()
       from team`,
      [TELEGRAM_BASE_ID, DISCORD_BASE_ID.toString()],
    );
    await client.query(
      `insert into api_tokens (id, user_id, token_hash, prefix, created_at, updated_at)
       select gen_random_uuid(), user_id, encode(sha256(convert_to('stride_bench' || n, 'UTF8')), 'hex'),
         'stride_benc', now(), now()
       from team`,
    );
    await client.query(
      `insert into habits (id, owner_id, name, schedule, status, paused_spans, start_date, declared_start_date,
         rule_history, created_at, updated_at)
       select habit_id, user_id, 'Standup', '{"kind": "daily"}', 'active', '[]',
         current_date - $1::int, current_date - $1::int, '[]', now(), now()
       from team`,
      [HISTORY_DAYS],
    );
    await client.query(
      `insert into habit_logs (id, habit_id, date, status, source, created_at, updated_at)
       select gen_random_uuid(), habit_id, current_date - d, 'done', 'slack', now(), now()
       from team, generate_series(1, $1::int) d
       where (n * 7 + d * 13) % 10 < 8`,
      [HISTORY_DAYS],
    );
    const habits = await client.query<{ habit_id: string }>(`select habit_id from team order by n`);
    await client.query('commit');
    await client.query('vacuum analyze');
    const { rows } = await client.query<{ today: string }>(`select current_date::text as today`);
    return { today: rows[0]!.today, habitIds: habits.rows.map((row) => row.habit_id) };
  } finally {
    await client.end();
  }
}

interface Team {
  /** Today in the members' time zone (UTC). */
  today: string;
  /** Each member's Standup habit, by member number. */
  habitIds: string[];
}

const member = (i: number) => i % MEMBERS;

/** `/done standup` from the i-th request's member. */
async function slashDone(baseUrl: string, i: number): Promise<number> {
  const body = slashCommandBody({
    command: '/done',
    text: 'standup',
    user_id: `UB${member(i)}`,
    trigger_id: `bench-${i}-${randomBytes(4).toString('hex')}`,
  });
  const res = await fetch(`${baseUrl}/slack/events`, {
    method: 'POST',
    headers: signedHeaders(SLACK_SECRET, body),
    body,
  });
  await res.arrayBuffer();
  return res.status;
}

/** `/done standup` in the i-th request's member's Telegram DM, delivered to the webhook. */
async function telegramDone(baseUrl: string, i: number): Promise<number> {
  const id = TELEGRAM_BASE_ID + member(i);
  const update = textMessageUpdate({
    from: { id, first_name: `Member ${member(i)}` },
    text: '/done standup',
  });
  const res = await fetch(`${baseUrl}/telegram/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET },
    body: JSON.stringify(update),
  });
  await res.arrayBuffer();
  return res.status;
}

/**
 * `/done habit:standup` from the i-th request's member in a DM with the bot, over the fake's
 * gateway; answered when Stride's interaction callback reaches the fake's REST API.
 */
async function discordDone(discord: FakeDiscord, i: number): Promise<number> {
  const interaction = discord.pushInteraction(
    slashCommandInteraction({
      user: { id: (DISCORD_BASE_ID + BigInt(member(i))).toString() },
      name: 'done',
      options: { habit: 'standup' },
      dm: true,
    }),
  );
  const callback = await discord.waitForCall(
    'createInteractionResponse',
    (call) => call.params.interactionId === interaction.id,
    60_000,
  );
  return callback.answer?.status ?? 200;
}

/** The API logs a day of the past year (a client catching up), for the i-th request's member. */
async function apiLog(baseUrl: string, i: number, { today, habitIds }: Team): Promise<number> {
  const habit = habitIds[member(i)]!;
  const res = await fetch(`${baseUrl}/api/v1/habits/${habit}/logs/${dayBefore(today, i % 365)}`, {
    method: 'PUT',
    headers: { authorization: `Bearer stride_bench${member(i)}`, 'content-type': 'application/json' },
    body: JSON.stringify({ status: 'done' }),
  });
  await res.arrayBuffer();
  return res.status;
}

async function baselineLog(baseUrl: string, i: number, today: string): Promise<number> {
  const res = await fetch(`${baseUrl}/logs/${member(i)}/${dayBefore(today, i % 365)}`, { method: 'PUT' });
  await res.arrayBuffer();
  return res.status;
}

function dayBefore(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - days);
  return date.toISOString().slice(0, 10);
}

/** Starts one request every 1/RATE seconds, whatever the previous ones are doing. */
async function openLoop(send: Send): Promise<PacedResult> {
  const total = RATE_PER_SECOND * SECONDS;
  const latencies: number[] = [];
  let errors = 0;
  const start = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / RATE_PER_SECOND;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const sent = performance.now();
    inflight.push(
      send(i).then(
        (status) => {
          latencies.push(performance.now() - sent);
          if (status >= 400) errors++;
        },
        () => void errors++,
      ),
    );
  }
  await Promise.all(inflight);
  return {
    requests: total,
    ratePerSecond: RATE_PER_SECOND,
    p50Ms: ms(quantile(latencies, 0.5)),
    p95Ms: ms(quantile(latencies, 0.95)),
    p99Ms: ms(quantile(latencies, 0.99)),
    errors,
  };
}

interface LoopCount {
  answered: number;
  errors: number;
  seconds: number;
  cpuMs: CpuMs;
  /** Where the next request's member numbering goes on. */
  next: number;
}

/**
 * CONCURRENCY clients, each sending its next request when its last is answered, for `seconds`;
 * `serverPid` is the process that answers them, whose CPU is counted.
 */
async function closedLoop(send: Send, seconds: number, first = 0, serverPid?: number): Promise<LoopCount> {
  const cpuBefore = cpuNow(serverPid);
  let next = first;
  let answered = 0;
  let errors = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        const status = await send(next++).catch(() => 599);
        answered++;
        if (status >= 400) errors++;
      }
    }),
  );
  const cpuAfter = cpuNow(serverPid);
  return {
    answered,
    errors,
    seconds: (performance.now() - start) / 1000,
    next,
    cpuMs: {
      server: difference(cpuBefore.server, cpuAfter.server),
      database: difference(cpuBefore.database, cpuAfter.database),
      loadGenerator: cpuAfter.loadGenerator - cpuBefore.loadGenerator,
    },
  };
}

function cpuNow(serverPid: number | undefined): CpuMs {
  return { server: processCpuMs(serverPid), database: postgresCpuMs(), loadGenerator: selfCpuMs() };
}

function difference(before: number | undefined, after: number | undefined): number | undefined {
  return before === undefined || after === undefined ? undefined : after - before;
}

const rate = (count: Pick<LoopCount, 'answered' | 'seconds'>) => count.answered / count.seconds;

/**
 * The closed loops, CLOSED_LOOP_ROUNDS rounds of every path in turn (see CLOSED_LOOP_ROUNDS), and
 * each path's share of the baseline's throughput.
 */
async function closedLoopRounds<P extends string>(
  paths: Record<'baseline' | P, { send: Send; serverPid?: number }>,
): Promise<Record<'baseline' | P, ClosedLoopResult>> {
  const names = Object.keys(paths) as ('baseline' | P)[];
  const rounds = new Map(names.map((name) => [name, [] as LoopCount[]]));
  for (let round = 0; round < CLOSED_LOOP_ROUNDS; round++) {
    for (const name of names) {
      const counts = rounds.get(name)!;
      const { send, serverPid } = paths[name];
      counts.push(await closedLoop(send, CLOSED_LOOP_SECONDS, counts.at(-1)?.next ?? 0, serverPid));
    }
  }
  const total = (counts: LoopCount[]) => ({
    answered: counts.reduce((sum, count) => sum + count.answered, 0),
    seconds: counts.reduce((sum, count) => sum + count.seconds, 0),
  });
  const base = rounds.get('baseline')!;
  const baseRate = rate(total(base));
  const results = {} as Record<'baseline' | P, ClosedLoopResult>;
  for (const name of names) {
    const counts = rounds.get(name)!;
    const all = total(counts);
    const perRequest = (part: keyof CpuMs): number | undefined => {
      let spent = 0;
      for (const count of counts) {
        const cpu = count.cpuMs[part];
        if (cpu === undefined) return undefined;
        spent += cpu;
      }
      return ms(spent / all.answered);
    };
    const result: ClosedLoopResult = {
      requestsPerSecond: Math.round(rate(all)),
      errors: counts.reduce((sum, count) => sum + count.errors, 0),
      cpuMsPerRequest: {
        server: perRequest('server'),
        database: perRequest('database'),
        loadGenerator: perRequest('loadGenerator')!,
      },
    };
    if (name !== 'baseline') {
      result.ofBaseline = ms(rate(all) / baseRate);
      result.roundShares = counts.map((count, round) => ms(rate(count) / rate(base[round]!)));
    }
    results[name] = result;
  }
  return results;
}

/** The baseline server (bench/baseline-server.ts) in its own process, on the bench's database. */
async function startBaseline(url: string): Promise<{ url: string; pid?: number; stop(): Promise<void> }> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'baseline-server.ts'), url],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const port = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the baseline server exited (${code})`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = /^listening (\d+)$/.exec(line);
      if (match) resolve(match[1]!);
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid,
    stop: () =>
      new Promise((resolve) => {
        child.removeAllListeners('exit');
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** A fresh database on DATABASE_URL's server, or an embedded PostgreSQL in a temporary directory. */
async function benchDatabase(
  logger: ReturnType<typeof createLogger>,
): Promise<{ url: string; release(): Promise<void> }> {
  let handle: DatabaseHandle;
  let dir: string | undefined;
  // The benchmark is a tool like the tests: it reads DATABASE_URL itself rather than through the app's config.
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    handle = { url: serverUrl, stop: async () => {} };
  } else {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'stride-bench-'));
    await fs.chmod(dir, 0o755);
    const { openEmbeddedPostgres } = await import('../src/store/embedded-postgres.js');
    handle = await openEmbeddedPostgres(dir, logger);
  }
  const name = `stride_bench_${randomBytes(4).toString('hex')}`;
  await withAdminConnection(handle.url, (execute) => execute(`create database "${name}"`));
  const url = new URL(handle.url);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    release: async () => {
      await withAdminConnection(handle.url, (execute) =>
        execute(`drop database if exists "${name}" with (force)`),
      );
      await handle.stop();
      if (dir) await fs.rm(dir, { recursive: true, force: true });
    },
  };
}
