/** The warehouse (issue 15): the port, its PostgreSQL and Snowflake implementations, and the sync. */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../config.js';
import { connectOrm } from '../store/orm.js';
import type { Warehouse } from './port.js';
import { PostgresWarehouse } from './postgres.js';
import { SnowflakeWarehouse } from './snowflake.js';

export type { SyncState, Warehouse } from './port.js';
export { PostgresWarehouse } from './postgres.js';
export { SnowflakeWarehouse } from './snowflake.js';
export { syncLag, syncWarehouse, warehouseStatus, type SyncResult, type WarehouseStatus } from './sync.js';

/**
 * The configured warehouse: Snowflake when SNOWFLAKE_ACCOUNT is set (it logs in at its first
 * statement); else the `analytics` schema in ANALYTICS_DATABASE_URL's database when set, else in
 * Stride's own (through `em`). Close it when done.
 */
export async function openWarehouse(
  config: Pick<Config, 'warehouse'>,
  em: EntityManager,
): Promise<Warehouse> {
  if (config.warehouse.snowflake) return new SnowflakeWarehouse(config.warehouse.snowflake);
  if (!config.warehouse.databaseUrl) return new PostgresWarehouse(em);
  // Its database must exist: a mistyped name must not leave a new database behind with a warehouse in it.
  const orm = await connectOrm(config.warehouse.databaseUrl, undefined, false);
  const connection = await orm.checkConnection();
  if (!connection.ok) {
    await orm.close(true);
    throw new WarehouseUnreachableError(connection.reason);
  }
  return new PostgresWarehouse(orm.em.fork(), { separateDatabase: true, onClose: () => orm.close(true) });
}

/** ANALYTICS_DATABASE_URL's database cannot be reached (or does not exist): named, with why. */
export class WarehouseUnreachableError extends Error {
  constructor(reason: string) {
    super(`Stride can't reach the warehouse database in ANALYTICS_DATABASE_URL: ${reason}`);
    this.name = 'WarehouseUnreachableError';
  }
}

/** A warehouse a long-running process keeps open (the server's /metrics reads it at each scrape). */
export interface SharedWarehouse {
  /** The warehouse, opened and prepared at the first call; a failed open is retried at the next. */
  get(): Promise<Warehouse>;
  close(): Promise<void>;
}

/** Opens the warehouse `open` gives on first use, and keeps it until closed. */
export function shareWarehouse(open: () => Promise<Warehouse>): SharedWarehouse {
  let opening: Promise<Warehouse> | undefined;
  let ready: Warehouse | undefined;
  const openAndPrepare = async () => {
    const warehouse = await open();
    try {
      // Prepared once, so that state() reads even before the first sync has created the schema.
      await warehouse.prepare();
    } catch (error) {
      await warehouse.close().catch(() => undefined);
      throw error;
    }
    ready = warehouse;
    return warehouse;
  };
  return {
    get: () =>
      (opening ??= openAndPrepare().catch((error: unknown) => {
        opening = undefined;
        throw error;
      })),
    close: async () => {
      const pending = opening;
      opening = undefined;
      if (ready) {
        const warehouse = ready;
        ready = undefined;
        await warehouse.close();
        return;
      }
      // An open that still hangs (a warehouse that does not answer) must not hold up a shutdown.
      void pending
        ?.then((warehouse) => {
          if (ready === warehouse) ready = undefined;
          return warehouse.close();
        })
        .catch(() => undefined);
    },
  };
}
