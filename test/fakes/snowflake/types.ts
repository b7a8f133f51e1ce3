/** Shapes the fake records and accepts; shared by its modules and by tests. */
import type { IncomingHttpHeaders } from 'node:http';

/** The endpoints of Snowflake's REST protocol the fake serves (see routes in server.ts). */
export type RouteName = 'login' | 'query' | 'result' | 'telemetry' | 'logout' | 'abort' | 'heartbeat';

/** One HTTP request to a known route, as the fake received it (body un-gzipped and parsed). */
export interface RecordedCall {
  route: RouteName;
  httpMethod: string;
  path: string;
  query: Record<string, string>;
  /** The JSON body, parsed; undefined when there was none. */
  body: any;
  headers: IncomingHttpHeaders;
  at: Date;
  /** Set once the fake has answered. */
  answer?: { status: number; body: unknown };
}

export type { UnexpectedRequest as UnexpectedCall } from '../shared/call-recorder.js';

/** A canned failure for the next call of a route: an HTTP status with no Snowflake body (a 503). */
export interface Failure {
  status: number;
}

/** A value a bind or a cell can hold, as a test writes it. */
export type Cell = string | number | boolean | null | Date | Record<string, unknown> | unknown[];

/** One executed statement: its text and its binds, decoded from the driver's bindings map. */
export interface RecordedStatement {
  sqlText: string;
  /**
   * Positional binds (`?`, `:1`) in order, as the strings (or null) the driver sent; [] when none.
   * For an array bind this is the first row, and `rows` holds them all.
   */
  binds: (string | null)[];
  /** Every row of an array bind (`binds: [[…], […]]`); one row for a plain bind, [] without binds. */
  rows: (string | null)[][];
  /** The Snowflake type the driver named per bind: TEXT, FIXED, REAL, BOOLEAN, VARIANT. */
  bindTypes: string[];
  arrayBind: boolean;
  queryId: string;
  sessionToken: string;
  at: Date;
}

/** A SQL error as Snowflake sends it: HTTP 200, `success: false`. */
export interface SqlError {
  /** Snowflake's error code, e.g. `'002003'` (object does not exist). */
  code: string;
  message: string;
  sqlState?: string;
}

/** What a statement answers: rows (columns from the first row's keys, or given), or an error. */
export type Reply =
  { rows: Record<string, Cell>[]; columns?: string[]; statementTypeId?: number } | { error: SqlError };

/** Builds a reply from the statement that asked, for answers that depend on the binds. */
export type ReplyFn = (statement: RecordedStatement) => Reply;

export interface FakeSnowflakeOptions {
  /** Defaults: account `stride_test`, user `stride`, password `fake-password`. */
  account?: string;
  username?: string;
  password?: string;
}
