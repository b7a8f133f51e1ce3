/**
 * The thin Slack client setup: one Bolt App (and its WebClient) per adapter, in HTTP mode behind
 * Stride's Koa server or in Socket Mode, with Stride's logger and a retry policy fit for a chat bot.
 */
import { App, LogLevel, type Logger as BoltLogger, type Receiver, type webApi } from '@slack/bolt';
import type { Config } from '../../src/config.js';
import type { Logger } from '../../src/logger.js';

export type SlackConfig = NonNullable<Config['slack']>;

/**
 * How the WebClient retries. On a 429 it pauses its whole queue for Retry-After seconds and then
 * retries (so nothing is lost and no other call jumps the limit); these numbers only space out
 * retries of network errors and 5xx. Five retries with a short first wait give up after about
 * ten seconds, where the SDK default (ten retries over thirty minutes) would hold a listener open
 * long after Slack stopped caring about the answer.
 */
export const SLACK_RETRY_POLICY: webApi.RetryOptions = {
  retries: 5,
  factor: 2,
  minTimeout: 250,
  maxTimeout: 5000,
  randomize: true,
};

/** A Web API call that hangs is abandoned (and retried) after this long. */
const REQUEST_TIMEOUT_MS = 15_000;

/** The Bolt App: Socket Mode when an app token is configured, otherwise HTTP through `receiver`. */
export function createBoltApp(
  config: SlackConfig,
  logger: Logger,
  receiver: Receiver | undefined,
  retryConfig: webApi.RetryOptions = SLACK_RETRY_POLICY,
): App {
  const clientOptions: webApi.WebClientOptions = {
    retryConfig,
    timeout: REQUEST_TIMEOUT_MS,
    // Method names only: a URL from a payload can never make the client send the token elsewhere.
    allowAbsoluteUrls: false,
    ...(config.apiUrl ? { slackApiUrl: withTrailingSlash(config.apiUrl) } : {}),
  };
  return new App({
    token: config.botToken,
    logger: boltLogger(logger),
    clientOptions,
    // auth.test runs in start() (app.init()), where a wrong token fails the start loudly, rather
    // than as a stray promise in the constructor.
    deferInitialization: true,
    // Bolt's conversation store is unused (Stride keeps its own state) and costs an Error per event.
    convoStore: false,
    ...(config.appToken ? { socketMode: true, appToken: config.appToken } : { receiver }),
  });
}

/** The WebClient joins method names to the base URL, so it must end with a slash. */
function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

const LEVELS: Record<string, LogLevel> = {
  trace: LogLevel.DEBUG,
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
};

/** Bolt, its WebClient and its Socket Mode client log through Stride's pino logger. */
export function boltLogger(logger: Logger): BoltLogger {
  const log = logger.child({ component: 'slack' });
  const write =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...parts: unknown[]) => {
      // Bolt logs at debug on every event: a message nobody reads is not even formatted.
      if (!log.isLevelEnabled(level)) return;
      const error = parts.find((part): part is Error => part instanceof Error);
      const message = parts
        .filter((part) => part !== error)
        .map((part) => (typeof part === 'string' ? part : JSON.stringify(part)))
        .join(' ');
      // The error's message goes through the err serializer only: it may carry a failed statement.
      if (error) log[level]({ err: error }, message || error.name);
      else log[level](message);
    };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    // pino's level (from LOG_LEVEL) decides; Bolt may not lower or raise it.
    setLevel: () => undefined,
    getLevel: () => LEVELS[log.level] ?? LogLevel.ERROR,
    setName: () => undefined,
  };
}
