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
export { syncLag, syncWarehouse, type SyncResult } from './sync.js';

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
  const orm = await connectOrm(config.warehouse.databaseUrl);
  return new PostgresWarehouse(orm.em.fork(), 'analytics', () => orm.close(true));
}
