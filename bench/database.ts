/**
 * The PostgreSQL server a database benchmark runs on: DATABASE_URL's server, or an embedded
 * PostgreSQL. A suite that keeps a large dataset between runs (the jobs suite) needs the embedded
 * cluster to persist, so it lives under BENCH_DATA_DIR (default ./data/bench, ignored by git)
 * rather than in a temporary directory. Also here: the scratch databases' create and drop, and the
 * statement counter the suites report SQL round trips with.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from '../src/logger.js';

export interface BenchServer {
  /** A URL of the server's maintenance database, for CREATE/DROP DATABASE. */
  url: string;
  /** Stops the embedded server this process started; a no-op otherwise. */
  stop(): Promise<void>;
}

/** DATABASE_URL's server, or the persistent embedded PostgreSQL under BENCH_DATA_DIR. */
export async function openBenchServer(logger: Logger): Promise<BenchServer> {
  // The benchmark is a tool like the tests: it reads DATABASE_URL itself rather than through the app's config.
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) return { url: serverUrl, stop: async () => {} };
  const dir = path.resolve(process.env.BENCH_DATA_DIR ?? path.join('data', 'bench'));
  const { openEmbeddedPostgres } = await import('../src/store/embedded-postgres.js');
  return openEmbeddedPostgres(dir, logger);
}

/** The URL of database `name` on the server at `serverUrl`. */
export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs `work` on one plain pg connection to `url`, closed afterwards. */
export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Whether database `name` exists on the server. */
export async function databaseExists(serverUrl: string, name: string): Promise<boolean> {
  return withClient(serverUrl, async (client) => {
    const result = await client.query('select 1 from pg_database where datname = $1', [name]);
    return result.rowCount === 1;
  });
}

/** Creates database `name` (an identifier of letters, digits and underscores). */
export async function createDatabase(serverUrl: string, name: string): Promise<void> {
  assertIdentifier(name);
  await withClient(serverUrl, (client) => client.query(`create database "${name}"`));
}

/** Drops database `name` if it exists, disconnecting its sessions. */
export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  assertIdentifier(name);
  await withClient(serverUrl, (client) => client.query(`drop database if exists "${name}" with (force)`));
}

function assertIdentifier(name: string): void {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`"${name}" is not a plain database name`);
}

export interface StatementCounter {
  start(): void;
  /** Stops counting; returns the statements counted since start. */
  stop(): number;
  restore(): void;
}

/**
 * Counts every query sent through pg's Client in this process (MikroORM's knex and any raw
 * connection), by wrapping Client.prototype.query of each copy of pg installed.
 */
export function statementCounter(): StatementCounter {
  const require = createRequire(import.meta.url);
  const copies = new Set<typeof pg.Client>([pg.Client]);
  for (const from of ['@mikro-orm/postgresql', 'knex']) {
    try {
      const resolved = createRequire(require.resolve(from))('pg') as typeof pg;
      copies.add(resolved.Client);
    } catch {
      // Not installed that way: the copies found are all there is.
    }
  }
  let counting = false;
  let count = 0;
  const originals = [...copies].map((Client) => {
    const original = Client.prototype.query;
    Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      if (counting) count++;
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof original;
    return { Client, original };
  });
  return {
    start: () => {
      count = 0;
      counting = true;
    },
    stop: () => {
      counting = false;
      return count;
    },
    restore: () => {
      for (const { Client, original } of originals) Client.prototype.query = original;
    },
  };
}
