/**
 * Renders every failure as `{"error": {"id", "message"}}`. Known errors keep their status and
 * message; validation errors name the field; a database refusal of the caller's input is a 4xx;
 * an unreachable database is a 503 with Retry-After, so clients retry instead of giving up;
 * anything unknown becomes a generic 500 whose details go to the log only, never to the caller.
 */
import type { Middleware } from 'koa';
import { ZodError } from 'zod';
import {
  DATABASE_RETRY_AFTER_SECONDS,
  DatabaseUnavailableError,
  isAppError,
  isDatabaseUnavailable,
  zodMessage,
} from '../../errors.js';
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
      if (id === 'database_unavailable') {
        logger.warn({ err: error, path: koa.path }, 'database unreachable; answered 503');
        koa.set('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
      } else if (status >= 500) logger.error({ err: error, path: koa.path }, 'request failed');
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
  if (isDatabaseUnavailable(error)) {
    const unavailable = DatabaseUnavailableError();
    return { status: unavailable.status, id: unavailable.id, message: unavailable.message };
  }
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
