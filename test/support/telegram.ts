/**
 * The Telegram adapter end to end: the real chat core on a fresh database, the real telegraf
 * talking to the fake Bot API, and Stride's real Koa server (which mounts the webhook) for the
 * REST API that reads the results back. Everything listens on 127.0.0.1.
 */
import { serveOnLoopback } from './app.js';
import { createTelegramAdapter, type TelegramAdapterOptions } from '../../adapters/telegram/index.js';
import { createChartRenderer } from '../../src/charts/index.js';
import type { LanguageModel } from '../../src/coach/model.js';
import type { PlatformAdapter } from '../../src/ports/platform.js';
import { createChatCore, type ChatCore } from '../../src/commands/chat-core.js';
import type { Invocation } from '../../src/ports/chat.js';
import { InProcessEventBus } from '../../src/events/in-process.js';
import { createLogger } from '../../src/logger.js';
import { createApiToken } from '../../src/services/accounts.js';
import type { ServiceContext } from '../../src/services/context.js';
import { Identity } from '../../src/store/entities/index.js';
import { createApp } from '../../src/web/app.js';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram/index.js';
import { createTestCoach } from './chat.js';
import { createTestDatabase, type TestDatabase } from './database.js';

/** Pacing fast enough for tests, with the same shape as Telegram's limits. */
export const FAST_LIMITS = {
  perChat: { count: 1, perMs: 10 },
  perGroup: { count: 20, perMs: 1000 },
  overall: { count: 30, perMs: 100 },
};

export const WEBHOOK_SECRET = 'right-secret_0123';
const PUBLIC_WEBHOOK_URL = 'https://stride.example/telegram/webhook';

export interface TelegramHarnessOptions extends TelegramAdapterOptions {
  /** Webhook mode; polling otherwise. */
  webhook?: boolean;
  /** Reuse a database (a second "process" over the same data); dropped by whoever created it. */
  database?: TestDatabase;
  /** Reuse a fake Bot API; closed by whoever started it. */
  fake?: FakeTelegram;
  /** The coach's language model (Gemini pointed at the fake); the offline coach otherwise. */
  model?: LanguageModel;
}

export interface TelegramHarness {
  fake: FakeTelegram;
  adapter: PlatformAdapter;
  database: TestDatabase;
  core: ChatCore;
  /** Every Invocation the adapter gave the core, in order. */
  invocations: Invocation[];
  /** Stride's server: `${baseUrl}/telegram/webhook` and `${baseUrl}/api/v1/…`. */
  baseUrl: string;
  webhookUrl: string;
  services(): ServiceContext;
  /** GET on the REST API as the member behind a Telegram user id. */
  apiAs(telegramUserId: number, path: string): Promise<{ status: number; body: any }>;
  /** Waits until the core has been called `count` times in all. */
  waitForInvocations(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const NOW = '2026-11-20T12:00:00Z';

export async function startTelegramHarness(options: TelegramHarnessOptions = {}): Promise<TelegramHarness> {
  const ownDatabase = !options.database;
  const database = options.database ?? (await createTestDatabase());
  const ownFake = !options.fake;
  const fake = options.fake ?? (await startFakeTelegram());
  const clock = () => new Date(NOW);
  const events = new InProcessEventBus();
  const logger = createLogger('silent');
  const charts = createChartRenderer();
  const coach = createTestCoach(options.model);
  const real = createChatCore({ orm: database.orm, events, charts, coach, logger, now: clock });
  const invocations: Invocation[] = [];
  const core: ChatCore = {
    complete: (request) => real.complete(request),
    handle: (invocation) => {
      invocations.push(invocation);
      return real.handle(invocation);
    },
  };
  const adapter = createTelegramAdapter(
    {
      botToken: fake.token,
      apiRoot: fake.apiRoot,
      ...(options.webhook ? { webhookUrl: PUBLIC_WEBHOOK_URL, webhookSecret: WEBHOOK_SECRET } : {}),
    },
    { core, charts, logger },
    { limits: FAST_LIMITS, drainTimeoutMs: 5000, ...options },
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
  await adapter.start();
  const services = (): ServiceContext => ({ em: database.orm.em.fork(), events, now: clock });
  const tokens = new Map<number, string>();

  return {
    fake,
    adapter,
    database,
    core,
    invocations,
    baseUrl,
    webhookUrl: `${baseUrl}/telegram/webhook`,
    services,
    async apiAs(telegramUserId, path) {
      let token = tokens.get(telegramUserId);
      if (!token) {
        const identity = await services().em.findOneOrFail(Identity, {
          platform: 'telegram',
          platformUserId: String(telegramUserId),
        });
        token = (await createApiToken(services(), identity.user.id)).token;
        tokens.set(telegramUserId, token);
      }
      const response = await fetch(`${baseUrl}/api/v1${path}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return { status: response.status, body: await response.json() };
    },
    async waitForInvocations(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (invocations.length < count) {
        if (Date.now() > deadline)
          throw new Error(`the core got ${invocations.length} invocations, not ${count}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async close() {
      // The bot first: it must stop polling and sending before the fake goes away.
      await adapter.stop();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      if (ownFake) await fake.close();
      if (ownDatabase) await database.drop();
    },
  };
}

/** The texts of the bot's messages in a chat (what the member sees), oldest first. */
export function botTexts(fake: FakeTelegram, chatId: number): string[] {
  return fake
    .messagesIn(chatId)
    .filter((message) => message.from?.id === fake.botInfo.id)
    .map((message) =>
      'text' in message ? message.text : 'caption' in message ? (message.caption ?? '') : '',
    );
}
