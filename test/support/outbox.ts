/**
 * The outbox end to end without an HTTP server: a fresh database, the real chat core, the fake
 * Telegram Bot API and fake Slack Web API, and the real adapters' Messengers pointed at them (the
 * adapters are built, not started: a deliverer only sends). Tests enqueue, call deliverDue with
 * the clock they choose, and read the rows and the fakes.
 */
import { createSlackAdapter, type SlackAdapterOptions } from '../../adapters/slack/index.js';
import { createTelegramAdapter, type TelegramAdapterOptions } from '../../adapters/telegram/index.js';
import { createChartRenderer } from '../../src/charts/index.js';
import { createChatCore, type ChatCoreWithEvents } from '../../src/commands/chat-core.js';
import { InProcessEventBus } from '../../src/events/in-process.js';
import { deliverDue, type DeliveryResult } from '../../src/jobs/index.js';
import type { OutboxDeliveryDependencies } from '../../src/jobs/delivery.js';
import { createLogger } from '../../src/logger.js';
import type { ChatCore, DraftReply, Invocation, Platform } from '../../src/ports/chat.js';
import type { PlatformAdapter } from '../../src/ports/platform.js';
import type { ServiceContext } from '../../src/services/context.js';
import { resolveMember } from '../../src/services/identities.js';
import { MessengerRegistry } from '../../src/services/messengers.js';
import { Outbox } from '../../src/services/outbox.js';
import type { User } from '../../src/store/entities/index.js';
import { startFakeSlack, type FakeSlack } from '../fakes/slack/index.js';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram/index.js';
import { createTestCoach } from './chat.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { BOT_TOKEN, SIGNING_SECRET } from './slack.js';
import { FAST_LIMITS } from './telegram.js';

/** The harness's "now": Friday 2026-11-20, noon UTC. */
export const NOW = new Date('2026-11-20T12:00:00Z');

/** `ms` after NOW. */
export const after = (ms: number): Date => new Date(NOW.getTime() + ms);

/** An outbox row as the table holds it. */
export interface OutboxRecord {
  id: string;
  user_id: string | null;
  kind: string;
  dedupe_key: string;
  status: string;
  attempts: number;
  platform: string | null;
  next_attempt_at: Date;
  last_error: string | null;
  sent_at: Date | null;
  read_at: Date | null;
}

export interface OutboxHarnessOptions {
  /** Attempts per Bot API call inside the Telegram adapter (its default, 5, unless given). */
  telegramRetryAttempts?: number;
  telegram?: Partial<TelegramAdapterOptions>;
  /** The Slack WebClient's retries (quick ones by default, so a refusal settles fast). */
  slack?: Partial<SlackAdapterOptions>;
}

export interface OutboxHarness {
  database: TestDatabase;
  telegram: FakeTelegram;
  slack: FakeSlack;
  core: ChatCoreWithEvents;
  outbox: Outbox;
  messengers: MessengerRegistry;
  /** A fresh service context on its own EntityManager, its clock at `now` (NOW by default). */
  services(now?: Date): ServiceContext;
  /** What deliverDue needs: this harness's messengers (or others), a fresh context per call. */
  deps(messengers?: MessengerRegistry): OutboxDeliveryDependencies;
  /** One deliverDue as of `now`. */
  deliver(now?: Date): Promise<DeliveryResult>;
  /** Another Telegram adapter on the same fake (a second process), stopped by close(). */
  telegramAdapter(options?: Partial<TelegramAdapterOptions>): PlatformAdapter;
  /** A member known on `platform`, who talked to Stride privately in `privateChannel` at `at`. */
  member(
    platform: Platform,
    platformUserId: string,
    options?: { privateChannel?: string; at?: Date; workspace?: string },
  ): Promise<User>;
  enqueue(
    userId: string | null,
    dedupeKey: string,
    reply: DraftReply,
    options?: { kind?: string; notBefore?: Date; now?: Date },
  ): Promise<string[]>;
  /**
   * The outbox row of `dedupeKey`, once the events of the invocations the core answered are
   * published (their celebrations enqueued): they are, right after each reply.
   */
  row(dedupeKey: string): Promise<OutboxRecord>;
  sql<T = Record<string, unknown>>(query: string, params?: unknown[]): Promise<T[]>;
  /** The chat core, as the member behind `platformUserId` pressing button `action` in a DM. */
  press(platform: Platform, platformUserId: string, action: string): ReturnType<ChatCore['handle']>;
  close(): Promise<void>;
}

