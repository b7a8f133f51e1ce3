/**
 * A local Snowflake for tests: the REST endpoints snowflake-sdk 3 speaks, on 127.0.0.1. The real
 * driver, given `accessUrl: fake.accessUrl` with the fake's account, user and password, logs in,
 * runs statements (binds and array binds included) and ends its session here; the test registers
 * answers by SQL pattern and reads back every statement that ran. TESTING.md, section Snowflake.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { readRaw, UnparseableBodyError } from '../telegram/request-body.js';
import { goneSession, loginFailed, objectDoesNotExist, sqlFailure } from './errors.js';
import { Recorder } from './recorder.js';
import { BadBindingsError, decodeBindings, resultData } from './results.js';
import { Answers, type AnswerOptions } from './statements.js';
import type {
  Failure,
  FakeSnowflakeOptions,
  RecordedCall,
  RecordedStatement,
  Reply,
  ReplyFn,
  RouteName,
  UnexpectedCall,
} from './types.js';

export const DEFAULT_ACCOUNT = 'stride_test';
export const DEFAULT_USERNAME = 'stride';
export const DEFAULT_PASSWORD = 'fake-password';

export interface FakeSnowflake {
  /** `http://127.0.0.1:PORT`: what snowflake-sdk's `accessUrl` option takes. */
  readonly accessUrl: string;
  readonly account: string;
  readonly username: string;
  readonly password: string;
  /** Every request to a known route, failed ones included, in arrival order. */
  readonly calls: RecordedCall[];
  /** Every statement a logged-in session ran, in arrival order (a retried one once per attempt). */
  readonly statements: RecordedStatement[];
  readonly unexpectedCalls: UnexpectedCall[];
  /** Session tokens issued and not yet deleted. */
  readonly openSessions: ReadonlySet<string>;
  callsTo(route: RouteName): RecordedCall[];
  /** Statements whose text matches (a string: case-insensitive, whitespace-insensitive substring). */
  statementsMatching(pattern: RegExp | string): RecordedStatement[];
  /** The first answered call to `route` matching `predicate`, already made or still to come. */
  waitForCall(
    route: RouteName,
    predicate?: (call: RecordedCall) => boolean,
    timeoutMs?: number,
  ): Promise<RecordedCall>;
  /** Answers statements matching `pattern` with rows or a SQL error; the newest answer wins. */
  answer(pattern: RegExp | string, reply: Reply | ReplyFn, options?: AnswerOptions): void;
  /** Makes the next call to `route` fail with a bare HTTP status (503: the driver retries). */
  failNext(route: RouteName, failure: Failure): void;
  close(): Promise<void>;
}

interface Pending {
  remainingPolls: number;
  answer: { status: number; body: unknown };
}

