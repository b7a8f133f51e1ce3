/**
 * A local fake of Snowflake's REST API for tests that run the real snowflake-sdk. See server.ts for
 * the server, statements.ts for how SQL is answered; TESTING.md (section Snowflake).
 */
export { DEFAULT_ACCOUNT, DEFAULT_PASSWORD, DEFAULT_USERNAME, startFakeSnowflake } from './server.js';
export type { FakeSnowflake } from './server.js';
export { objectDoesNotExist } from './errors.js';
export { STATEMENT_TYPE } from './results.js';
export type { AnswerOptions } from './statements.js';
export type {
  Cell,
  Failure,
  FakeSnowflakeOptions,
  RecordedCall,
  RecordedStatement,
  Reply,
  ReplyFn,
  RouteName,
  SqlError,
  UnexpectedCall,
} from './types.js';
