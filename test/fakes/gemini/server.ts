/**
 * A local Gemini API for tests that run the real @google/genai SDK:
 *
 *   const fake = await startFakeGemini();
 *   const ai = new GoogleGenAI({ apiKey: 'test-key', httpOptions: { baseUrl: fake.baseUrl } });
 *   fake.script(turn.functionCall('log_habit', { habit: 'run' }), turn.text('Logged!'));
 *
 * It serves `POST /v1beta/models/<model>:generateContent` and `:streamGenerateContent?alt=sse`,
 * checks `x-goog-api-key`, and answers each request with the next scripted turn, else the
 * responder, else a 500 recorded as unexpected. Every other route is refused with a 404 and recorded
 * as unexpected, so a test can never quietly depend on something the fake does not model.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bridgeJestRealm } from './jest-realm.js';
import { renderAnswer, renderAnswerChunks, renderError } from './render.js';
import { turn as turns } from './turns.js';
import type {
  FakeResponder,
  FakeTurn,
  GenerateContentBody,
  RecordedRequest,
  UnexpectedRequest,
} from './types.js';
import { findInvalidArgument } from './validate.js';

/** The SDK's default apiVersion is v1beta and the model arrives as `models/<id>`. */
const MODEL_ROUTE = /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent)$/;

/** The detail Google attaches to a refused key; code may branch on `reason`. */
const API_KEY_INVALID = {
  '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
  reason: 'API_KEY_INVALID',
  domain: 'googleapis.com',
  metadata: { service: 'generativelanguage.googleapis.com' },
};

export interface FakeGeminiOptions {
  /** The key every request must carry in `x-goog-api-key`. Default `test-key`. */
  apiKey?: string;
  /** Refuse, with the real API's 400s, bodies the real API would refuse. Default true. */
  validate?: boolean;
}

export interface FakeGemini {
  /** `http://127.0.0.1:PORT`, what `httpOptions.baseUrl` takes. */
  baseUrl: string;
  /** Every request that reached a model route, in arrival order (including refused ones). */
  requests: RecordedRequest[];
  /** Requests no test asked for: unknown routes, an empty script, bodies the real API refuses. */
  unexpected: UnexpectedRequest[];
  /** Queues the answers to the next requests, in order. Scripted turns win over the responder. */
  script(...turns: FakeTurn[]): void;
  /** Answers requests once the script is empty; pass undefined to remove it. */
  onRequest(responder: FakeResponder | undefined): void;
  /** How many scripted turns no request has used yet. */
  pendingTurns(): number;
  /** Throws, listing them, when anything unexpected happened (handy in afterEach). */
  assertNoUnexpected(): void;
  /** Stops the server and destroys every socket, hung ones included, so jest can exit. */
  close(): Promise<void>;
}

type Rpc = RecordedRequest['rpc'];

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Starts the fake on an ephemeral loopback port. */
export async function startFakeGemini(options: FakeGeminiOptions = {}): Promise<FakeGemini> {
  bridgeJestRealm();
  const expectedKey = options.apiKey ?? 'test-key';
  const validate = options.validate ?? true;
  const requests: RecordedRequest[] = [];
  const unexpected: UnexpectedRequest[] = [];
  const queue: FakeTurn[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let responder: FakeResponder | undefined;

  function sendJson(res: ServerResponse, status: number, body: unknown, record?: RecordedRequest): void {
    if (record) record.status = status;
    res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
    res.end(JSON.stringify(body));
  }

  function sendError(
    res: ServerResponse,
    code: number,
    message: string,
    record?: RecordedRequest,
    details: unknown[] = [],
  ): void {
    sendJson(res, code, renderError({ code, status: turns.error(code).status, message, details }), record);
  }

  function refuse(
    req: IncomingMessage,
    res: ServerResponse,
    code: number,
    reason: string,
    record?: RecordedRequest,
  ) {
    unexpected.push({ method: req.method ?? '', path: req.url ?? '', status: code, reason, at: new Date() });
    sendError(res, code, `Fake Gemini: ${reason}`, record);
  }

  function respond(res: ServerResponse, record: RecordedRequest, next: FakeTurn): void {
    if (res.destroyed) return;
    switch (next.kind) {
      case 'answer':
        if (record.rpc === 'generateContent') {
          sendJson(res, 200, renderAnswer(next, record.body, record.model), record);
          return;
        }
        record.status = 200;
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        for (const chunk of renderAnswerChunks(next, record.body, record.model)) {
          res.write(`data: ${JSON.stringify(chunk)}\r\n\r\n`);
        }
        res.end();
        return;
      case 'error':
        sendJson(res, next.code, renderError(next), record);
        return;
      case 'raw':
        sendJson(res, next.status, next.body, record);
        return;
      case 'hang':
        // Nothing is written; close() or the client's abort ends the socket.
        return;
      case 'delay': {
        const timer = setTimeout(() => {
          timers.delete(timer);
          respond(res, record, next.then);
        }, next.ms);
        timers.add(timer);
        return;
      }
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req);
    const route = MODEL_ROUTE.exec(url.pathname);
    if (req.method !== 'POST' || !route) {
      refuse(req, res, 404, `no such route ${req.method} ${url.pathname}`);
      return;
    }
    const model = route[1]!;
    const rpc = route[2] as Rpc;
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      refuse(req, res, 400, 'Invalid JSON payload received.');
      return;
    }
    const header = req.headers['x-goog-api-key'];
    const record: RecordedRequest = {
      rpc,
      model,
      apiKey: (Array.isArray(header) ? header[0] : header) ?? url.searchParams.get('key') ?? undefined,
      headers: req.headers,
      body: body as GenerateContentBody,
      at: new Date(),
      aborted: false,
    };
    requests.push(record);
    res.on('close', () => {
      if (!res.writableFinished) record.aborted = true;
    });

    // Google checks the key before looking at the body; a refused key never reaches the model.
    if (record.apiKey === undefined) {
      sendError(
        res,
        403,
        "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
        record,
      );
      return;
    }
    if (record.apiKey !== expectedKey) {
      sendError(res, 400, 'API key not valid. Please pass a valid API key.', record, [API_KEY_INVALID]);
      return;
    }
    if (rpc === 'streamGenerateContent' && url.searchParams.get('alt') !== 'sse') {
      refuse(req, res, 400, 'streamGenerateContent is only faked as SSE (?alt=sse)', record);
      return;
    }
    const invalid = validate ? findInvalidArgument(body) : undefined;
    if (invalid) {
      refuse(req, res, 400, invalid, record);
      return;
    }

    let next = queue.shift();
    if (!next && responder) {
      try {
        next = await responder(record);
      } catch (error) {
        refuse(req, res, 500, `responder threw: ${(error as Error).message}`, record);
        return;
      }
    }
    if (!next) {
      refuse(req, res, 500, `no scripted turn left for request #${requests.length} to ${model}`, record);
      return;
    }
    respond(res, record, next);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) refuse(req, res, 500, `fake crashed: ${String(error)}`);
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    unexpected,
    script: (...next) => void queue.push(...next),
    onRequest: (handler) => {
      responder = handler;
    },
    pendingTurns: () => queue.length,
    assertNoUnexpected: () => {
      if (unexpected.length === 0) return;
      const lines = unexpected.map((u) => `  ${u.method} ${u.path} -> ${u.status}: ${u.reason}`);
      throw new Error(`Fake Gemini saw ${unexpected.length} unexpected request(s):\n${lines.join('\n')}`);
    },
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        // Hung answers and the SDK's keep-alive sockets would otherwise keep the server open.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