/** Starts the fake on an ephemeral 127.0.0.1 port. Close it in afterEach/afterAll. */
export async function startFakeSnowflake(options: FakeSnowflakeOptions = {}): Promise<FakeSnowflake> {
  const account = options.account ?? DEFAULT_ACCOUNT;
  const username = options.username ?? DEFAULT_USERNAME;
  const password = options.password ?? DEFAULT_PASSWORD;
  const recorder = new Recorder();
  const answers = new Answers();
  const statements: RecordedStatement[] = [];
  const sessions = new Set<string>();
  // Statements answered "still running", by query id: what getResultUrl answers once polled enough.
  const pending = new Map<string, Pending>();
  const report = (request: string, reason: string, body?: unknown) =>
    recorder.recordUnexpected({ request, reason, ...(body === undefined ? {} : { body }) });

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      report(`${req.method} ${req.url}`, 'internal error', { error: String(error) });
      if (!res.headersSent) sendJson(res, 500, { success: false, message: 'internal error' });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    const request = `${method} ${url.pathname}`;
    const route = routeOf(method, url);
    if (!route) {
      report(request, 'unknown route');
      return sendJson(res, 404, { success: false, message: 'not found' });
    }
    let body: unknown;
    try {
      body = parseBody(req, await readRaw(req));
    } catch (error) {
      if (!(error instanceof UnparseableBodyError)) throw error;
      report(request, `unparseable body: ${error.message}`);
      return sendJson(res, 400, { success: false, message: error.message });
    }
    const call: RecordedCall = {
      route,
      httpMethod: method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body,
      headers: req.headers,
      at: new Date(),
    };
    recorder.record(call);
    const answer = (status: number, answerBody: unknown) => {
      call.answer = { status, body: answerBody };
      sendJson(res, status, answerBody);
      recorder.settle(call);
    };
    const failure = recorder.takeFailure(route);
    if (failure) return answer(failure.status, undefined);
    if (route === 'login') return answer(200, login(call));

    // Every other route needs a session: `Authorization: Snowflake Token="…"`.
    const token = /^Snowflake Token="([^"]*)"$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token || !sessions.has(token)) return answer(200, goneSession());
    switch (route) {
      case 'query':
        return answer(200, query(call, token, request));
      case 'result': {
        const queryId = /^\/queries\/([^/]+)\/result$/.exec(url.pathname)![1]!;
        return answer(200, poll(queryId, request));
      }
      case 'logout':
        sessions.delete(token);
        return answer(200, { data: null, code: null, message: null, success: true });
      case 'telemetry':
      case 'heartbeat':
      case 'abort':
        return answer(200, { data: null, code: null, message: null, success: true });
    }
  }

  function login(call: RecordedCall): Record<string, unknown> {
    const data = (call.body as { data?: Record<string, unknown> } | undefined)?.data ?? {};
    // Account names are case-insensitive on Snowflake; user names too.
    const sameAccount = String(data.ACCOUNT_NAME ?? '').toLowerCase() === account.toLowerCase();
    const sameUser = String(data.LOGIN_NAME ?? '').toLowerCase() === username.toLowerCase();
    if (!sameAccount || !sameUser || data.PASSWORD !== password) return loginFailed();
    const token = `fake-session-${randomUUID()}`;
    sessions.add(token);
    return {
      data: {
        token,
        masterToken: `fake-master-${randomUUID()}`,
        validityInSeconds: 3600,
        masterValidityInSeconds: 14400,
        displayUserName: username.toUpperCase(),
        serverVersion: '9.0.0',
        firstLogin: false,
        remMeToken: null,
        remMeValidityInSeconds: 0,
        healthCheckInterval: 45,
        newClientForUpgrade: null,
        sessionId: Date.now(),
        parameters: [],
        sessionInfo: {
          databaseName: call.query.databaseName?.toUpperCase() ?? null,
          schemaName: call.query.schemaName?.toUpperCase() ?? null,
          warehouseName: call.query.warehouse?.toUpperCase() ?? null,
          roleName: call.query.roleName?.toUpperCase() ?? 'PUBLIC',
        },
        idToken: null,
        idTokenValidityInSeconds: 0,
        responseData: null,
        mfaToken: null,
        mfaTokenValidityInSeconds: 0,
      },
      code: null,
      message: null,
      success: true,
    };
  }

  function query(call: RecordedCall, token: string, request: string): Record<string, unknown> {
    const queryId = randomUUID();
    const sqlText = (call.body as { sqlText?: unknown } | undefined)?.sqlText;
    if (typeof sqlText !== 'string' || sqlText.trim() === '') {
      report(request, 'query-request without sqlText', call.body);
      return sqlFailure(
        { code: '000900', sqlState: '42601', message: 'SQL compilation error: Empty SQL statement.' },
        queryId,
      );
    }
    let decoded: ReturnType<typeof decodeBindings>;
    try {
      decoded = decodeBindings((call.body as { bindings?: unknown }).bindings);
    } catch (error) {
      if (!(error instanceof BadBindingsError)) throw error;
      report(request, `bad bindings: ${error.message}`, call.body);
      return sqlFailure({ code: '002049', sqlState: '22000', message: error.message }, queryId);
    }
    const statement: RecordedStatement = { sqlText, ...decoded, queryId, sessionToken: token, at: call.at };
    statements.push(statement);
    const found = answers.replyFor(statement);
    let final: Record<string, unknown>;
    let pendingPolls = 0;
    if (found === 'unanswered') {
      report(request, 'no answer registered for this query', { sqlText });
      final = sqlFailure(objectDoesNotExist('(no answer registered in the fake)'), queryId);
    } else {
      pendingPolls = found.pendingPolls;
      final =
        'error' in found.reply
          ? sqlFailure(found.reply.error, queryId)
          : { data: resultData(found.reply, queryId), code: null, message: null, success: true };
    }
    if (pendingPolls <= 0) return final;
    pending.set(queryId, { remainingPolls: pendingPolls - 1, answer: { status: 200, body: final } });
    return stillRunning(queryId);
  }

  function poll(queryId: string, request: string): unknown {
    const entry = pending.get(queryId);
    if (!entry) {
      report(request, 'result polled for an unknown query id');
      return sqlFailure(
        { code: '000709', sqlState: '02000', message: `Statement ${queryId} not found` },
        queryId,
      );
    }
    if (entry.remainingPolls > 0) {
      entry.remainingPolls -= 1;
      return stillRunning(queryId);
    }
    pending.delete(queryId);
    return entry.answer.body;
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    accessUrl: `http://127.0.0.1:${port}`,
    account,
    username,
    password,
    calls: recorder.calls,
    statements,
    unexpectedCalls: recorder.unexpectedCalls,
    openSessions: sessions,
    callsTo: (route) => recorder.callsTo(route),
    statementsMatching: (pattern) =>
      statements.filter((statement) =>
        pattern instanceof RegExp
          ? pattern.test(statement.sqlText)
          : squash(statement.sqlText).includes(squash(pattern)),
      ),
    waitForCall: (route, predicate, timeoutMs) => recorder.waitForCall(route, predicate, timeoutMs),
    answer: (pattern, reply, answerOptions) => answers.add(pattern, reply, answerOptions),
    failNext: (route, failure) => recorder.failNext(route, failure),
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

/** Snowflake's "still running" answer: the driver GETs `getResultUrl` until the result is there. */
function stillRunning(queryId: string): Record<string, unknown> {
  return {
    data: {
      queryId,
      getResultUrl: `/queries/${queryId}/result`,
      queryAbortsAfterSecs: 300,
      progressDesc: null,
    },
    code: '333333',
    message:
      'Asynchronous execution in progress. Use provided query id to perform query monitoring and management.',
    success: true,
  };
}

function routeOf(method: string, url: URL): RouteName | undefined {
  if (method === 'POST' && url.pathname === '/session/v1/login-request') return 'login';
  if (method === 'POST' && url.pathname === '/queries/v1/query-request') return 'query';
  if (method === 'GET' && /^\/queries\/[^/]+\/result$/.test(url.pathname)) return 'result';
  if (method === 'POST' && url.pathname === '/telemetry/send') return 'telemetry';
  if (method === 'POST' && url.pathname === '/session' && url.searchParams.get('delete') === 'true') {
    return 'logout';
  }
  if (method === 'POST' && url.pathname === '/session/heartbeat') return 'heartbeat';
  if (method === 'POST' && /^\/queries\/(?:[^/]+|v1)\/abort-request$/.test(url.pathname)) return 'abort';
  return undefined;
}

/** The driver gzips every JSON body it sends (`Content-Encoding: gzip`). */
function parseBody(req: IncomingMessage, raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  let bytes = raw;
  if ((req.headers['content-encoding'] ?? '').toLowerCase() === 'gzip') {
    try {
      bytes = gunzipSync(raw);
    } catch (error) {
      throw new UnparseableBodyError(`invalid gzip body: ${(error as Error).message}`);
    }
  }
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new UnparseableBodyError(`invalid JSON body: ${(error as Error).message}`);
  }
}

function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.writableEnded || res.destroyed) return;
  if (body === undefined) {
    res.writeHead(status);
    res.end();
    return;
  }
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}
