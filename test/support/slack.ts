/**
 * The Slack adapter end to end: the real chat core on a fresh database, the real Bolt app behind
 * Stride's real Koa server (POST /slack/events) or connected over Socket Mode, and the fake Slack
 * Web API recording every call. Requests are signed as Slack signs them; everything is 127.0.0.1.
 */
import { serveOnLoopback } from './app.js';
import type { LanguageModel } from '../../src/coach/model.js';
import { createSlackAdapter, type SlackAdapterOptions } from '../../adapters/slack/index.js';
import { createChartRenderer } from '../../src/charts/index.js';
import type { PlatformAdapter } from '../../src/ports/platform.js';
import { createChatCore, type ChatCore } from '../../src/commands/chat-core.js';
import type { Invocation, Reply } from '../../src/ports/chat.js';
import { InProcessEventBus } from '../../src/events/in-process.js';
import { createLogger } from '../../src/logger.js';
import { createApiToken } from '../../src/services/accounts.js';
import type { ServiceContext } from '../../src/services/context.js';
import { Identity } from '../../src/store/entities/index.js';
import { createApp } from '../../src/web/app.js';
import {
  blockActionsBody,
  eventCallbackBody,
  signedHeaders,
  slashCommandBody,
  startFakeSlack,
  type BlockActionsOptions,
  type EventCallbackOptions,
  type FakeSlack,
  type FakeSlackOptions,
  type SlackEvent,
  type SlashCommandOptions,
} from '../fakes/slack/index.js';
import { createTestCoach } from './chat.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export const SIGNING_SECRET = 'slack-signing-secret-for-tests';
export const BOT_TOKEN = 'xoxb-stride-test';
export const APP_TOKEN = 'xapp-stride-test';
/** The pinned "now" of the core: Friday 2026-11-20, noon UTC (morning in New York, the fake's default zone). */
export const TODAY = '2026-11-20';
const NOW = `${TODAY}T12:00:00Z`;

export interface SlackHarnessOptions extends SlackAdapterOptions {
  socketMode?: boolean;
  /** users.info answers (time zones, locales). */
  users?: FakeSlackOptions['users'];
  /** Wraps the core, e.g. to make it slow. */
  wrapCore?: (core: ChatCore) => ChatCore;
  /** The coach's language model (Gemini on the fake); the offline coach without one. */
  model?: LanguageModel;
}

export interface SignedPostOptions {
  secret?: string;
  /** Seconds since the epoch; now unless given. */
  timestamp?: number;
  /** Sent as X-Slack-Retry-Num (with X-Slack-Retry-Reason http_timeout). */
  retryNum?: number;
}

export interface HttpAnswer {
  status: number;
  /** JSON when Slack would get JSON, else the text. */
  body: any;
}

