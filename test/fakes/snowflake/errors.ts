/** Snowflake's failure answers: HTTP 200 with `success: false`, a string code and a message. */
import type { SqlError } from './types.js';

/** The login failure snowflake-sdk turns into a rejected connect (GS code 390100). */
export function loginFailed(): Record<string, unknown> {
  return {
    data: { nextAction: 'RETRY_LOGIN', authnMethod: 'USERNAME_PASSWORD', signInOptions: {} },
    code: '390100',
    message: 'Incorrect username or password was specified.',
    success: false,
    headers: null,
  };
}

/** A request with a session token the fake never issued or has deleted (GS code 390111). */
export function goneSession(): Record<string, unknown> {
  return {
    data: null,
    code: '390111',
    message: 'Session no longer exists.  New login required to access the service.',
    success: false,
    headers: null,
  };
}

/** A statement's SQL error; the driver reads `data.sqlState` into the error's `sqlState`. */
export function sqlFailure(error: SqlError, queryId: string): Record<string, unknown> {
  return {
    data: {
      internalError: false,
      errorCode: error.code,
      age: 0,
      sqlState: error.sqlState ?? '42000',
      queryId,
      line: -1,
      pos: -1,
      type: 'COMPILATION',
    },
    code: error.code,
    message: error.message,
    success: false,
    headers: null,
  };
}

/** Snowflake's error for an object the query names but the schema does not hold. */
export function objectDoesNotExist(name: string): SqlError {
  return {
    code: '002003',
    sqlState: '42S02',
    message: `SQL compilation error:\nObject '${name}' does not exist or not authorized.`,
  };
}
