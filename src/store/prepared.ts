/**
 * The hot path's statements (issue 16) as named prepared statements on a connection of the ORM's
 * own pool: PostgreSQL parses and plans each once per connection rather than once per request, and
 * neither MikroORM nor knex formats the values into the text. Inside a transaction a statement goes
 * through the transaction's connection (em.execute), like any other.
 *
 * Statements are written with `?` placeholders, as for em.execute; each distinct text becomes one
 * prepared statement per connection, so only fixed texts belong here (a text built with values in
 * it would prepare a new statement per value). A `?` inside a quoted literal is text here, but
 * em.execute (the fallback inside a transaction) would take it for a placeholder: keep none there.
 */
import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';

/** The part of a pooled pg client this uses (knex hands out pg's own Client). */
interface PooledClient {
  query(config: { name: string; text: string; values: unknown[] } | string): Promise<{ rows: unknown[] }>;
  /** pg's protocol connection, with its record of the statements prepared on it, by name. */
  connection?: { parsedStatements?: Record<string, string> };
}

interface KnexClient {
  acquireConnection(): Promise<PooledClient>;
  releaseConnection(connection: PooledClient): unknown;
}

interface Statement {
  name: string;
  text: string;
}

const statements = new Map<string, Statement>();

/** The statement's name (from its text) and its text with `$1…` placeholders. */
function statementFor(sql: string): Statement {
  let statement = statements.get(sql);
  if (!statement) {
    let position = 0;
    // `?` inside a quoted literal is text, not a placeholder.
    const text = sql.replace(/'(?:[^']|'')*'|\?/g, (match) => (match === '?' ? `$${++position}` : match));
    const name = `stride_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
    statement = { name, text };
    statements.set(sql, statement);
  }
  return statement;
}

// SQLSTATE 0A000: a migration changed a table a prepared `select *` reads, after it was prepared.
const CACHED_PLAN_CHANGED = '0A000';

/** A statement's text and its values, for a statement of its own or a part (a CTE) of a larger one. */
export interface StatementPart {
  sql: string;
  params: unknown[];
}

/** Runs one statement and resolves with its rows (see the module comment). */
export async function queryPrepared<T>(em: EntityManager, sql: string, values: unknown[]): Promise<T[]> {
  if (em.getTransactionContext()) return em.execute<T[]>(sql, values);
  const { name, text } = statementFor(sql);
  const client = em.getConnection().getKnex().client as unknown as KnexClient;
  const connection = await client.acquireConnection();
  try {
    try {
      return (await connection.query({ name, text, values })).rows as T[];
    } catch (error) {
      if ((error as { code?: unknown }).code !== CACHED_PLAN_CHANGED) throw error;
      // Prepared before the migration on this connection: prepare it again, once.
      await connection.query(`deallocate "${name}"`);
      delete connection.connection?.parsedStatements?.[name];
      return (await connection.query({ name, text, values })).rows as T[];
    }
  } finally {
    client.releaseConnection(connection);
  }
}
