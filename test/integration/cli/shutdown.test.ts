/**
 * `stride start` and `stride worker` stopping on SIGTERM as an orchestrator stops them: the server
 * refuses new connections at once, closes idle keep-alive connections, ends event streams cleanly,
 * lets a request in flight (a large import still uploading) finish with 200, and exits 0; a second
 * signal exits at once. The worker releases every job lock and exits 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { request, type IncomingMessage } from 'node:http';
import net from 'node:net';
import { STRIDE_BIN, childEnv, startStride } from '../../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { createApiToken, createUser } from '../../../src/services/accounts.js';
import { InProcessEventBus } from '../../../src/events/in-process.js';
import { HabitLog } from '../../../src/store/entities/index.js';
import { freePort } from '../../../src/free-port.js';

let database: TestDatabase;
let token: string;
let child: ChildProcess | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
  const services = () => ({
    em: database.orm.em.fork(),
    events: new InProcessEventBus(),
    now: () => new Date(),
  });
  const user = await createUser(services(), { name: 'Ada', timezone: 'UTC' });
  token = (await createApiToken(services(), user.id)).token;
});
afterEach(() => {
  if (child?.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = undefined;
});
afterAll(() => database.drop());

const exitOf = (process: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (process.exitCode !== null) resolve(process.exitCode);
    else process.once('exit', (code) => resolve(code));
  });

/** A keep-alive connection that has had its answer and sits idle; resolves when the server closes it. */
async function idleConnection(port: number): Promise<Promise<void>> {
  const socket = net.connect(port, '127.0.0.1');
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve) => {
    socket.once('data', () => resolve());
    socket.write('GET /healthz HTTP/1.1\r\nHost: stride\r\nConnection: keep-alive\r\n\r\n');
  });
  return closed;
}

/** Whether a new connection to `port` is refused now. */
function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

/**
 * A request sent as a slow client sends it: headers first (with `Expect: 100-continue`, so the
 * server says it has the request in hand), then half the body; `finish()` sends the rest.
 */
async function slowRequest(port: number, method: string, path: string, body: string) {
  const bytes = Buffer.from(body);
  const req = request({
    host: '127.0.0.1',
    port,
    method,
    path,
    agent: false,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'content-length': bytes.length,
      expect: '100-continue',
    },
  });
  const response = new Promise<{ res: IncomingMessage; text: string }>((resolve, reject) => {
    req.once('response', (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.once('end', () => resolve({ res, text }));
      res.once('error', reject);
    });
    req.once('error', reject);
  });
  response.catch(() => undefined); // read by the caller, or abandoned with the process
  await new Promise<void>((resolve) => {
    req.once('continue', () => resolve());
    req.flushHeaders();
  });
  req.write(bytes.subarray(0, bytes.length >> 1));
  return {
    response,
    finish: () => req.end(bytes.subarray(bytes.length >> 1)),
  };
}

/** An open /me/events stream, read through its `: connected` comment. */
async function eventStream(port: number) {
  const response = await fetch(`http://127.0.0.1:${port}/api/v1/me/events`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  expect((await reader.read()).value).toContain(': connected');
  return {
    /** Reads to the end: resolves when the server ends the stream, rejects if it is cut. */
    ended: async () => {
      for (;;) if ((await reader.read()).done) return;
    },
  };
}

/** Ten thousand days of logs from 1990 on: the largest import the API takes. */
function largeImport(): string {
  const logs = Array.from({ length: 10_000 }, (_, i) => ({
    date: new Date(Date.UTC(1990, 0, 1 + i)).toISOString().slice(0, 10),
    status: 'done',
  }));
  return JSON.stringify({ logs });
}

async function createHabit(port: number): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/habits`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: `Read ${Math.random()}`, schedule: { kind: 'daily' } }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

describe('stride start on SIGTERM', () => {
  it('refuses new connections, closes idle ones, ends streams, finishes the request in flight, exits 0', async () => {
    const port = await freePort();
    child = await startStride({ DATABASE_URL: database.url }, port);
    const habitId = await createHabit(port);
    const idleClosed = await idleConnection(port);
    const stream = await eventStream(port);
    const upload = await slowRequest(port, 'POST', `/api/v1/habits/${habitId}/logs`, largeImport());
    const exited = exitOf(child);

    child.kill('SIGTERM');
    await idleClosed;
    await stream.ended();
    while (!(await refused(port))) await new Promise((resolve) => setTimeout(resolve, 50));

    // The import was in flight all along: its body arrives now, and it is done in full.
    upload.finish();
    const { res, text } = await upload.response;
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(text)).toEqual({ imported: 10_000 });
    expect(res.headers.connection).toBe('close');
    expect(await exited).toBe(0);
    expect(await database.orm.em.fork().count(HabitLog, { habit: habitId })).toBe(10_000);
  }, 120_000);

  it('exits at once on a second signal, without waiting for the request in flight', async () => {
    const port = await freePort();
    child = await startStride({ DATABASE_URL: database.url }, port);
    const habitId = await createHabit(port);
    const upload = await slowRequest(
      port,
      'PUT',
      `/api/v1/habits/${habitId}/logs/2026-01-05`,
      JSON.stringify({ status: 'done' }),
    );
    const exited = exitOf(child);
    child.kill('SIGTERM');
    // The first stop waits for the upload, which never finishes; the second signal ends it.
    while (!(await refused(port))) await new Promise((resolve) => setTimeout(resolve, 50));
    child.kill('SIGTERM');
    expect(await exited).toBe(128 + 15);
    await expect(upload.response).rejects.toThrow(/socket hang up|ECONNRESET/);
  }, 120_000);
});

describe('stride worker on SIGTERM', () => {
  it('stops its jobs, leaves none locked and exits 0', async () => {
    child = spawn(process.execPath, [STRIDE_BIN, 'worker'], {
      env: childEnv({ DATABASE_URL: database.url, LOG_LEVEL: 'info' }),
    });
    let output = '';
    await new Promise<void>((resolve, reject) => {
      // The log goes to stderr.
      child!.stderr!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Stride worker is running the jobs')) resolve();
      });
      child!.once('exit', () => reject(new Error(`the worker exited early:\n${output}`)));
    });
    const exited = exitOf(child);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const [{ locked }] = await database.orm.em
      .fork()
      .getConnection()
      .execute<{ locked: number }[]>(
        'select count(*)::int as locked from agenda_jobs where locked_at is not null',
      );
    expect(locked).toBe(0);
    expect(output).toContain('"msg":"stopped"');
  }, 120_000);
});
