/**
 * The Slack adapter (@slack/bolt 5): slash commands, buttons, App Home, direct messages and
 * mentions, translated into the chat core's Invocations and Replies and nothing more. HTTP mode
 * mounts POST /slack/events on Stride's Koa server; with an app token it uses Socket Mode instead.
 * Switched on when SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are set (config.slack).
 */
import type { webApi } from '@slack/bolt';
import type { AdapterDependencies, PlatformAdapter } from '../../src/ports/platform.js';
import { SLACK_EVENTS_PATH } from '../../src/manifest/slack.js';
import { createBoltApp, type SlackConfig } from './client.js';
import { createSlackMessenger } from './messenger.js';
import { SlackOutbound } from './outbound.js';
import type { SlackContext } from './processors/context.js';
import { HomePublisher } from './processors/home.js';
import { registerHandlers } from './handlers.js';
import { SlackProfiles } from './profiles.js';
import { KoaReceiver } from './receiver.js';
import { inProcessDeliveries } from '../shared/deliveries.js';

export { SLACK_RETRY_POLICY, type SlackConfig } from './client.js';
export { ACTION_PREFIX } from './render.js';
export { SLACK_EVENTS_PATH };

export interface SlackAdapterOptions {
  /** The clock for Invocation.receivedAt (tests pin it with the core's). */
  now?: () => Date;
  /**
   * A slash command answered within this many ms of its arrival is answered in its ack; a slower
   * one is acknowledged with "Working on it…" and answered through respond(). Slack allows 3 s.
   */
  ackBudgetMs?: number;
  /** How the WebClient retries (SLACK_RETRY_POLICY unless a test passes a quicker one). */
  retryConfig?: webApi.RetryOptions;
}

const DEFAULT_ACK_BUDGET_MS = 2500;
// Slack retries within minutes; an hour of ids is plenty, and bounded.
const DELIVERIES = { capacity: 20_000, rememberMs: 60 * 60 * 1000 };

/** Builds the adapter; nothing talks to Slack before start(). */
export function createSlackAdapter(
  config: SlackConfig,
  deps: AdapterDependencies,
  options: SlackAdapterOptions = {},
): PlatformAdapter {
  const logger = deps.logger.child({ platform: 'slack' });
  const socketMode = Boolean(config.appToken);
  const receiver = socketMode
    ? undefined
    : new KoaReceiver({ signingSecret: config.signingSecret, path: SLACK_EVENTS_PATH, logger });
  const app = createBoltApp(config, logger, receiver, options.retryConfig);
  const now = options.now ?? (() => new Date());
  const profiles = new SlackProfiles(app.client, logger);
  const outbound = new SlackOutbound(app.client);
  const ctx: SlackContext = {
    core: deps.core,
    profiles,
    outbound,
    deliveries: (deps.deliveries ?? inProcessDeliveries)('slack', DELIVERIES),
    home: new HomePublisher({ core: deps.core, client: app.client, profiles, logger, now }),
    now,
    ackBudgetMs: options.ackBudgetMs ?? DEFAULT_ACK_BUDGET_MS,
  };

  const settle = registerHandlers(app, ctx, logger);

  let started = false;
  return {
    platform: 'slack',
    ...(receiver ? { middleware: receiver.middleware } : {}),
    messenger: createSlackMessenger(outbound),
    async start() {
      // auth.test: a wrong bot token stops the start here, with Slack's own error.
      await app.init();
      started = true;
      await app.start();
      logger.info({ mode: socketMode ? 'socket' : 'http' }, 'slack adapter started');
    },
    async stop() {
      if (started) {
        started = false;
        // Socket Mode disconnects; HTTP mode refuses new requests and waits for those in flight.
        await app
          .stop()
          .catch((error: unknown) => logger.warn({ err: error }, 'slack adapter did not stop cleanly'));
      }
      await settle();
    },
  };
}
