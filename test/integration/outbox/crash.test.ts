/**
 * A process killed in the middle of a run (SIGKILL: no shutdown, no cleanup) and started again:
 * every member still gets their reminder, once. Telegram is reached through a gate that lets a few
 * sends through and holds the rest unanswered, so the kill lands while sends are in flight, at the
 * same point every time; what the killed process held is delivered by the next one once its claim
 * lapses.
 */
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildHabit } from '../../support/builders.js';
import { childEnv, runStride, STRIDE_BIN } from '../../support/cli.js';
import { NOW, startOutboxHarness, type OutboxHarness } from '../../support/outbox.js';

const MEMBERS = 20;
/** Sends the gate answers before it holds the rest. */
const LET_THROUGH = 5;
const chatIds = Array.from({ length: MEMBERS }, (_, i) => String(9100 + i));

let sut: OutboxHarness;
let gate: Gate;

beforeAll(async () => {
  sut = await startOutboxHarness();
  for (const chatId of chatIds) {
    const member = await sut.member('telegram', chatId, { privateChannel: chatId });
    await buildHabit(sut.services(), member, { name: 'Read', startDate: '2026-11-01' });
  }
  // Every member's daily reminder at 11:30 UTC; the runs below are as of 12:00.
  await sut.sql(`update users set reminder_minute = 690`);
  gate = await startGate(sut.telegram.apiRoot, LET_THROUGH);
});

afterAll(async () => {
  await gate?.close();
  await sut?.close();
});

const sentRows = async () =>
  (await sut.sql<{ n: number }>(`select count(*)::int as n from outbox where status = 'sent'`))[0]!.n;

it('sends every reminder once when the sending process is killed mid-run and another runs after it', async () => {
  const env = {
    DATABASE_URL: sut.database.url,
    TELEGRAM_BOT_TOKEN: sut.telegram.token,
    TELEGRAM_API_ROOT: sut.telegram.apiRoot,
  };
  const child = spawn(process.execPath, [STRIDE_BIN, 'jobs', 'run', 'reminders', '--at', NOW.toISOString()], {
    env: childEnv({ ...env, TELEGRAM_API_ROOT: gate.url }),
    stdio: 'ignore',
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  // Killed once the sends that went through are recorded and the next ones hang at the gate.
  await waitFor(async () => (await sentRows()) === LET_THROUGH && gate.held() > 0);
  child.kill('SIGKILL');
  await exited;

  const rows = await sut.sql<{ status: string; n: number }>(
    `select status, count(*)::int as n from outbox group by status`,
  );
  expect(Object.fromEntries(rows.map((row) => [row.status, row.n]))).toEqual({
    queued: MEMBERS - LET_THROUGH,
    sent: LET_THROUGH,
  });
  expect(sut.telegram.callsTo('sendMessage')).toHaveLength(LET_THROUGH);

  // The same run again, straight away: nothing new to enqueue; the killed process's claims hold.
  const again = await runStride(['jobs', 'run', 'reminders', '--at', NOW.toISOString()], env);
  expect(again.stdout).toContain('enqueued 0');
  // Any run once those claims lapsed (10 minutes) delivers the rest.
  const later = new Date(Date.now() + 11 * 60_000).toISOString();
  const next = await runStride(['jobs', 'run', 'retention', '--at', later], env);
  expect(next.stdout).toMatch(/delivered here: \d+ sent, 0 to retry, 0 dead/);

  expect(await sentRows()).toBe(MEMBERS);
  const sends = sut.telegram.callsTo('sendMessage').map((call) => String(call.params.chat_id));
  expect(sends.sort()).toEqual([...chatIds].sort());
}, 90_000);

interface Gate {
  url: string;
  /** Requests held unanswered. */
  held(): number;
  close(): Promise<void>;
}

/** A pass-through to the fake Bot API that answers `letThrough` sendMessage calls, then holds them. */
async function startGate(apiRoot: string, letThrough: number): Promise<Gate> {
  let sends = 0;
  const held: ServerResponse[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.url?.endsWith('/sendMessage') && ++sends > letThrough) {
        held.push(res);
        return;
      }
      void fetch(`${apiRoot.replace(/\/$/, '')}${req.url}`, {
        method: req.method,
        headers: { 'content-type': req.headers['content-type'] ?? 'application/json' },
        ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
      }).then(async (answer) => {
        res.writeHead(answer.status, {
          'content-type': answer.headers.get('content-type') ?? 'application/json',
        });
        res.end(Buffer.from(await answer.arrayBuffer()));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    held: () => held.length,
    close: () =>
      new Promise((resolve) => {
        for (const res of held) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the condition');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
