/** Structured logs (pino). The level comes from the config; nothing here reads the environment. */
import { pino } from 'pino';

export type Logger = pino.Logger;

/**
 * Creates the process logger; logs go to stderr so a CLI's stdout stays clean for --json output.
 * Tests pass their own destination to read what was logged.
 */
export function createLogger(
  level: string,
  destination: pino.DestinationStream = pino.destination(2),
): Logger {
  return pino({ level, base: { app: 'stride' }, serializers: { err: serializeError } }, destination);
}

/** What a logged error becomes: enough to find the failure, nothing a member wrote. */
export interface SerializedError {
  type: string;
  message: string;
  code?: string;
  constraint?: string;
  table?: string;
  column?: string;
  routine?: string;
  /** The failed statement with every literal replaced by `?`. */
  sql?: string;
  stack?: string;
  cause?: SerializedError | string;
}

/**
 * The `err` serializer of every log line (pino's `serializers.err`), so that every `{ err }` goes
 * through it. A database error's message carries the failed statement with its values
 * interpolated (knex formats them in), and PostgreSQL's own text and `detail` quote values too
 * (`Key (token_hash)=(…) already exists`, `invalid input syntax …: "…"`): notes, names and token
 * hashes. Such an error is logged as its class, SQLSTATE, constraint and the statement without
 * literals; its `detail`, `where`, `params` and the like are never copied. A string under `err`
 * (some callers log `error.message`) is cleaned the same way when it reads like SQL.
 */
export function serializeError(error: unknown, depth = 0): SerializedError | string | unknown {
  if (typeof error === 'string') return redactStatements(error);
  if (!(error instanceof Error)) return describedError(error);
  const code = (error as { code?: unknown }).code;
  const serialized: SerializedError = { type: error.name || error.constructor.name, message: error.message };
  if (code !== undefined) serialized.code = String(code);
  if (isDatabaseError(error)) {
    const fields = error as unknown as Record<string, unknown>;
    for (const key of ['constraint', 'table', 'column', 'routine'] as const) {
      if (typeof fields[key] === 'string') serialized[key] = fields[key] as string;
    }
    const statement = statementOf(error.message);
    if (statement) serialized.sql = redactSql(statement);
    const reason = safeReasonOf(error, statement);
    serialized.message = `database error${serialized.code ? ` ${serialized.code}` : ''}${
      serialized.constraint ? ` on ${serialized.constraint}` : ''
    }${reason ? `: ${reason}` : ''}`;
  } else {
    serialized.message = redactStatements(error.message);
  }
  // The stack's first lines repeat the message: keep the frames only.
  if (error.stack) serialized.stack = framesOf(error.stack);
  const cause = (error as { cause?: unknown }).cause;
  if (cause !== undefined && depth < 3) {
    serialized.cause = serializeError(cause, depth + 1) as SerializedError | string;
  }
  return serialized;
}

/**
 * SQLSTATE classes whose messages name only the schema or the server's state, never a row's
 * values (unlike 22, data, and 23, constraints): 42 (an undefined table or column, a type
 * mismatch, a syntax error), 3D and 3F (no such database or schema), 0A (not supported), 08
 * (connection), 40 (deadlock), 53 (resources), 57 (cancelled, timed out, shutting down). Their
 * reason is kept, so that a failed statement says what went wrong.
 */
const SAFE_STATE_CLASSES = new Set(['42', '3D', '3F', '0A', '08', '40', '53', '57']);

/**
 * A database error's own reason, when its SQLSTATE says it is safe. PostgreSQL's message is one
 * line, which knex puts after the statement (`… - column "x" does not exist`), and MikroORM may
 * add ` - hint: …` lines after it; a message without a statement (Snowflake's) is the reason.
 */
