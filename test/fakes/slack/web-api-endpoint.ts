/**
 * The /api/<method> endpoint: records each call, serves queued failures, checks the token and hands
 * the arguments to the method's handler (web-api.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SlackApiError } from './errors.js';
import { parseBody, sendJson, UnparseableBodyError } from './http.js';
import type { Failure, RecordedCall, Report, RequestBody } from './types.js';
import type { Signal } from './waiting.js';
import { JSON_FIELDS, METHODS } from './web-api.js';
import type { TokenKind, WebApiState } from './web-api.js';

/** Tokens to insist on; without them any token of the right kind passes. */
export interface ExpectedTokens {
  botToken?: string;
  appToken?: string;
}

export class WebApiEndpoint {
  readonly calls: RecordedCall[] = [];
  private readonly failures = new Map<string, Failure[]>();

  constructor(
    private readonly state: WebApiState,
    private readonly tokens: ExpectedTokens,
    private readonly report: Report,
    private readonly signal: Signal,
  ) {}

  failNext(method: string, failure: Failure): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), failure]);
  }

  async handle(method: string, req: IncomingMessage, res: ServerResponse, raw: Buffer): Promise<void> {
    const request = `POST /api/${method}`;
    let body: RequestBody;
    try {
      body = decodeJsonFields(await parseBody(req, raw));
    } catch (error) {
      if (!(error instanceof UnparseableBodyError)) throw error;
      this.report(request, error.message, raw.toString('utf8'));
      return sendJson(res, 200, { ok: false, error: 'invalid_form_data' });
    }
    const token = bearer(req) ?? (typeof body.token === 'string' ? body.token : undefined);
    this.calls.push({ method, body, headers: req.headers, token, at: new Date() });
    this.signal.notify();

    const failure = this.failures.get(method)?.shift();
    if (failure && 'status' in failure) {
      const headers = { 'retry-after': String(failure.retryAfter) };
      return sendJson(res, 429, { ok: false, error: 'ratelimited' }, headers);
    }
    if (failure) return sendJson(res, 200, { ok: false, error: failure.error });

    const spec = METHODS[method];
    if (!spec) {
      this.report(request, 'unknown method', body);
      return sendJson(res, 404, { ok: false, error: 'unknown_method', req_method: method });
    }
    try {
      checkToken(token, spec.token, spec.token === 'app' ? this.tokens.appToken : this.tokens.botToken);
      return sendJson(res, 200, spec.handle(body, this.state));
    } catch (error) {
      if (!(error instanceof SlackApiError)) throw error;
      this.report(request, error.message, body);
      const metadata = error.messages.length > 0 ? { response_metadata: { messages: error.messages } } : {};
      return sendJson(res, 200, { ok: false, error: error.error, ...metadata });
    }
  }
}

function bearer(req: IncomingMessage): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
}

/** Slack's answers to a missing, wrong or wrong-kind token. */
function checkToken(token: string | undefined, kind: TokenKind, expected: string | undefined): void {
  if (!token) throw new SlackApiError('not_authed');
  const prefixes = kind === 'app' ? ['xapp-'] : ['xoxb-', 'xoxp-'];
  if (!prefixes.some((prefix) => token.startsWith(prefix))) throw new SlackApiError('not_allowed_token_type');
  if (expected !== undefined && token !== expected) throw new SlackApiError('invalid_auth');
}

/** Decodes the JSON-valued form fields (JSON_FIELDS); a malformed one is the caller's bug. */
function decodeJsonFields(body: RequestBody): RequestBody {
  const decoded: RequestBody = { ...body };
  for (const field of JSON_FIELDS) {
    const value = decoded[field];
    if (typeof value !== 'string') continue;
    try {
      decoded[field] = JSON.parse(value);
    } catch {
      throw new UnparseableBodyError(`field ${field} is not valid JSON`);
    }
  }
  return decoded;
}
