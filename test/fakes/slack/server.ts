/**
 * `startFakeSlack()`: one node:http server on 127.0.0.1 serving Slack's Web API under /api/, the file
 * upload URLs, response_url endpoints and the Socket Mode WebSocket, recording everything it is sent.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FileStore, UploadRefusedError } from './files.js';
import { readRaw, sendJson, sendText } from './http.js';
import { DEFAULT_IDENTITY } from './identity.js';
import type { FakeSlackIdentity } from './identity.js';
import { ResponseUrls } from './response-urls.js';
import { FakeSocketMode } from './socket-mode.js';
import type {
  Failure,
  FakeSlackUser,
  RecordedCall,
  RecordedUpload,
  RequestBody,
  UnexpectedCall,
} from './types.js';
import { Signal } from './waiting.js';
import { WebApiEndpoint } from './web-api-endpoint.js';

export interface FakeSlackOptions {
  /** Overrides of the workspace/bot/app identity (auth.test, hello, ids in responses). */
  identity?: Partial<FakeSlackIdentity>;
  /** users.info answers by id; ids not listed get a generated user (America/New_York, no admin). */
  users?: Record<string, Partial<FakeSlackUser>>;
  /** When set, only this bot token is accepted (else any `xoxb-`/`xoxp-` token). */
  botToken?: string;
  /** When set, only this app-level token is accepted by apps.connections.open (else any `xapp-`). */
  appToken?: string;
}

export interface FakeSlack {
  /** What WebClient's / Bolt's `slackApiUrl` takes: `http://127.0.0.1:PORT/api/`. */
  apiUrl: string;
  identity: FakeSlackIdentity;
  /** Every Web API call, in arrival order (retries are separate calls). */
  calls: RecordedCall[];
  /** Requests the fake refused or did not understand; assert it is empty. */
  unexpectedCalls: UnexpectedCall[];
  /** Bytes received at upload URLs. */
  uploads: RecordedUpload[];
  callsTo(method: string): RecordedCall[];
  /** The first call (past or future) to `method` that satisfies `predicate`. */
  waitForCall(
    method: string,
    predicate?: (call: RecordedCall) => boolean,
    timeoutMs?: number,
  ): Promise<RecordedCall>;
  /** Serves `failure` instead of the next call to `method`; queue several by calling it again. */
  failNext(method: string, failure: Failure): void;
  /** Changes what users.info answers for `id` from now on, e.g. makes them a workspace admin. */
  setUser(id: string, user: Partial<FakeSlackUser>): void;
  /** A loopback URL that records JSON POSTs as Slack's response_url does. */
  responseUrl(id: string): string;
  /** The bodies POSTed to `responseUrl(id)`, in order. */
  responses(id: string): RequestBody[];
  /** The `index`-th (0-based) body POSTed to `responseUrl(id)`, once it arrives. */
  waitForResponse(id: string, timeoutMs?: number, index?: number): Promise<RequestBody>;
  socketMode: FakeSocketMode;
  /** Resolves once the HTTP and WebSocket servers have stopped. */
  close(): Promise<void>;
}

/** Starts the fake on an ephemeral 127.0.0.1 port. */
export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const identity: FakeSlackIdentity = { ...DEFAULT_IDENTITY, ...options.identity };
  const unexpectedCalls: UnexpectedCall[] = [];
  const report = (request: string, reason: string, body?: unknown) => {
    unexpectedCalls.push({ request, reason, ...(body === undefined ? {} : { body }), at: new Date() });
  };
  const signal = new Signal();
  let baseUrl = '';

  const files = new FileStore(identity, () => baseUrl);
  const socketMode = new FakeSocketMode(identity, () => baseUrl.replace(/^http/, 'ws'), report);
  const responseUrls = new ResponseUrls(report, signal);
  // A copy: setUser() must not change the caller's object.
  const users: Record<string, Partial<FakeSlackUser>> = { ...options.users };
  const state = { identity, users, files, openedChannels: new Set<string>() };
  const api = new WebApiEndpoint(
    { ...state, issueSocketUrl: () => socketMode.issueUrl() },
    options,
    report,
    signal,
  );

  async function handleUpload(fileId: string, req: IncomingMessage, res: ServerResponse, raw: Buffer) {
    try {
      const upload = await files.receive(fileId, req, raw);
      signal.notify();
      // What files.slack.com answers; the SDK only checks for status 200.
      sendText(res, 200, `OK - ${upload.bytes.length}`);
    } catch (error) {
      if (!(error instanceof UploadRefusedError)) throw error;
      report(`POST /upload/v1/${fileId}`, error.message);
      sendText(res, error.status, error.message);
    }
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readRaw(req);
    const [, area, ...rest] = new URL(req.url ?? '/', 'http://fake').pathname.split('/');
    const id = decodeURIComponent(rest.join('/'));
    if (req.method === 'POST' && area === 'api' && id) return api.handle(id, req, res, raw);
    if (req.method === 'POST' && area === 'upload' && rest[0] === 'v1' && rest[1]) {
      return handleUpload(decodeURIComponent(rest[1]), req, res, raw);
    }
    if (req.method === 'POST' && area === 'response' && id) return responseUrls.handle(id, req, res, raw);
    report(`${req.method} ${req.url}`, 'no such route', raw.toString('utf8'));
    sendJson(res, 404, { ok: false, error: 'not_found' });
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      // A bug in the fake itself: make it as visible as a refused call.
      report(`${req.method} ${req.url}`, `fake crashed: ${(error as Error).stack ?? String(error)}`);
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'fatal_error' });
      else res.destroy();
    });
  });
  server.on('upgrade', (req, socket, head) => socketMode.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const { calls } = api;
  return {
    apiUrl: `${baseUrl}/api/`,
    identity,
    calls,
    unexpectedCalls,
    uploads: files.uploads,
    socketMode,
    callsTo: (method) => calls.filter((call) => call.method === method),
    waitForCall: (method, predicate = () => true, timeoutMs = 5000) =>
      signal.waitUntil(
        () => calls.find((call) => call.method === method && predicate(call)),
        timeoutMs,
        () =>
          `waiting for a ${method} call (calls so far: ${calls.map((call) => call.method).join(', ') || 'none'})`,
      ),
    failNext: (method, failure) => api.failNext(method, failure),
    setUser: (id, user) => {
      users[id] = { ...users[id], ...user };
    },
    responseUrl: (id) => responseUrls.issue(id, baseUrl),
    responses: (id) => responseUrls.received(id),
    waitForResponse: (id, timeoutMs = 5000, index = 0) =>
      signal.waitUntil(
        () => responseUrls.received(id)[index],
        timeoutMs,
        () => `waiting for POST #${index + 1} to response_url ${id}`,
      ),
    close: async () => {
      signal.close('the fake Slack server was closed');
      // Sockets first, so that clients finishing their close handshake are not cut off mid-way.
      let socketError: unknown;
      await socketMode.close().catch((error: unknown) => {
        socketError = error;
      });
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive sockets of the SDK's fetch would otherwise hold close() open until they time out.
        server.closeAllConnections();
      });
      if (socketError !== undefined) throw socketError;
    },
  };
}
