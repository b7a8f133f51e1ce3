/**
 * One logged-in Snowflake session through snowflake-sdk: statements one at a time, each resolved
 * with its rows. snowflake-sdk (122 MB, with the AWS SDK inside) is imported only when Snowflake is
 * configured, so a PostgreSQL warehouse never loads it.
 */
import type { Bind, Connection, ConnectionOptions } from 'snowflake-sdk';
import type { SnowflakeConfig } from '../config.js';

/** A result row: column names as Snowflake answers them (upper case unless quoted otherwise). */
export type SnowflakeRow = Record<string, unknown>;

export interface SnowflakeSession {
  execute(sqlText: string, binds?: readonly Bind[]): Promise<SnowflakeRow[]>;
  /** Ends the session (the temporary tables go with it). */
  close(): Promise<void>;
}

/** snowflake-sdk's options for the configured account; the secret goes to the driver only. */
export function connectionOptions(config: SnowflakeConfig): ConnectionOptions {
  const credentials: ConnectionOptions =
    config.auth.kind === 'password'
      ? { password: config.auth.password }
      : {
          authenticator: 'SNOWFLAKE_JWT',
          ...(config.auth.privateKey ? { privateKey: config.auth.privateKey } : {}),
          ...(config.auth.privateKeyPath ? { privateKeyPath: config.auth.privateKeyPath } : {}),
          ...(config.auth.passphrase ? { privateKeyPass: config.auth.passphrase } : {}),
        };
  return {
    account: config.account,
    username: config.username,
    ...credentials,
    database: config.database,
    schema: config.schema,
    warehouse: config.warehouse,
    ...(config.role ? { role: config.role } : {}),
    ...(config.accessUrl ? { accessUrl: config.accessUrl } : {}),
    // Lets the account's administrators find Stride's statements in QUERY_HISTORY.
    queryTag: 'stride-warehouse',
  };
}

/**
 * Logs in and sets the session up. Rejects when the login fails: `connectAsync()` resolves even
 * then (TESTING.md, section Snowflake), so the callback form decides.
 */
export async function openSnowflakeSession(config: SnowflakeConfig): Promise<SnowflakeSession> {
  const { default: snowflake } = await import('snowflake-sdk');
  // The driver logs to the console by default; its errors reach us as rejections instead.
  snowflake.configure({ logLevel: 'OFF' });
  const connection = snowflake.createConnection(connectionOptions(config));
  await new Promise<void>((resolve, reject) => {
    connection.connect((error) => {
      if (!error) return resolve();
      reject(
        new Error(
          `Snowflake refused the login of ${config.username} to account ${config.account}: ${error.message}`,
          { cause: error },
        ),
      );
    });
  });
  const session = sessionOf(connection);
  try {
    // Statements and their binds speak UTC; see snowflake-sql.ts for why quoted names ignore case.
    await session.execute(`alter session set TIMEZONE = 'UTC'`);
    await session.execute(`alter session set QUOTED_IDENTIFIERS_IGNORE_CASE = true`);
  } catch (error) {
    await session.close().catch(() => undefined);
    throw error;
  }
  return session;
}

function sessionOf(connection: Connection): SnowflakeSession {
  return {
    execute: (sqlText, binds) =>
      new Promise((resolve, reject) => {
        connection.execute({
          sqlText,
          ...(binds && binds.length > 0 ? { binds: [...binds] } : {}),
          complete: (error, _statement, rows) => (error ? reject(error) : resolve(rows ?? [])),
        });
      }),
    close: () =>
      new Promise((resolve, reject) => {
        if (!connection.isUp()) return resolve();
        connection.destroy((error) => (error ? reject(error) : resolve()));
      }),
  };
}
