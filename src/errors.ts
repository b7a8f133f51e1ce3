/**
 * Known errors: each carries an HTTP status and a stable snake_case id, and a message safe to show
 * to a member. Anything else is an unknown error and is never shown (it becomes a generic 500).
 */
import type { ZodError } from 'zod';

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly id: string,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** 400: the input is malformed or breaks a rule. */
export const ValidationError = (message: string, id = 'validation_error') => new AppError(400, id, message);

/** 401: no valid credentials. */
export const AuthenticationError = (message = 'A valid API token is required.') =>
  new AppError(401, 'authentication_required', message);

/** 404: no such thing, or not yours (the two are never told apart). */
export const NotFoundError = (what: string) => new AppError(404, 'not_found', `${what} not found.`);

/** 409: the request clashes with the current state. */
export const ConflictError = (message: string, id = 'conflict') => new AppError(409, id, message);

/** 413: more than a request may carry. */
export const TooLargeError = (message: string) => new AppError(413, 'too_large', message);

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** How long a caller should wait before retrying while the database is unreachable (Retry-After). */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** 503: the database is unreachable; the request did nothing and can be sent again. */
export const DatabaseUnavailableError = () =>
  new AppError(
    503,
    'database_unavailable',
    "Stride can't reach its database right now; nothing was saved. Please try again shortly.",
  );

// SQLSTATEs that mean "no database to talk to": class 08 (connection exception), the server shutting
// down or starting (57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now), and no
// connection slot left (53300 too_many_connections).
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
// Socket failures on the way to the server. Only an error's own `code` counts, never its cause's:
// fetch wraps a refused connection to Slack or Gemini as a TypeError whose cause has these codes.
const UNREACHABLE_SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
// pg and its pool report a lost or refused connection without a code; knex (under MikroORM) gives
// up waiting for a pooled connection with a KnexTimeoutError. When a transaction's BEGIN fails on a
// pooled connection the server has just ended (a restart), knex swallows that error and fails the
// transaction's first statement with "Transaction query already complete" instead.
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/,
  /is not queryable/,
  /^timeout exceeded when trying to connect/,
  /^Timeout acquiring a connection/,
  /^Knex: Timeout acquiring a connection/,
  /^Transaction query already complete/,
];

/**
 * True when `error` says the database could not be reached (refused or lost connection, a server
 * shutting down or starting, no pooled connection in time), as opposed to a statement it refused.
 * The one place that tells: the API answers these with 503 and Retry-After, the chat with a
 * "try again in a minute", and nothing else treats them differently.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  // Not `instanceof Error`: a socket error made by Node's own realm (a refused connection the pool
  // passes on unwrapped) is no instance of another realm's Error, as under a test runner's sandbox.
  if (typeof error !== 'object' || error === null) return false;
  // An HTTP error (a client leaving mid-body: raw-body's ECONNABORTED 400) is about the caller.
  if ('status' in error || 'statusCode' in error) return false;
  const code = String((error as { code?: unknown }).code ?? '');
  if (code.startsWith('08') || UNAVAILABLE_SQLSTATES.has(code) || UNREACHABLE_SOCKET_CODES.has(code)) {
    return true;
  }
  const { name, message: text } = error as { name?: unknown; message?: unknown };
  if (name === 'KnexTimeoutError') return true;
  const full = typeof text === 'string' ? text : '';
  // MikroORM prefixes a driver message with the statement: "select … - Connection terminated …".
  const message = full.split(' - ').pop() ?? '';
  return UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message) || pattern.test(full));
}

/**
 * The first few problems of a ZodError as sentences a person can act on, naming each field in words:
 * `patch.schedule.n` too small becomes "The schedule's count must be at least 1." Used by the API
 * (whose error id stays `validation_error`), the chat and the CLI.
 */
export function zodMessage(error: ZodError): string {
  return error.issues.slice(0, 3).map(issueSentence).join(' ');
}

type Issue = ZodError['issues'][number];

