/**
 * Bolt's HTTP side on Stride's Koa server (after bolt-js examples/custom-receiver KoaReceiver):
 * POST /slack/events takes slash commands, interactivity and events. It reads the raw body, checks
 * the signature before anything runs, answers Slack's url_verification and ssl_check itself, and
 * hands everything else to Bolt with an ack() that becomes the HTTP response.
 */
import { ReceiverMultipleAckError, type App, type Receiver } from '@slack/bolt';
import type { Context, Middleware } from 'koa';
import type { Logger } from '../../src/logger.js';
import { slackBodyProblem } from './schema.js';
import { checkSlackSignature } from './signature.js';
import { InFlight } from '../shared/in-flight.js';

export interface KoaReceiverOptions {
  signingSecret: string;
  /** Where Slack posts: SLACK_EVENTS_PATH. */
  path: string;
  logger: Logger;
}

// Slack's payloads are small; a Home view echoed back in block_actions is the largest, well under this.
const BODY_LIMIT_BYTES = 1024 * 1024;
// Slack stops waiting after 3 s; an unacknowledged request gets its answer a little before that.
const ACK_TIMEOUT_MS = 2900;
const NOT_ACKNOWLEDGED: Failure = {
  status: 404,
  id: 'not_acknowledged',
  message: 'Nothing handled this request.',
};

/** What the HTTP response becomes: an ack's body, or an error status. */
type Failure = { status: number; id: string; message: string };
type Answer = { acked: true; body: unknown } | ({ acked: false } & Failure);

export class KoaReceiver implements Receiver {
  /** Mount on Stride's server before any body parser: the signature covers the raw bytes. */
  readonly middleware: Middleware;
  private app: App | undefined;
  private accepting = false;
  private readonly running = new InFlight();
  private readonly log: Logger;

  constructor(private readonly options: KoaReceiverOptions) {
    this.log = options.logger.child({ component: 'slack-receiver' });
    this.middleware = (ctx, next) => (ctx.path === options.path ? this.handle(ctx) : next());
  }

  init(app: App): void {
    this.app = app;
  }

  /** Stride's server already listens; starting only lets requests through to Bolt. */
  async start(): Promise<void> {
    this.accepting = true;
  }

  /** Refuses new requests and waits for the ones in progress. */
  async stop(): Promise<void> {
    this.accepting = false;
    await this.running.drain();
  }

  private async handle(ctx: Context): Promise<void> {
    if (ctx.method !== 'POST') {
      ctx.set('Allow', 'POST');
      return fail(ctx, { status: 405, id: 'method_not_allowed', message: 'Slack posts here.' });
    }
    // Before start() Bolt has no token check yet; 503 makes Slack retry a little later.
    if (!this.accepting || !this.app) {
      return fail(ctx, { status: 503, id: 'not_ready', message: 'Slack is not connected yet.' });
    }
    const raw = await readRaw(ctx);
    if (!raw) return fail(ctx, { status: 413, id: 'too_large', message: 'The request body is too large.' });
    const check = checkSlackSignature(this.options.signingSecret, raw, {
      signature: ctx.get('x-slack-signature') || undefined,
      timestamp: ctx.get('x-slack-request-timestamp') || undefined,
    });
    if (!check.ok) {
      this.log.warn({ reason: check.reason }, 'refused an unsigned or stale Slack request');
      return fail(ctx, { status: 401, id: 'unauthorized', message: 'The Slack signature is not valid.' });
    }
    let body: Record<string, unknown>;
    try {
      body = parseSlackBody(raw, ctx.get('content-type'));
    } catch {
      return fail(ctx, { status: 400, id: 'bad_request', message: 'The request could not be read.' });
    }
    if (body.ssl_check) return send(ctx, '');
    if (body.type === 'url_verification') return send(ctx, { challenge: body.challenge });
    const problem = slackBodyProblem(body);
    if (problem) {
      this.log.warn({ type: body.type, problem }, 'refused a signed Slack body of the wrong shape');
      return fail(ctx, { status: 400, id: 'bad_request', message: 'The request is not one Slack sends.' });
    }
    const retryNum = Number(ctx.get('x-slack-retry-num')) || undefined;
    const answer = await this.dispatch(body, retryNum, ctx.get('x-slack-retry-reason') || undefined);
    return answer.acked ? send(ctx, answer.body) : fail(ctx, answer);
  }

  /**
   * Runs Bolt on one request and resolves with the HTTP answer as soon as a listener acks; the
   * listener may go on working (respond(), uploads) after that.
   */
  private dispatch(body: Record<string, unknown>, retryNum?: number, retryReason?: string): Promise<Answer> {
    const app = this.app!;
    return new Promise((resolve) => {
      let answered = false;
      const answer = (value: Answer) => {
        if (answered) return;
        answered = true;
        clearTimeout(timer);
        resolve(value);
      };
      const timer = setTimeout(() => {
        this.log.warn({ type: body.type }, 'a Slack request was not acknowledged in time');
        answer({ acked: false, ...NOT_ACKNOWLEDGED });
      }, ACK_TIMEOUT_MS);
      let acked = false;
      const ack = async (response?: unknown) => {
        if (acked) throw new ReceiverMultipleAckError();
        acked = true;
        answer({ acked: true, body: response });
      };
      const run = app
        .processEvent({ body, ack, retryNum, retryReason })
        .catch((error: unknown) => {
          this.log.error({ err: error }, 'a Slack listener failed');
          answer({
            acked: false,
            status: 500,
            id: 'internal_error',
            message: 'Something went wrong on our side.',
          });
        })
        .finally(() => {
          // No listener took it (a button that is not Stride's): Slack shows the user an error.
          answer({ acked: false, ...NOT_ACKNOWLEDGED });
        });
      void this.running.track(run);
    });
  }
}

/** Slack sends JSON (events), a form (slash commands) or a form with one JSON `payload` (interactivity). */
export function parseSlackBody(raw: Buffer, contentType: string): Record<string, unknown> {
  const text = raw.toString('utf8');
  const parsed: unknown = contentType.includes('application/json')
    ? JSON.parse(text)
    : Object.fromEntries(new URLSearchParams(text));
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
  const { payload } = parsed as { payload?: unknown };
  if (typeof payload !== 'string') return parsed as Record<string, unknown>;
  // `payload=null` or `payload=[]` parses, but is no interactivity payload.
  const inner: unknown = JSON.parse(payload);
  if (!inner || typeof inner !== 'object' || Array.isArray(inner))
    throw new Error('payload is not an object');
  return inner as Record<string, unknown>;
}

/** The raw bytes, or undefined past the limit. */
async function readRaw(ctx: Context): Promise<Buffer | undefined> {
  const declared = Number(ctx.get('content-length'));
  if (declared > BODY_LIMIT_BYTES) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > BODY_LIMIT_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** An ack's body as Bolt's HTTPReceiver sends it: nothing, text, or JSON. */
function send(ctx: Context, body: unknown): void {
  ctx.status = 200;
  ctx.body =
    body === undefined || body === null ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  if (typeof body === 'object' && body !== null) ctx.type = 'application/json';
}

function fail(ctx: Context, error: Failure): void {
  ctx.status = error.status;
  ctx.body = { error: { id: error.id, message: error.message } };
}
