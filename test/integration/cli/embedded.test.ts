/**
 * `npm start` with no DATABASE_URL: Stride runs on its embedded PostgreSQL under DATA_DIR, and CLI
 * commands work next to the running server on the same data directory. The server is shared: a
 * one-shot command never stops it under a running `stride start` (whichever of them started it),
 * the last process to leave stops it, and killed processes leave nothing that stops the next one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { STRIDE_BIN, childEnv, runStride, startStride, stopStride } from '../../support/cli.js';
import { freePort } from '../../../src/free-port.js';

let dataDir: string;
let server: ChildProcess | undefined;

beforeEach(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'stride-embedded-'));
  await fs.chmod(dataDir, 0o755);
});
afterEach(async () => {
  if (server) await stopStride(server);
  server = undefined;
  // A test that failed half-way may have left the server running: stop it the way Stride does.
  for (const pid of postmastersOf(dataDir)) process.kill(pid, 'SIGINT');
  await fs.rm(dataDir, { recursive: true, force: true });
});

/**
 * The pids of live PostgreSQL servers whose data directory is under `dir` (read from /proc). A
 * backend the server has just forked still shows the server's command line until it sets its own
 * title, so a process whose parent is one of them is not counted.
 */
function postmastersOf(dir: string): number[] {
  const clusterDir = path.join(dir, 'postgres');
  const found = new Map<number, number>(); // pid → parent pid
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // A server's command line names its data directory; a zombie's is empty.
      if (!readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').includes(clusterDir)) continue;
      // stat is "pid (comm) state ppid …"; comm may hold spaces, so read after its closing paren.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      found.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // ended while we looked
    }
  }
  return [...found].filter(([, parent]) => !found.has(parent)).map(([pid]) => pid);
}

async function api(port: number, token: string): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/me`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return res.status;
}

const addUser = async (name: string, env: Record<string, string>) => {
  const result = await runStride(['users', 'add', '--name', name, '--json'], env);
  expect(result).toMatchObject({ code: 0 });
  return JSON.parse(result.stdout).token as string;
};

/** `stride chat` kept open: the one-shot command that starts the server when it comes first. */
function openChat(env: Record<string, string>) {
  const child = spawn(process.execPath, [STRIDE_BIN, 'chat', '--user', 'Ada', '--json'], {
    env: childEnv(env),
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    /** Sends a line and resolves with the reply's text. */
    say: (line: string) =>
      new Promise<string>((resolve, reject) => {
        const before = stdout.length;
        const onData = () => {
          const reply = stdout.slice(before);
          if (!reply.includes('\n')) return;
          child.stdout.off('data', onData);
          resolve(JSON.parse(reply.split('\n')[0]!).text);
        };
        child.stdout.on('data', onData);
        exited.then(() => reject(new Error('stride chat ended before answering')), reject);
        child.stdin.write(`${line}\n`);
      }),
    /** Ends its input, as a person leaving the chat does, and resolves with its exit code. */
    leave: () => {
      child.stdin.end();
      return exited;
    },
  };
}

it('creates members before, during and after a running server, which answers the API', async () => {
  const env = { DATA_DIR: dataDir };
  const first = await addUser('Ada', env);
  expect(postmastersOf(dataDir)).toEqual([]);

  const port = await freePort();
  server = await startStride(env, port);
  const second = await addUser('Bo', env);
  const third = await addUser('Cy', env);
  for (const token of [first, second, third]) expect(await api(port, token)).toBe(200);
  expect(await stopStride(server)).toBe(0);
  server = undefined;
  expect(postmastersOf(dataDir)).toEqual([]);

  await addUser('Di', env);
  expect(postmastersOf(dataDir)).toEqual([]);
}, 180_000);

it('keeps serving when the one-shot command that started the server exits; its last user stops it', async () => {
  const env = { DATA_DIR: dataDir };
  const chat = openChat(env);
  expect(await chat.say('habit add Read daily')).toContain('Added **Read**');
  const [postmaster] = postmastersOf(dataDir);
  expect(postmaster).toBeDefined();

  const port = await freePort();
  server = await startStride(env, port);
  expect(await chat.leave()).toBe(0);
  // The server the chat started is the one `stride start` still uses.
  expect(postmastersOf(dataDir)).toEqual([postmaster]);
  const token = await addUser('Bo', env);
  await addUser('Cy', env);
  expect(await api(port, token)).toBe(200);

  expect(await stopStride(server)).toBe(0);
  server = undefined;
  expect(postmastersOf(dataDir)).toEqual([]);
}, 180_000);

it('starts again after the server and its user were killed (stale postmaster.pid, dead user)', async () => {
  const env = { DATA_DIR: dataDir };
  const killed = await startStride(env, await freePort());
  await new Promise((resolve) => {
    killed.once('exit', resolve);
    killed.kill('SIGKILL');
  });
  // The server outlives its killed user: it runs detached, and is now killed as a crash would.
  const [postmaster] = postmastersOf(dataDir);
  expect(postmaster).toBeDefined();
  process.kill(postmaster!, 'SIGKILL');
  expect(await fs.readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).toContain(
    String(postmaster),
  );

  const port = await freePort();
  server = await startStride(env, port);
  expect(await api(port, await addUser('Ada', env))).toBe(200);
  expect(await stopStride(server)).toBe(0);
  server = undefined;
  expect(postmastersOf(dataDir)).toEqual([]);
}, 180_000);
