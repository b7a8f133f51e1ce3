/**
 * Where the database is: the configured DATABASE_URL, or the embedded PostgreSQL under DATA_DIR.
 */
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';

/** A database to connect to, and how to let go of it (stops an embedded server we started). */
export interface DatabaseHandle {
  url: string;
  stop(): Promise<void>;
}

/** Resolves the database for this process from the configuration. */
export async function openDatabase(config: Config, logger: Logger): Promise<DatabaseHandle> {
  if (config.databaseUrl) return { url: config.databaseUrl, stop: async () => {} };
  // Loaded only when used: a configured server needs none of the embedded one's machinery.
  const { openEmbeddedPostgres } = await import('./embedded-postgres.js');
  return openEmbeddedPostgres(config.dataDir, logger);
}
