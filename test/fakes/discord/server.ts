/**
 * A local Discord for tests: REST under `/api/v10` and the gateway WebSocket on the same port. The
 * real discord.js Client, given `rest: { api: fake.apiUrl }`, discovers the gateway through
 * `GET /gateway/bot`, logs in, receives the interactions a test pushes and answers them by REST;
 * the test reads what was called.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DiscordApiError, rateLimited } from './errors.js';
import { FakeGateway } from './gateway.js';
import { DEFAULT_APPLICATION_ID, DEFAULT_TOKEN, botUserFor, type DiscordUser } from './identity.js';
import type { Interaction } from './interactions.js';
import { Recorder } from './recorder.js';
import { UnparseableBodyError, parseBody, readRaw } from './request-body.js';
import { matchRoute, type RouteAnswer, type RouteName } from './routes.js';
import type { Failure, FakeDiscordOptions, GatewayFrame, RecordedCall, UnexpectedCall } from './types.js';

const API_PREFIX = '/api/v10';

export interface FakeDiscord {
  /** `http://127.0.0.1:PORT/api`: what discord.js's `rest.api` option takes (it appends `/v10`). */
  readonly apiUrl: string;
  /** `ws://127.0.0.1:PORT`: the gateway URL `GET /gateway/bot` hands out. */
  readonly gatewayUrl: string;
  readonly token: string;
  readonly applicationId: string;
  readonly bot: DiscordUser;
  /** Every REST call to a known route, failed ones included, in arrival order. */
  readonly calls: RecordedCall[];
  readonly unexpectedCalls: UnexpectedCall[];
  /** Every gateway frame clients sent (IDENTIFY, heartbeats, …). */
  readonly gatewayFrames: GatewayFrame[];
  callsTo(route: RouteName): RecordedCall[];
  /** The first answered call to `route` matching `predicate`, already made or still to come. */
  waitForCall(
    route: RouteName,
    predicate?: (call: RecordedCall) => boolean,
    timeoutMs?: number,
  ): Promise<RecordedCall>;
  /** Makes the next call to `route` fail; several failures queue up in order. */
  failNext(route: RouteName, failure: Failure): void;
  /** Resolves once a gateway client has identified and been sent READY. */
  waitForReady(timeoutMs?: number): Promise<void>;
  /** Dispatches INTERACTION_CREATE (see interactions.ts for builders) and returns the interaction. */
  pushInteraction<T extends Interaction>(interaction: T): T;
  /** Dispatches any gateway event to every identified client. */
  dispatch(type: string, data: unknown): void;
  /**
   * Stops listening and cuts every connection. Rejects if a gateway client was still connected
   * after a grace period: destroy the client first.
   */
  close(): Promise<void>;
}

/** Starts the fake on an ephemeral 127.0.0.1 port. Close it in afterEach/afterAll. */
export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const token = options.token ?? DEFAULT_TOKEN;
  const applicationId = options.applicationId ?? DEFAULT_APPLICATION_ID;
  const bot = botUserFor(applicationId, options.bot);
  const recorder = new Recorder();
  const messages = new Map<string, Record<string, unknown>>();
  let gatewayUrl = '';
  const report = (request: string, reason: string, body?: unknown) =>
    recorder.recordUnexpected({ request, reason, ...(body === undefined ? {} : { body }) });
  const gateway = new FakeGateway(
    {
      token,
      applicationId,
      bot,
      guilds: options.guilds ?? [],
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 45_000,
      url: () => gatewayUrl,
    },
    report,
  );

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      report(describe(req), 'internal error', { error: String(error) });
      if (!res.headersSent) sendJson(res, 500, { message: '500: Internal Server Error', code: 0 });
      else res.destroy();
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket, head: Buffer) =>
    gateway.handleUpgrade(req, socket, head),
  );

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const raw = await readRaw(req);
    if (!url.pathname.startsWith(`${API_PREFIX}/`)) {
      report(describe(req), 'not under /api/v10');
      return sendJson(res, 404, { message: '404: Not Found', code: 0 });
    }
    const path = decodeURIComponent(url.pathname.slice(API_PREFIX.length));
    const matched = matchRoute(req.method ?? 'GET', path);
    if (!matched) {
      report(describe(req), 'unknown route');
      return sendJson(res, 404, { message: '404: Not Found', code: 0 });
    }
    if (matched.route.authorized && req.headers.authorization !== `Bot ${token}`) {
      // Redacted: a misconfigured test could be sending a real token.
      report(describe(req), req.headers.authorization ? 'wrong token' : 'no Authorization header');
      return sendJson(res, 401, { message: '401: Unauthorized', code: 0 });
    }
    let parsed: ReturnType<typeof parseBody>;
    try {
      parsed = parseBody(req, raw);
    } catch (error) {
      if (!(error instanceof UnparseableBodyError)) throw error;
      report(describe(req), `unparseable body: ${error.message}`);
      return sendJson(res, 400, { message: error.message, code: 50109 });
    }
    const call: RecordedCall = {
      route: matched.route.name,
      httpMethod: req.method ?? 'GET',
      path,
      params: matched.params,
      query: Object.fromEntries(url.searchParams),
      ...parsed,
      headers: req.headers,
      at: new Date(),
    };
    recorder.record(call);
    const failure = recorder.takeFailure(call.route);
    if (failure) {
      if ('retryAfter' in failure) {
        const limited = rateLimited(failure.retryAfter, failure.global ?? false, `fake-${call.route}`);
        call.answer = { status: 429, body: limited.body };
        sendJson(res, 429, limited.body, limited.headers);
      } else {
        const body = { message: failure.message ?? `${failure.status}: Error`, code: failure.code ?? 0 };
        call.answer = { status: failure.status, body };
        sendJson(res, failure.status, body);
      }
      return recorder.settle(call);
    }
    let answer: RouteAnswer;
    try {
      answer = matched.route.handle({ call, applicationId, bot, gatewayUrl, messages });
    } catch (error) {
      if (!(error instanceof DiscordApiError)) throw error;
      answer = { status: error.status, body: error.toBody() };
    }
    call.answer = { status: answer.status, body: answer.body };
    sendJson(res, answer.status, answer.body);
    recorder.settle(call);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  gatewayUrl = `ws://127.0.0.1:${port}`;

  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    gatewayUrl,
    token,
    applicationId,
    bot,
    calls: recorder.calls,
    unexpectedCalls: recorder.unexpectedCalls,
    gatewayFrames: gateway.frames,
    callsTo: (route) => recorder.callsTo(route),
    waitForCall: (route, predicate, timeoutMs) => recorder.waitForCall(route, predicate, timeoutMs),
    failNext: (route, failure) => recorder.failNext(route, failure),
    waitForReady: (timeoutMs) => gateway.waitForReady(timeoutMs),
    pushInteraction(interaction) {
      gateway.dispatch('INTERACTION_CREATE', interaction);
      return interaction;
    },
    dispatch: (type, data) => gateway.dispatch(type, data),
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      try {
        await gateway.close();
      } finally {
        server.closeAllConnections();
        await closed;
      }
    },
  };
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.writableEnded || res.destroyed) return;
  if (body === undefined) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  const json = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(json),
  });
  res.end(json);
}

function describe(req: IncomingMessage): string {
  // Interaction and webhook tokens are secrets on Discord; a test's are not, but keep logs tidy.
  return `${req.method} ${(req.url ?? '/').replace(/(\/(?:interactions\/\d+|webhooks\/\d+)\/)[^/?]+/, '$1<token>')}`;
}