/** Words for field names that are not plain English as they stand. */
const FIELD_WORDS: Record<string, string> = {
  n: 'count',
  times: 'number of times',
  startDate: 'start date',
  goalContribution: 'goal contribution',
  dayStartHour: 'day start hour',
  timezone: 'time zone',
  asOf: '`asOf` date',
  from: '`from` date',
  to: '`to` date',
  habits: 'habits',
  id: 'id',
};
// Wrappers that commands and services put around their input: they name nothing to a person.
const WRAPPERS = new Set(['patch', 'input', 'body', 'args', 'options', 'values', 'query', 'params']);
// Singular words for the items of a list field, so logs.2 reads "log 3".
const ITEM_WORDS: Record<string, string> = { logs: 'log', habits: 'habit', days: 'day' };

/** "the schedule's count", "log 3's date", "the input" for a path. */
function subjectOf(path: Issue['path']): string {
  const words: string[] = [];
  path.forEach((segment, index) => {
    if (typeof segment === 'number') {
      const list = path[index - 1];
      const item = typeof list === 'string' ? ITEM_WORDS[list] : undefined;
      if (item) words[words.length - 1] = `${item} ${segment + 1}`;
      else words.push(`item ${segment + 1}`);
      return;
    }
    if (typeof segment !== 'string' || (WRAPPERS.has(segment) && index < path.length - 1)) return;
    words.push(FIELD_WORDS[segment] ?? segment.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase());
  });
  if (words.length === 0) return 'the input';
  const phrase = words.join("'s ");
  return /^(log|habit|day|item) \d/.test(phrase) ? phrase : `the ${phrase}`;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
};

const quote = (value: unknown) => (typeof value === 'string' ? `"${value}"` : String(value));
const plural = (n: number | bigint, word: string) => `${n} ${word}${Number(n) === 1 ? '' : 's'}`;

/** What is wrong with the field, as the rest of a sentence: "must be at least 1". */
function predicateOf(issue: Issue): string {
  // Messages the schemas wrote themselves ("must not be empty", "needs at least one day") are
  // already predicates; zod's own defaults start with a capital ("Too small: ...").
  if (/^[a-z]/.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'too_small': {
      const min = issue.minimum;
      if (issue.origin === 'string')
        return Number(min) <= 1 ? 'must not be empty' : `must be at least ${plural(min, 'character')}`;
      if (issue.origin === 'array' || issue.origin === 'set')
        return `needs at least ${plural(min, 'entry').replace('entrys', 'entries')}`;
      return issue.inclusive === false ? `must be more than ${min}` : `must be at least ${min}`;
    }
    case 'too_big': {
      const max = issue.maximum;
      if (issue.origin === 'string') return `must be at most ${plural(max, 'character')}`;
      if (issue.origin === 'array' || issue.origin === 'set')
        return `takes at most ${plural(max, 'entry').replace('entrys', 'entries')}`;
      return issue.inclusive === false ? `must be less than ${max}` : `must be at most ${max}`;
    }
    case 'invalid_type':
      // zod says "received undefined" for a field that is not there at all.
      if (/received undefined/.test(issue.message)) return 'is missing';
      return `must be ${TYPE_WORDS[issue.expected] ?? issue.expected}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${quote(issue.values[0])}`
        : `must be one of ${issue.values.map(quote).join(', ')}`;
    case 'invalid_union': {
      const options = (issue as { options?: unknown[] }).options;
      return options?.length ? `must be one of ${options.map(quote).join(', ')}` : 'is not valid';
    }
    case 'unrecognized_keys':
      return `does not take ${issue.keys.length === 1 ? 'the field' : 'the fields'} ${issue.keys.map(quote).join(', ')}`;
    case 'invalid_format':
      return issue.format === 'uuid' ? 'must be an id' : `is not a valid ${issue.format}`;
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    default:
      return 'is not valid';
  }
}

function issueSentence(issue: Issue): string {
  const subject = subjectOf(issue.path);
  const sentence = `${subject} ${predicateOf(issue)}`;
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}${/[.!?]$/.test(sentence) ? '' : '.'}`;
}
