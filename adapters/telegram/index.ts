/**
 * The Telegram adapter (telegraf 4): Stride as a coach in a private chat, and commands and mentions
 * in groups. Long polling by default; a webhook on Stride's server when a webhook URL is set.
 * Switched on when TELEGRAM_BOT_TOKEN is set (config.telegram).
 */
import { Telegraf } from 'telegraf';
import type { AdapterDependencies, PlatformAdapter } from '../../src/ports/platform.js';
import type { Config } from '../../src/config.js';
import { loadTelegramCommands } from './menu.js';
import { registerHandlers, REMEMBERED_UPDATES } from './handlers.js';
import { SendQueue, TELEGRAM_SEND_LIMITS, type SendLimits } from './queue.js';
import { describeError, withRetry, type Retry } from './retry.js';
import { createSender } from './send.js';
import { createTelegramMessenger } from './messenger.js';
import { webhookMiddleware } from './receiver.js';
import { settlesWithin } from '../shared/timeouts.js';
import { inProcessDeliveries } from '../shared/deliveries.js';

export { TELEGRAM_SEND_LIMITS, type Rate, type SendLimits } from './queue.js';
export { WEBHOOK_PATH } from './receiver.js';

export type TelegramConfig = NonNullable<Config['telegram']>;

export interface TelegramAdapterOptions {
  /** Send pacing; Telegram's own limits unless a test passes faster ones. */
  limits?: Partial<SendLimits>;
  /** How long stop() lets queued messages go out before giving up on them. */
  drainTimeoutMs?: number;
  /** Where the command menu comes from (manifest/telegram-commands.json by default). */
  commandsFile?: URL;
  /** The clock for Invocation.receivedAt. */
  now?: () => Date;
  /** Attempts per Bot API call, the first included (withRetry's default unless a test passes fewer). */
  retryAttempts?: number;
}

/** The updates Stride handles; asking for no others saves Telegram sending them. */
const ALLOWED_UPDATES = ['message', 'callback_query'] as const;
const DEFAULT_DRAIN_MS = 10_000;
const POLL_START_CHECK_MS = 20;

/** Builds the adapter; nothing talks to Telegram before start(). */
export function createTelegramAdapter(
  config: TelegramConfig,
  deps: AdapterDependencies,
  options: TelegramAdapterOptions = {},
): PlatformAdapter {
  if (config.webhookUrl && !config.webhookSecret) {
    // Without a secret anyone who finds the URL could post updates as any member.
    throw new Error('Telegram webhook mode needs a webhook secret (TELEGRAM_WEBHOOK_SECRET)');
  }
  const logger = deps.logger.child({ platform: 'telegram' });
  // webhookReply off: every call goes to the Bot API (and is retried and paced), none rides back
  // in the webhook's HTTP response.
  const bot = new Telegraf(config.botToken, {
    telegram: { webhookReply: false, ...(config.apiRoot ? { apiRoot: config.apiRoot } : {}) },
  });
  const queue = new SendQueue({ ...TELEGRAM_SEND_LIMITS, ...options.limits });
  const retry: Retry = (call) =>
    withRetry(call, {
      signal: queue.signal,
      ...(options.retryAttempts ? { attempts: options.retryAttempts } : {}),
      onRetry: (error, waitMs) => logger.warn({ err: describeError(error), waitMs }, 'telegram call retried'),
    });
  const sender = createSender(bot.telegram, queue, retry);
  const settle = registerHandlers(bot, {
    core: deps.core,
    sender,
    retry,
    logger,
    now: options.now ?? (() => new Date()),
    deliveries: (deps.deliveries ?? inProcessDeliveries)('telegram', { capacity: REMEMBERED_UPDATES }),
  });
  let polling: Promise<void> | undefined;
  let stopping: Promise<void> | undefined;

  async function registerCommands(): Promise<void> {
    try {
      const commands = await loadTelegramCommands(options.commandsFile);
      await retry(() => bot.telegram.setMyCommands(commands));
    } catch (error) {
      // The menu is a convenience: typed commands work without it.
      logger.warn({ err: describeError(error) }, 'telegram command menu not registered');
    }
  }

  return {
    platform: 'telegram',
    ...(config.webhookUrl
      ? { middleware: webhookMiddleware(bot, config.webhookSecret!, () => stopping !== undefined, logger) }
      : {}),
    messenger: createTelegramMessenger(sender),

    async start() {
      // Awaited, so a wrong token fails the start; mentions in groups need the bot's username.
      const me = await retry(() => bot.telegram.getMe());
      bot.botInfo = me;
      await registerCommands();
      if (config.webhookUrl) {
        await retry(() =>
          bot.telegram.setWebhook(config.webhookUrl!, {
            secret_token: config.webhookSecret,
            allowed_updates: [...ALLOWED_UPDATES],
          }),
        );
        logger.info({ bot: me.username }, 'telegram webhook registered');
      } else {
        // launch() resolves only when polling ends, so it is kept to be awaited in stop().
        polling = bot.launch({ allowedUpdates: [...ALLOWED_UPDATES] }).catch((error: unknown) => {
          logger.error({ err: describeError(error) }, 'telegram polling stopped');
        });
        logger.info({ bot: me.username }, 'telegram long polling started');
      }
    },

    stop() {
      stopping ??= (async () => {
        if (polling) await stopPolling(bot, polling);
        await settle();
        const dropped = await queue.close(options.drainTimeoutMs ?? DEFAULT_DRAIN_MS);
        if (dropped > 0) logger.warn({ dropped }, 'telegram messages not sent before stopping');
      })();
      return stopping;
    },
  };
}

/**
 * Stops long polling and waits for it to end (the batch in hand is finished and its offset
 * confirmed). bot.stop() throws while launch() is still between getMe and its first poll, so
 * it is tried again until polling has begun or launch has given up.
 */
async function stopPolling(bot: Telegraf, polling: Promise<void>): Promise<void> {
  for (;;) {
    try {
      bot.stop('Stride is stopping');
      break;
    } catch {
      if (await settlesWithin(polling, POLL_START_CHECK_MS)) return;
    }
  }
  await polling;
}
