/**
 * Renders every failure as `{"error": {"id", "message"}}`. Known errors keep their status and
 * message; validation errors name the field; a database refusal of the caller's input is a 4xx;
 * anything unknown becomes a generic 500 whose details go to the log only, never to the caller.
 */
import type { Middleware } from 'koa';
import { ZodError } from 'zod';
import { isAppError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { databaseRefusal } from '../../services/constraints.js';

interface HttpError {
  status?: number;
  expose?: boolean;
  message?: string;
  type?: string;
}

/** The outermost middleware: every error below it becomes a JSON answer with the right status. */
export function errorHandler(logger: Logger): Middleware {
  return async (koa, next) => {
    try {
      await next();
      if (koa.status === 404 && koa.body === undefined) {
        koa.status = 404;
        koa.body = { error: { id: 'not_found', message: 'There is no such route.' } };
      }
    } catch (error) {
      const { status, id, message } = describe(error);
      if (status >= 500) logger.error({ err: error, path: koa.path }, 'request failed');
      else if (databaseRefusal(error))
        logger.warn({ err: error, path: koa.path }, 'input reached the database unchecked');
      koa.status = status;
      koa.type = 'application/json';
      koa.body = { error: { id, message } };
    }
  };
}

function describe(error: unknown): { status: number; id: string; message: string } {
  if (isAppError(error)) return { status: error.status, id: error.id, message: error.message };
  if (error instanceof ZodError) return { status: 400, id: 'validation_error', message: zodMessage(error) };
  const refusal = databaseRefusal(error);
  if (refusal) return { status: refusal.status, id: refusal.id, message: refusal.message };
  const http = error as HttpError;
  if (http.status === 405)
    return { status: 405, id: 'method_not_allowed', message: 'That method is not allowed here.' };
  if (http.status === 413) return { status: 413, id: 'too_large', message: 'The request body is too large.' };
  if (http.status === 415) {
    return { status: 415, id: 'unsupported_media_type', message: 'Send the body as application/json.' };
  }
  if (http.status && http.status >= 400 && http.status < 500) {
    // The body parser's errors: say what is wrong without echoing the parser's internals.
    const invalidJson = http.type === 'entity.parse.failed' || /json/i.test(http.message ?? '');
    return invalidJson
      ? { status: 400, id: 'invalid_json', message: 'The request body is not valid JSON.' }
      : { status: http.status, id: 'bad_request', message: 'The request could not be read.' };
  }
  return {
    status: 500,
    id: 'internal_error',
    message: 'Something went wrong on our side. Please try again.',
  };
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