export interface SlackHarness {
  fake: FakeSlack;
  adapter: PlatformAdapter;
  database: TestDatabase;
  /** Every Invocation the adapter gave the core, in order. */
  invocations: Invocation[];
  /** Every Reply the core gave back, in the same order. */
  replies: Reply[];
  /** The last invocation from a Slack delivery (App Home refreshes, which carry no eventId, left out). */
  lastDelivered(): Invocation;
  /** Stride's server: `${baseUrl}/slack/events` and `${baseUrl}/api/v1/…`. */
  baseUrl: string;
  eventsUrl: string;
  services(): ServiceContext;
  /** POSTs a raw body to /slack/events, signed (or mis-signed) as told. */
  post(body: string, options?: SignedPostOptions): Promise<HttpAnswer>;
  /** A signed slash command; `responseId` names the loopback response_url it gets. */
  command(
    options: SlashCommandOptions & { responseId?: string },
    post?: SignedPostOptions,
  ): Promise<HttpAnswer>;
  /** A signed button click. */
  click(
    options: BlockActionsOptions & { responseId?: string },
    post?: SignedPostOptions,
  ): Promise<HttpAnswer>;
  /** A signed Events API delivery. */
  event(event: SlackEvent, options?: EventCallbackOptions, post?: SignedPostOptions): Promise<HttpAnswer>;
  /** GET on the REST API as the Stride member behind a Slack user id. */
  apiAs(slackUserId: string, path: string): Promise<{ status: number; body: any }>;
  /** A habit's logs as the REST API lists them, for the member behind a Slack user id. */
  logsOf(slackUserId: string, habitName: string): Promise<{ date: string; status: string; source: string }[]>;
  /** Waits until the core has been called `count` times in all. */
  waitForInvocations(count: number, timeoutMs?: number): Promise<void>;
  /** Waits until Slack has heard nothing from Stride for `ms` (work after an ack, like Home refreshes, is done). */
  quiet(ms?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startSlackHarness(options: SlackHarnessOptions = {}): Promise<SlackHarness> {
  const database = await createTestDatabase();
  const fake = await startFakeSlack({ users: options.users, botToken: BOT_TOKEN, appToken: APP_TOKEN });
  const clock = () => new Date(NOW);
  const events = new InProcessEventBus();
  const logger = createLogger('silent');
  const charts = createChartRenderer();
  const real = createChatCore({
    orm: database.orm,
    events,
    charts,
    coach: createTestCoach(options.model),
    logger,
    now: clock,
  });
  const invocations: Invocation[] = [];
  const replies: Reply[] = [];
  const recording: ChatCore = {
    complete: (request) => real.complete(request),
    handle: async (invocation) => {
      invocations.push(invocation);
      const reply = await real.handle(invocation);
      replies.push(reply);
      return reply;
    },
  };
  const core = options.wrapCore ? options.wrapCore(recording) : recording;
  const adapter = createSlackAdapter(
    {
      botToken: BOT_TOKEN,
      signingSecret: SIGNING_SECRET,
      apiUrl: fake.apiUrl,
      ...(options.socketMode ? { appToken: APP_TOKEN } : {}),
    },
    { core, charts, logger },
    { now: clock, ...options },
  );
  const app = createApp({
    orm: database.orm,
    events,
    logger,
    charts,
    now: clock,
    webhooks: adapter.middleware ? [adapter.middleware] : [],
  });
  const { server, baseUrl } = await serveOnLoopback(app);
  const eventsUrl = `${baseUrl}/slack/events`;
  await adapter.start();
  const services = (): ServiceContext => ({ em: database.orm.em.fork(), events, now: clock });
  const tokens = new Map<string, string>();

  const post = async (
    body: string,
    { secret = SIGNING_SECRET, timestamp, retryNum }: SignedPostOptions = {},
  ) => {
    const headers: Record<string, string> = signedHeaders(secret, body, timestamp);
    if (retryNum !== undefined) {
      headers['x-slack-retry-num'] = String(retryNum);
      headers['x-slack-retry-reason'] = 'http_timeout';
    }
    const response = await fetch(eventsUrl, { method: 'POST', headers, body });
    const text = await response.text();
    const json = response.headers.get('content-type')?.includes('json') && text;
    return { status: response.status, body: json ? JSON.parse(text) : text };
  };
  const apiAs = async (slackUserId: string, path: string) => {
    let token = tokens.get(slackUserId);
    if (!token) {
      const identity = await services().em.findOneOrFail(Identity, {
        platform: 'slack',
        platformUserId: slackUserId,
      });
      token = (await createApiToken(services(), identity.user.id)).token;
      tokens.set(slackUserId, token);
    }
    const response = await fetch(`${baseUrl}/api/v1${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return { status: response.status, body: (await response.json()) as any };
  };
  // A response_url nobody issued would be recorded as unexpected; one on port 1 fails fast on loopback.
  const responseUrl = (id: string | undefined) => (id ? { response_url: fake.responseUrl(id) } : {});

  return {
    fake,
    adapter,
    database,
    invocations,
    replies,
    lastDelivered: () => {
      const found = invocations.findLast((invocation) => invocation.eventId !== undefined);
      if (!found) throw new Error('no Slack delivery reached the core yet');
      return found;
    },
    baseUrl,
    eventsUrl,
    services,
    post,
    command: ({ responseId, ...command }, options) =>
      post(slashCommandBody({ ...command, ...responseUrl(responseId) }), options),
    click: ({ responseId, ...click }, options) =>
      post(blockActionsBody({ ...click, ...responseUrl(responseId) }), options),
    event: (event, callback, options) => post(eventCallbackBody(event, callback), options),
    apiAs,
    async logsOf(slackUserId, habitName) {
      const habits = await apiAs(slackUserId, '/habits');
      const habit = (habits.body as { id: string; name: string }[]).find(
        (candidate) => candidate.name === habitName,
      );
      if (!habit) throw new Error(`${slackUserId} has no habit ${habitName}`);
      return (await apiAs(slackUserId, `/habits/${habit.id}/logs`)).body;
    },
    async waitForInvocations(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (invocations.length < count) {
        if (Date.now() > deadline)
          throw new Error(`the core got ${invocations.length} invocations, not ${count}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async quiet(ms = 150) {
      let seen = -1;
      while (seen !== fake.calls.length + invocations.length) {
        seen = fake.calls.length + invocations.length;
        await new Promise((resolve) => setTimeout(resolve, ms));
      }
    },
    async close() {
      // The adapter first: it finishes its answers (and leaves Socket Mode) while the fake still listens.
      await adapter.stop();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await fake.close();
      await database.drop();
    },
  };
}

/** The texts of a message's mrkdwn sections, joined by new lines. */
export function sectionText(message: { blocks?: any[] }): string {
  return (message.blocks ?? [])
    .filter((block) => block.type === 'section')
    .map((block) => block.text.text as string)
    .join('\n');
}

/** The Stride buttons of a message (or view): label, action id and value. */
export function buttonsOf(message: {
  blocks?: any[];
}): { label: string; actionId: string; value: string; style?: string }[] {
  return (message.blocks ?? [])
    .filter((block) => block.type === 'actions')
    .flatMap((block) => block.elements)
    .map((element: any) => ({
      label: element.text.text,
      actionId: element.action_id,
      value: element.value,
      style: element.style,
    }));
}
