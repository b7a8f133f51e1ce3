/** Loopback stand-ins for Slack's response_url: each records the JSON messages an app POSTs to it. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseBody, sendJson, UnparseableBodyError } from './http.js';
import type { Report, RequestBody } from './types.js';
import type { Signal } from './waiting.js';

/** Slack lets an app use a response_url five times. */
const USES = 5;

export class ResponseUrls {
  private readonly bodies = new Map<string, RequestBody[]>();

  constructor(
    private readonly report: Report,
    private readonly signal: Signal,
  ) {}

  /** Registers `id`, so a POST to an id nobody issued is caught as a stray request. */
  issue(id: string, baseUrl: string): string {
    if (!this.bodies.has(id)) this.bodies.set(id, []);
    return `${baseUrl}/response/${encodeURIComponent(id)}`;
  }

  received(id: string): RequestBody[] {
    return this.bodies.get(id) ?? [];
  }

  async handle(id: string, req: IncomingMessage, res: ServerResponse, raw: Buffer): Promise<void> {
    const request = `POST /response/${id}`;
    const bodies = this.bodies.get(id);
    if (!bodies) {
      this.report(request, 'response_url was not issued by fake.responseUrl()');
      return sendJson(res, 404, { ok: false, error: 'invalid_url' });
    }
    let body: RequestBody;
    try {
      body = await parseBody(req, raw);
    } catch (error) {
      if (!(error instanceof UnparseableBodyError)) throw error;
      this.report(request, error.message, raw.toString('utf8'));
      return sendJson(res, 400, { ok: false, error: 'invalid_payload' });
    }
    if (bodies.length >= USES) {
      this.report(request, `response_url used more than ${USES} times`, body);
      return sendJson(res, 404, { ok: false, error: 'used_url' });
    }
    bodies.push(body);
    this.signal.notify();
    sendJson(res, 200, { ok: true });
  }
}
