/**
 * A local Bot API server for tests: telegraf, pointed at it with `telegram.apiRoot`, talks to it
 * exactly as to api.telegram.org (`POST /bot<token>/<method>`), and the test reads what was called.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Message, Update } from 'telegraf/types';
import { ChatStore } from './chats.js';
import { ApiError, methodNotFound, unauthorized } from './errors.js';
import { DEFAULT_TOKEN, botUserFor } from './identity.js';
import { UpdateQueue } from './long-polling.js';
import { lookupMethod } from './methods/index.js';
import { memberKey } from './methods/members.js';
import { Recorder } from './recorder.js';
import { UnparseableBodyError, parseParams, readRaw } from './request-body.js';
import type { FakeState, MethodHandler } from './state.js';
import type { ApiAnswer, FakeTelegram, FakeTelegramOptions, RecordedCall } from './types.js';
import { postUpdate } from './webhook-delivery.js';

const ROUTE = /^\/bot([^/]*)\/([^/]+)$/;

/** Starts the fake on an ephemeral 127.0.0.1 port. Close it in afterEach/afterAll. */
export async function startFakeTelegram(options: FakeTelegramOptions = {}): Promise<FakeTelegram> {
  const token = options.token ?? DEFAULT_TOKEN;
  const now = options.now ?? Date.now;
  const recorder = new Recorder();
  const state: FakeState = {
    bot: botUserFor(token, options.bot),
    nowSeconds: () => Math.floor(now() / 1000),
    chats: new ChatStore(),
    updates: new UpdateQueue(),
    webhook: { url: '' },
    commands: new Map(),
    photos: new Map(),
    memberStatuses: new Map(),
  };
  const inFlight = new Set<Promise<void>>();

  const server = createServer((req, res) => {
    const handled = handle(req, res).catch((error: unknown) => {
      recorder.recordUnexpected({
        request: describe(req),
        reason: 'internal error',
        params: { error: String(error) },
      });
      if (!res.headersSent) send(res, new ApiError(500, 'Internal Server Error').toEnvelope());
      else res.destroy();
    });
    inFlight.add(handled);
    void handled.finally(() => inFlight.delete(handled));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    const route = ROUTE.exec(path);
    if (!route) {
      recorder.recordUnexpected({ request: describe(req), reason: 'unknown route' });
      return send(res, { ok: false, error_code: 404, description: 'Not Found' });
    }
    const [, requestToken, requestedMethod] = route as unknown as [string, string, string];
    if (decodeURIComponent(requestToken) !== token) {
      // Redacted: a misconfigured test could be sending a real token.
      recorder.recordUnexpected({
        request: `${req.method} /bot[wrong token]/${requestedMethod}`,
        reason: 'wrong token',
      });
      return send(res, unauthorized().toEnvelope());
    }

    let parsed: ReturnType<typeof parseParams>;
    try {
      parsed = parseParams(req, await readRaw(req));
    } catch (error) {
      if (!(error instanceof UnparseableBodyError)) throw error;
      recorder.recordUnexpected({
        request: describe(req),
        reason: 'unparseable body',
        method: requestedMethod,
      });
      return send(res, new ApiError(400, `Bad Request: ${error.message}`).toEnvelope());
    }

    const method = lookupMethod(requestedMethod);
    if (!method) {
      recorder.recordUnexpected({
        request: describe(req),
        reason: 'unknown method',
        method: requestedMethod,
        params: parsed.params,
      });
      return send(res, methodNotFound().toEnvelope());
    }
    const call: RecordedCall = {
      method: method.name,
      params: parsed.params,
      encoding: parsed.encoding,
      at: new Date(),
    };
    recorder.record(call);
    // A long poll may be held for its whole timeout; a test waiting for it wants to know it started.
    if (call.method === 'getUpdates') recorder.settle(call);

    // The client hanging up (telegraf aborting its long poll on stop) must release a held getUpdates.
    const hangUp = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) hangUp.abort();
    });
    if (req.socket.destroyed) hangUp.abort();
    call.answer = await answer(method.handler, call, hangUp.signal);
    send(res, call.answer);
    recorder.settle(call);
  }

  async function answer(handler: MethodHandler, call: RecordedCall, signal: AbortSignal): Promise<ApiAnswer> {
    try {
      const failure = recorder.takeApiError(call.method);
      if (failure) throw failure;
      return { ok: true, result: await handler(call.params, { state, signal }) };
    } catch (error) {
      if (error instanceof ApiError) return error.toEnvelope();
      throw error;
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    token,
    botInfo: state.bot,
    calls: recorder.calls,
    unexpectedCalls: recorder.unexpectedCalls,
    get webhook() {
      return state.webhook;
    },
    callsTo: (method) => recorder.callsTo(method),
    waitForCall: (method, predicate, timeoutMs) => recorder.waitForParams(method, predicate, timeoutMs),
    pushUpdate(update: Update) {
      state.updates.push(update);
      state.chats.remember(update);
    },
    remember: (update) => state.chats.remember(update),
    async deliverWebhook(update, { url, secretToken }) {
      state.chats.remember(update);
      const secret = secretToken === undefined ? state.webhook.secretToken : (secretToken ?? undefined);
      return postUpdate(url, update, secret);
    },
    failNext: (method, failure) => recorder.failNext(method, failure),
    setChatMember: (chatId, userId, status) => {
      state.memberStatuses.set(memberKey(chatId, userId), status);
    },
    messagesIn: (chatId): Message[] => state.chats.messagesIn(chatId),
    heldPolls: () => state.updates.heldCount,
    async close() {
      state.updates.releaseAll();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // Let the released polls' answers reach their clients before cutting connections.
      await withTimeout(Promise.allSettled([...inFlight]), 1000);
      server.closeAllConnections();
      await closed;
    },
  };
}

function send(res: ServerResponse, body: ApiAnswer): void {
  if (res.writableEnded || res.destroyed) return;
  const json = JSON.stringify(body);
  // Telegram answers every error with the HTTP status equal to its error_code.
  res.writeHead(body.ok ? 200 : body.error_code, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(json),
  });
  res.end(json);
}

function describe(req: IncomingMessage): string {
  return `${req.method} ${(req.url ?? '/').replace(/^\/bot[^/]*/, '/bot<token>')}`;
}

async function withTimeout(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
