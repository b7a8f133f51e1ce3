/**
 * MikroORM on PostgreSQL. Migrations are listed statically (migrations/index.ts) so they run the
 * same under tsx, jest and a build, with no file globbing; the schema is never `update()`d at boot.
 */
import { Migrator } from '@mikro-orm/migrations';
import { MikroORM, type Options } from '@mikro-orm/postgresql';
import { migrationsList } from '../../migrations/index.js';
import { redactStatements, type Logger } from '../logger.js';
import { entitySchemas } from './entities/index.js';

export type Orm = MikroORM;

/** The job scheduler's tables (src/jobs/scheduler.ts). */
export const AGENDA_TABLES = ['agenda_jobs', 'agenda_logs'] as const;

/** The ORM options for a database URL. */
export function ormOptions(url: string, logger?: Logger): Options {
  return {
    clientUrl: url,
    entities: entitySchemas,
    extensions: [Migrator],
    discovery: { disableDynamicFileAccess: true },
    migrations: { migrationsList, transactional: true, allOrNothing: true, snapshot: false },
    // Agenda's tables are its own (created by a migration from the backend's SQL), and the
    // warehouse's change log is written by triggers only: never diffed.
    schemaGenerator: { skipTables: [...AGENDA_TABLES, 'warehouse_changes'] },
    pool: { min: 0, max: 10 },
    driverOptions: {
      // With the database unreachable (packets dropped, not refused) a request waits this long for a
      // connection, then fails as unavailable (503) rather than hanging for knex's default minute.
      acquireConnectionTimeout: 10_000,
      // knex's own warnings ("Connection Error: …" when PostgreSQL goes away) go to the log, not
      // to the console. One that went away mid-statement quotes the statement with its values in:
      // they are cleaned like an error's message.
      ...(logger && { log: knexLog(logger) }),
    },
    // Every request and job forks its own EntityManager; the global one must never be used.
    allowGlobalContext: false,
    debug: false,
    logger: (message) => logger?.debug({ orm: message }),
  };
}

function knexLog(logger: Logger) {
  const write = (level: 'debug' | 'warn' | 'error') => (message: unknown) =>
    logger[level]({ knex: redactStatements(typeof message === 'string' ? message : String(message)) });
  return { debug: write('debug'), warn: write('warn'), error: write('error'), deprecate: write('warn') };
}

/**
 * Connects the ORM to the database at `url`, creating the database when it is missing unless
 * `ensureDatabase` is false (a database named by mistake must not appear silently).
 */
export async function connectOrm(url: string, logger?: Logger, ensureDatabase = true): Promise<Orm> {
  return MikroORM.init({ ...ormOptions(url, logger), ensureDatabase });
}

/** Applies every pending migration; returns the names applied. */
export async function migrate(orm: Orm): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((migration) => migration.name);
}
