/**
 * The Discord adapter (discord.js 14): slash commands with options and autocomplete, buttons,
 * ephemeral and deferred answers in servers, and Stride as a coach in a DM. The gateway connection
 * receives; REST answers and sends. Switched on when DISCORD_TOKEN and DISCORD_APPLICATION_ID are
 * set (config.discord).
 */
import { Client, Events, GatewayIntentBits, Partials } from 'discord.js';
import type { AdapterDependencies, PlatformAdapter } from '../../src/ports/platform.js';
import type { Config } from '../../src/config.js';
import { describeError } from './delivery-errors.js';
import { DELIVERIES, registerHandlers } from './handlers.js';
import { inProcessDeliveries } from '../shared/deliveries.js';
import { createDiscordMessenger } from './messenger.js';
import { createDiscordRest, DiscordOutbound } from './outbound.js';
import { loadDiscordCommands, registerCommands } from './registration.js';

export type DiscordConfig = NonNullable<Config['discord']>;

export interface DiscordAdapterOptions {
  /** The clock for Invocation.receivedAt (tests pin it with the core's). */
  now?: () => Date;
  /** An interaction not answered within this many ms is deferred; Discord allows 3 s. */
  deferAfterMs?: number;
  /** How long autocomplete waits for the member's names before offering none. */
  completeWithinMs?: number;
  /** A 429 asking for a longer wait than this fails the send (the outbox retries it later). */
  maxRateLimitWaitMs?: number;
  /** How long start() waits for the gateway's READY. */
  readyTimeoutMs?: number;
  /** Where the commands come from (manifest/discord-commands.json by default). */
  commandsFile?: URL;
}

const DEFAULT_DEFER_MS = 1500;
const DEFAULT_COMPLETE_MS = 2000;
const DEFAULT_RATE_LIMIT_WAIT_MS = 10_000;
// discord.js waits up to 15 s for the guilds READY announces; a little more than that.
const DEFAULT_READY_MS = 30_000;

/** Builds the adapter; nothing talks to Discord before start() (or a Messenger send). */
export function createDiscordAdapter(
  config: DiscordConfig,
  deps: AdapterDependencies,
  options: DiscordAdapterOptions = {},
): PlatformAdapter {
  const logger = deps.logger.child({ platform: 'discord' });
  // Its own REST for what Stride sends with the bot token: the Messenger works in a process that
  // never logs in (a worker), and after the client is destroyed while answers still go out.
  const rest = createDiscordRest(config.token, {
    api: config.apiUrl,
    maxRateLimitWaitMs: options.maxRateLimitWaitMs ?? DEFAULT_RATE_LIMIT_WAIT_MS,
  });
  const outbound = new DiscordOutbound(rest);
  const client = new Client({
    // Guilds for interactions in servers; DirectMessages (with the Channel partial, since DM
    // channels are not cached) for plain words in a DM, whose content needs no privileged intent.
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.DirectMessages],
    partials: [Partials.Channel],
    ...(config.apiUrl ? { rest: { api: config.apiUrl } } : {}),
  });
  // An 'error' event nobody listens to would crash the process.
  client.on(Events.Error, (error) => logger.error({ err: describeError(error) }, 'discord client error'));
  client.on(Events.ShardError, (error) =>
    logger.warn({ err: describeError(error) }, 'discord gateway error'),
  );
  const handlers = registerHandlers(client, {
    core: deps.core,
    outbound,
    logger,
    now: options.now ?? (() => new Date()),
    deferAfterMs: options.deferAfterMs ?? DEFAULT_DEFER_MS,
    completeWithinMs: options.completeWithinMs ?? DEFAULT_COMPLETE_MS,
    deliveries: (deps.deliveries ?? inProcessDeliveries)('discord', DELIVERIES),
  });
  let stopping: Promise<void> | undefined;

  async function register(): Promise<void> {
    try {
      const commands = await loadDiscordCommands(options.commandsFile);
      const count = await registerCommands(rest, config.applicationId, config.guildId, commands);
      logger.info({ commands: count, guild: config.guildId ?? 'global' }, 'discord commands registered');
    } catch (error) {
      // Commands already registered keep working, and DMs need none: a failure is no reason to stop.
      logger.warn({ err: describeError(error) }, 'discord commands not registered');
    }
  }

  return {
    platform: 'discord',
    messenger: createDiscordMessenger(outbound),

    async start() {
      await login(client, config.token, options.readyTimeoutMs ?? DEFAULT_READY_MS);
      await register();
      logger.info({ bot: client.user?.username }, 'discord gateway connected');
    },

    stop() {
      stopping ??= (async () => {
        handlers.close();
        // Destroyed first, so no more deliveries arrive; answers in hand still go out over REST
        // (interaction callbacks need no token, and Stride's own sends have their own REST).
        await client.destroy();
        await handlers.settle();
      })();
      return stopping;
    },
  };
}

/**
 * Logs in and resolves once READY has arrived. A wrong token fails here, with a message that
 * names the variable (never its value); the client is left destroyed.
 */
async function login(client: Client, token: string, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    client.once(Events.ClientReady, () => resolve());
    timer = setTimeout(() => reject(new Error(`Discord sent no READY within ${timeoutMs} ms`)), timeoutMs);
  });
  // Handled here, so that a login that fails first leaves no unhandled rejection behind.
  ready.catch(() => undefined);
  try {
    await client.login(token);
    await ready;
  } catch (error) {
    await client.destroy();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Discord login failed (check DISCORD_TOKEN): ${reason}`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}
