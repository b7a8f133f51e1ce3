/**
 * Gives every test run a real PostgreSQL: the server at DATABASE_URL (as in CI), or else an
 * embedded PostgreSQL in a temporary directory, so `npm test` needs no server installed. Workers
 * read the admin URL from STRIDE_TEST_ADMIN_URL and create one database per test file.
 * Nothing here skips: an unreachable database fails the run, under CI and everywhere else.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../../src/logger.js';
import { openEmbeddedPostgres } from '../../src/store/embedded-postgres.js';
import type { DatabaseHandle } from '../../src/store/database.js';
import { withAdminConnection } from './database.js';

declare global {
  var __strideTestDatabase: { handle: DatabaseHandle; dir?: string } | undefined;
}

/** Starts (or finds) the test run's PostgreSQL and publishes its admin URL to the workers. */
export async function startTestDatabaseServer(): Promise<void> {
  let handle: DatabaseHandle;
  let dir: string | undefined;
  if (process.env.DATABASE_URL) {
    handle = { url: process.env.DATABASE_URL, stop: async () => {} };
  } else {
    // /tmp, not the checkout: the postgres system user must be able to reach the directory.
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'stride-test-'));
    await fs.chmod(dir, 0o755);
    handle = await openEmbeddedPostgres(dir, createLogger('warn'));
  }
  try {
    await withAdminConnection(handle.url, (execute) => execute('select 1'));
  } catch (error) {
    await handle.stop();
    throw new Error(`The tests need PostgreSQL and could not reach it: ${(error as Error).message}`);
  }
  process.env.STRIDE_TEST_ADMIN_URL = handle.url;
  globalThis.__strideTestDatabase = { handle, dir };
}

/** Stops the embedded PostgreSQL the setup started, and removes its directory. */
export async function stopTestDatabaseServer(): Promise<void> {
  const database = globalThis.__strideTestDatabase;
  if (!database) return;
  await database.handle.stop();
  if (database.dir) await fs.rm(database.dir, { recursive: true, force: true });
}
