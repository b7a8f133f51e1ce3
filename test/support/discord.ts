/**
 * The Discord adapter end to end: the real chat core on a fresh database, the real discord.js
 * client logged in to the fake Discord (REST + gateway), and Stride's real Koa server for the REST
 * API that reads results back. Helpers push interactions and direct messages, and read what the
 * member was shown. Everything listens on 127.0.0.1.
 */
import type { Server } from 'node:http';
import { createDiscordAdapter, type DiscordAdapterOptions } from '../../adapters/discord/index.js';
import { createChartRenderer } from '../../src/charts/index.js';
import type { LanguageModel } from '../../src/coach/model.js';
import { createChatCore, type ChatCore } from '../../src/commands/chat-core.js';
import { InProcessEventBus } from '../../src/events/in-process.js';
import { createLogger } from '../../src/logger.js';
import type { CompletionRequest, Invocation } from '../../src/ports/chat.js';
import type { PlatformAdapter } from '../../src/ports/platform.js';
import type { ServiceContext } from '../../src/services/context.js';
import { createApp } from '../../src/web/app.js';
import {
  DEFAULT_GUILD_ID,
  directMessage,
  dmChannelFor,
  slashCommandInteraction,
  startFakeDiscord,
  type FakeDiscord,
  type Interaction,
  type RecordedCall,
  type SlashCommandInput,
} from '../fakes/discord/index.js';
import { serveOnLoopback } from './app.js';
import { createTestCoach } from './chat.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export interface DiscordHarnessOptions extends DiscordAdapterOptions {
  /** Reuse a database; dropped by whoever created it. */
  database?: TestDatabase;
  /** Reuse a fake Discord; closed by whoever started it. */
  fake?: FakeDiscord;
  /** The coach's language model (Gemini pointed at the fake); the offline coach otherwise. */
  model?: LanguageModel;
  /** DISCORD_GUILD_ID: the commands go to this guild instead of globally. */
  guildId?: string;
  /** Holds the core's answer to an invocation back this many ms (a slow chart or coach). */
  delayMs?: (invocation: Invocation) => number;
  /** Holds the core's autocomplete names back this many ms. */
  completeDelayMs?: number;
}

/** What a member was shown for an interaction: the reply (or the edit of a deferred one). */
export interface Answer {
  /** The answer came after a deferral ("Stride is thinking…"), as an edit or a follow-up. */
  deferred: boolean;
  /** Only the member saw it (flag 64): of the reply, or of the deferral it replaced. */
  ephemeral: boolean;
  /** The message as sent: embeds, components, attachments… */
  message: any;
  /** The uploaded files of the message, if any. */
  files: RecordedCall['files'];
  /** Its embeds' text with the markdown removed. */
  text: string;
  /** Its buttons, in order. */
  buttons: { label: string; id: string; style: number }[];
}