function safeReasonOf(error: Error, statement: string | undefined): string | undefined {
  const fields = error as unknown as Record<string, unknown>;
  const state = typeof fields.sqlState === 'string' ? fields.sqlState : fields.code;
  if (typeof state !== 'string' || !SAFE_STATE_CLASSES.has(state.slice(0, 2).toUpperCase())) return undefined;
  let reason = error.message.replace(/\s+/g, ' ');
  if (statement) {
    const lines = error.message.split('\n').filter((line) => !/^\s*- (?:hint|detail):/.test(line));
    const last = lines[lines.length - 1]!;
    reason = last.slice(last.lastIndexOf(' - ') + ' - '.length);
  }
  return redactSql(reason).slice(0, 300) || undefined;
}

/** An error in one line as the log shows it (serializeError's message): safe to show or keep. */
export function describeError(error: unknown): string {
  return error instanceof Error ? (serializeError(error) as SerializedError).message : String(error);
}

/** A plain `{ message }` some adapters log in an error's place: its message is cleaned too. */
function describedError(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const message = (value as { message?: unknown }).message;
  if (typeof message !== 'string') return value;
  const cleaned = redactStatements(message);
  return cleaned === message ? value : { ...value, message: cleaned };
}

/**
 * pg's DatabaseError (a `severity` and a SQLSTATE), MikroORM's DriverException and its subclasses
 * (which copy those fields), or anything knex prefixed with a statement.
 */
function isDatabaseError(error: Error): boolean {
  const fields = error as unknown as Record<string, unknown>;
  if (typeof fields.severity === 'string' && typeof fields.code === 'string') return true;
  if (typeof fields.sqlState === 'string' || 'sql' in fields || 'bindings' in fields) return true;
  return /Exception$/.test(error.name) && 'errno' in fields;
}

const STATEMENT_KEYWORDS =
  'with|select|insert|update|delete|merge|copy|create|alter|drop|truncate|begin|commit|set';
const SQL_START = new RegExp(`^\\s*(?:${STATEMENT_KEYWORDS})\\b`, 'i');

/**
 * A statement's first keyword at the start of a text or after a colon or line break: knex's
 * "insert into … - duplicate key …", and its pool warning "Connection Error: Error: with … - read
 * ECONNRESET" when PostgreSQL goes away mid-statement.
 */
const EMBEDDED_SQL_START = new RegExp(`(?:^\\s*|:\\s*|\\n\\s*)(?=(?:${STATEMENT_KEYWORDS})\\b)`, 'i');

/**
 * The text with any statement it holds cleaned of literals, from the statement's first keyword
 * on; a text holding none is returned as it is. Every free text that may carry a failed statement
 * (an error's message, knex's own warnings) goes through it before it is logged.
 */
export function redactStatements(text: string): string {
  const match = EMBEDDED_SQL_START.exec(text);
  if (!match) return text;
  const start = match.index + match[0].length;
  return text.slice(0, start) + redactSql(text.slice(start));
}

/** The statement knex put before " - " in the message; undefined when there is none. */
function statementOf(message: string): string | undefined {
  const firstLine = message.split('\n')[0];
  const cut = firstLine.lastIndexOf(' - ');
  if (cut < 0) return SQL_START.test(firstLine) ? firstLine : undefined;
  const statement = firstLine.slice(0, cut);
  return SQL_START.test(statement) ? statement : undefined;
}

/**
 * The text with every string literal (also E'…' and dollar-quoted), double-quoted value PostgreSQL
 * quotes in its messages and number replaced by `?`; quoted identifiers (`"habits"."name"`,
 * followed by `.`, `,`, `)` or a space before a keyword) are kept, as they only name columns.
 */
export function redactSql(text: string): string {
  return text
    .replace(/\$([A-Za-z_]*)\$[\s\S]*?\$\1\$/g, '?')
    .replace(/[Ee]?'(?:[^']|'')*'?/g, '?')
    .replace(/=\([^)]*\)/g, '=(?)')
    .replace(/: "(?:[^"]|"")*"/g, ': ?')
    .replace(/(?<![\w"$])-?\d+(?:\.\d+)?(?:e[+-]?\d+)?(?![\w"])/gi, '?');
}

function framesOf(stack: string): string {
  return stack
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .join('\n');
}