export async function startOutboxHarness(options: OutboxHarnessOptions = {}): Promise<OutboxHarness> {
  const database = await createTestDatabase();
  const telegram = await startFakeTelegram();
  const slack = await startFakeSlack({ botToken: BOT_TOKEN });
  const events = new InProcessEventBus();
  const logger = createLogger('silent');
  const charts = createChartRenderer();
  const clock = () => NOW;
  const core = createChatCore({
    orm: database.orm,
    events,
    charts,
    coach: createTestCoach(),
    logger,
    now: clock,
  });
  const adapters: PlatformAdapter[] = [];
  const telegramAdapter = (extra: Partial<TelegramAdapterOptions> = {}) => {
    const adapter = createTelegramAdapter(
      { botToken: telegram.token, apiRoot: telegram.apiRoot },
      { core, charts, logger },
      {
        limits: FAST_LIMITS,
        drainTimeoutMs: 2000,
        ...(options.telegramRetryAttempts ? { retryAttempts: options.telegramRetryAttempts } : {}),
        ...options.telegram,
        ...extra,
      },
    );
    adapters.push(adapter);
    return adapter;
  };
  const slackAdapter = createSlackAdapter(
    { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, apiUrl: slack.apiUrl },
    { core, charts, logger },
    { now: clock, retryConfig: { retries: 0 }, ...options.slack },
  );
  adapters.push(slackAdapter);
  const messengers = new MessengerRegistry();
  messengers.register('telegram', telegramAdapter().messenger);
  messengers.register('slack', slackAdapter.messenger);
  const outbox = new Outbox();
  const services = (now: Date = NOW): ServiceContext => ({
    em: database.orm.em.fork(),
    events,
    now: () => now,
  });
  const deps = (registry = messengers): OutboxDeliveryDependencies => ({
    services: () => services(),
    messengers: registry,
    logger,
  });
  const sql = async <T>(query: string, params: unknown[] = []) =>
    (await services().em.getConnection().execute(query, params)) as T[];

  return {
    database,
    telegram,
    slack,
    core,
    outbox,
    messengers,
    services,
    deps,
    deliver: (now = NOW) => deliverDue(deps(), now),
    telegramAdapter,
    async member(platform, platformUserId, { privateChannel, at = NOW, workspace = '' } = {}) {
      const { user } = await resolveMember(services(at), {
        platform,
        workspace,
        platformUserId,
        displayName: `Member ${platformUserId}`,
        ...(privateChannel ? { privateChannel } : {}),
      });
      return user;
    },
    enqueue: (userId, dedupeKey, reply, { kind = 'reminder', notBefore, now = NOW } = {}) =>
      outbox.enqueue(services(now), [
        { userId, kind, dedupeKey, reply, ...(notBefore ? { notBefore } : {}) },
      ]),
    async row(dedupeKey) {
      await core.settled();
      const [row] = await sql<OutboxRecord>(
        `select id, user_id, kind, dedupe_key, status, attempts, platform, next_attempt_at, last_error,
                sent_at, read_at
         from outbox where dedupe_key = ?`,
        [dedupeKey],
      );
      if (!row) throw new Error(`no outbox row has the key ${dedupeKey}`);
      return { ...row, next_attempt_at: new Date(row.next_attempt_at) };
    },
    sql,
    press(platform, platformUserId, action) {
      const invocation: Invocation = {
        platform,
        workspace: platform === 'slack' ? slack.identity.teamId : '',
        channel: { id: platformUserId, kind: 'dm' },
        user: { id: platformUserId },
        action,
        receivedAt: NOW,
      };
      return core.handle(invocation);
    },
    async close() {
      for (const adapter of adapters) await adapter.stop();
      await telegram.close();
      await slack.close();
      await database.drop();
    },
  };
}