export interface DiscordHarness {
  fake: FakeDiscord;
  adapter: PlatformAdapter;
  database: TestDatabase;
  core: ChatCore;
  /** Every Invocation and completion request the adapter gave the core, in order. */
  invocations: Invocation[];
  completions: CompletionRequest[];
  services(): ServiceContext;
  /** Pushes a slash command (in the default guild unless `dm`) and returns the interaction. */
  command(input: SlashCommandInput): Interaction;
  /** What the member was shown for an interaction (its first message). */
  answerTo(interaction: Interaction, timeoutMs?: number): Promise<Answer>;
  /** The member writes in their DM with the bot; resolves with the message id. */
  dm(user: { id: string; username?: string }, content: string, id?: string): string;
  /** GET on Stride's REST API with a bearer token. */
  api(path: string, token: string): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

const NOW = '2026-11-20T12:00:00Z';

export async function startDiscordHarness(options: DiscordHarnessOptions = {}): Promise<DiscordHarness> {
  const ownDatabase = !options.database;
  const database = options.database ?? (await createTestDatabase());
  const ownFake = !options.fake;
  // The default guild is announced, as Discord does for a bot in it: its channel is then cached.
  const fake = options.fake ?? (await startFakeDiscord({ guilds: [DEFAULT_GUILD_ID] }));
  const clock = () => new Date(NOW);
  const events = new InProcessEventBus();
  const logger = createLogger('silent');
  const charts = createChartRenderer();
  const coach = createTestCoach(options.model);
  const real = createChatCore({ orm: database.orm, events, charts, coach, logger, now: clock });
  const invocations: Invocation[] = [];
  const completions: CompletionRequest[] = [];
  const core: ChatCore = {
    complete: async (request) => {
      completions.push(request);
      if (options.completeDelayMs)
        await new Promise((resolve) => setTimeout(resolve, options.completeDelayMs));
      return real.complete(request);
    },
    handle: async (invocation) => {
      invocations.push(invocation);
      const delay = options.delayMs?.(invocation) ?? 0;
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      return real.handle(invocation);
    },
  };
  const adapter = createDiscordAdapter(
    {
      token: fake.token,
      applicationId: fake.applicationId,
      apiUrl: fake.apiUrl,
      ...(options.guildId ? { guildId: options.guildId } : {}),
    },
    { core, charts, logger },
    { now: clock, readyTimeoutMs: 5000, ...options },
  );
  const app = createApp({ orm: database.orm, events, logger, charts, now: clock, webhooks: [] });
  const { server, baseUrl } = await serveOnLoopback(app);
  await adapter.start();
  const services = (): ServiceContext => ({ em: database.orm.em.fork(), events, now: clock });

  return {
    fake,
    adapter,
    database,
    core,
    invocations,
    completions,
    services,
    command: (input) => fake.pushInteraction(slashCommandInteraction(input)),
    answerTo: (interaction, timeoutMs) => answerTo(fake, interaction, timeoutMs),
    dm(user, content, id) {
      const message = directMessage({ user, content, ...(id ? { id } : {}) });
      fake.dispatch('MESSAGE_CREATE', message);
      return message.id;
    },
    async api(path, token) {
      const response = await fetch(`${baseUrl}/api/v1${path}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return { status: response.status, body: await response.json() };
    },
    async close() {
      // The client first: it must be destroyed before the fake goes away.
      await adapter.stop();
      await closeServer(server);
      if (ownFake) await fake.close();
      if (ownDatabase) await database.drop();
    },
  };
}

async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

/**
 * The first message a member was shown for an interaction: the reply in its callback, or, after a
 * deferral, the edit of the deferred message (or the follow-up that replaced it).
 */
export async function answerTo(
  fake: FakeDiscord,
  interaction: Interaction,
  timeoutMs = 5000,
): Promise<Answer> {
  const callback = await fake.waitForCall(
    'createInteractionResponse',
    (call) => call.params.interactionId === interaction.id,
    timeoutMs,
  );
  const type = callback.body?.type;
  if (type === 4) return answerOf(callback.body.data, callback.files, false);
  if (type !== 5) throw new Error(`interaction ${interaction.id} answered with type ${type}, not a message`);
  const deferredPrivately = ((callback.body.data?.flags ?? 0) & 64) === 64;
  const later = await firstCall(
    fake,
    (call) =>
      (call.route === 'editOriginalInteractionResponse' || call.route === 'createFollowupMessage') &&
      call.params.token === interaction.token,
    timeoutMs,
  );
  const ephemeral =
    later.route === 'createFollowupMessage' ? ((later.body?.flags ?? 0) & 64) === 64 : deferredPrivately;
  return { ...answerOf(later.body, later.files, true), ephemeral };
}

/** A message body (a callback's data, an edit, a channel message) as the member saw it. */
export function answerOf(body: any, files: RecordedCall['files'], deferred: boolean): Answer {
  return {
    deferred,
    ephemeral: ((body?.flags ?? 0) & 64) === 64,
    message: body,
    files,
    text: textOf(body),
    buttons: buttonsOf(body),
  };
}

/** A message's embed text without the markdown: what the contract compares. */
export function textOf(body: any): string {
  return ((body?.embeds ?? []) as { description?: string }[])
    .map((embed) => embed.description ?? '')
    .join('\n')
    .replace(/\*\*/g, '')
    .replace(/`/g, '')
    .replace(/\\([\\~|#>])/g, '$1');
}

export function buttonsOf(body: any): { label: string; id: string; style: number }[] {
  return ((body?.components ?? []) as { components: { label: string; custom_id: string; style: number }[] }[])
    .flatMap((row) => row.components)
    .map((button) => ({ label: button.label, id: button.custom_id, style: button.style }));
}

/** The bot's messages posted in a member's DM channel after the first `skip`, welcome hints left out. */
export function dmMessages(fake: FakeDiscord, userId: string, skip = 0): RecordedCall[] {
  return fake
    .callsTo('createMessage')
    .slice(skip)
    .filter((call) => call.params.channelId === dmChannelFor(userId) && call.answer?.status === 200)
    .filter((call) => !textOf(call.body).startsWith('👋 Welcome'));
}

/** The next message the bot posts in a member's DM channel after the first `skip` createMessage calls. */
export async function nextDm(fake: FakeDiscord, userId: string, skip: number): Promise<RecordedCall> {
  const calls = () => fake.callsTo('createMessage');
  return fake.waitForCall(
    'createMessage',
    (call) =>
      calls().indexOf(call) >= skip &&
      call.params.channelId === dmChannelFor(userId) &&
      call.answer?.status === 200 &&
      !textOf(call.body).startsWith('👋 Welcome'),
  );
}

/** The first answered call of any route that `matches`, already made or still to come. */
export async function firstCall(
  fake: FakeDiscord,
  matches: (call: RecordedCall) => boolean,
  timeoutMs = 5000,
): Promise<RecordedCall> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = fake.calls.find((call) => call.answer !== undefined && matches(call));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no matching Discord call within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
