/** The SQL a piece of work sends to PostgreSQL, however it is sent (the ORM, or a prepared statement). */
import pg from 'pg';

/**
 * Runs `work` with every statement pg sends recorded; a statement matching `failing` is refused
 * (as by a database that just went away) instead of being sent.
 */
export async function withStatements<T>(
  work: () => Promise<T>,
  failing?: RegExp,
): Promise<{ result: T; sent: string[] }> {
  const sent: string[] = [];
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const [config] = args as [string | { text: string }];
    const text = typeof config === 'string' ? config : config.text;
    if (failing?.test(text)) return Promise.reject(new Error('Connection terminated unexpectedly'));
    sent.push(text);
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  try {
    return { result: await work(), sent };
  } finally {
    pg.Client.prototype.query = query;
  }
}
