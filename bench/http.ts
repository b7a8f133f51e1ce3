/**
 * Acknowledgement benchmark (DESIGN.md section 5): slash commands and API writes at 200 requests/s
 * against `stride start` on a real PostgreSQL (DATABASE_URL's server, or an embedded one), with
 * the Slack adapter in HTTP mode talking to a local fake Web API. Budget: p99 under 50 ms.
 * Requests are paced open-loop, so a slow answer cannot hide behind fewer requests.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../src/logger.js';
import type { DatabaseHandle } from '../src/store/database.js';
import { signedHeaders, slashCommandBody, startFakeSlack } from '../test/fakes/slack/index.js';
import { runStride, startStride, stopStride } from '../test/support/cli.js';
import { withAdminConnection } from '../test/support/database.js';
import { budget, ms, quantile, type BudgetCheck } from './timing.js';
import { freePort } from '../src/free-port.js';

// BENCH_RATE and BENCH_SECONDS change the load, to find where the budget breaks.
const RATE_PER_SECOND = Number(process.env.BENCH_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const SECRET = 'bench-signing-secret';

export interface HttpBench {
  requests: number;
  ratePerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  errors: number;
}

/**
 * Runs both paths against `stride start` in its own process, as it runs in production (this
 * process only sends the load and plays Slack's Web API): Slack's /done slash command, answered in
 * the ack, and the REST log upsert.
 */
export async function benchHttp(): Promise<{ slashCommand: HttpBench; apiLogUpsert: HttpBench }> {
  const logger = createLogger('silent');
  const { url, release } = await benchDatabase(logger);
  const slack = await startFakeSlack();
  const port = await freePort();
  const env = {
    DATABASE_URL: url,
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.apiUrl,
  };
  const server = await startStride(env, port);
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    const added = await runStride(['users', 'add', '--name', 'Bench', '--json'], env);
    const { token } = JSON.parse(added.stdout) as { token: string };
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const created = await fetch(`${baseUrl}/api/v1/habits`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ name: 'Read', schedule: { kind: 'daily' }, startDate: '2000-01-01' }),
    });
    const habit = (await created.json()) as { id: string };
    // The Slack member and their habit, and a warm JIT, before measuring.
    await slashCommand(baseUrl, 0, 'add Read daily');
    for (let i = 0; i < 50; i++) await slashCommand(baseUrl, 10_000 + i, `read ${day(5000 + i)}`);

    // Each request logs another day, as many members would: one row hammered 1,000 times would
    // measure PostgreSQL's row lock, not Stride.
    const slashCommandResult = await paced((i) => slashCommand(baseUrl, i + 1, `read ${day(i)}`));
    const apiResult = await paced((i) =>
      fetch(`${baseUrl}/api/v1/habits/${habit.id}/logs/${day(i + 2000)}`, {
        method: 'PUT',
        headers: auth,
        body: JSON.stringify({ status: 'done' }),
      }).then(async (res) => {
        await res.arrayBuffer();
        return res.status;
      }),
    );
    return { slashCommand: slashCommandResult, apiLogUpsert: apiResult };
  } finally {
    await stopStride(server);
    await slack.close();
    await release();
  }
}

const day = (i: number) => new Date(Date.UTC(2001, 0, 1 + i)).toISOString().slice(0, 10);

export function httpBudgets(results: { slashCommand: HttpBench; apiLogUpsert: HttpBench }): BudgetCheck[] {
  return [
    budget('slash command ack p99 at 200/s', results.slashCommand.p99Ms, 50),
    budget('API log upsert p99 at 200/s', results.apiLogUpsert.p99Ms, 50),
  ];
}

async function slashCommand(baseUrl: string, i: number, text: string): Promise<number> {
  const command = text.startsWith('add') ? '/habit' : '/done';
  const body = slashCommandBody({ command, text, user_id: 'U0BENCH', trigger_id: `bench-${i}` });
  const res = await fetch(`${baseUrl}/slack/events`, {
    method: 'POST',
    headers: signedHeaders(SECRET, body),
    body,
  });
  await res.arrayBuffer();
  return res.status;
}

/** Starts one request every 1/RATE seconds, whatever the previous ones are doing. */
async function paced(send: (i: number) => Promise<number>): Promise<HttpBench> {
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
