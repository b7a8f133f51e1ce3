/**
 * Port: what every platform adapter implements (DESIGN.md section 2). An adapter turns its platform's
 * payloads into Invocations for the chat core, renders Replies back, and sends the messages the
 * core starts itself (reminders, alerts, reviews) through its Messenger.
 */
import type { Middleware } from 'koa';
import type { ChartRenderer } from '../charts/index.js';
import type { Logger } from '../logger.js';
import type { ChatCore, Platform, Reply } from './chat.js';

/** Where an outbound message goes: a channel (or DM) on the adapter's platform. */
export interface MessageTarget {
  channelId: string;
  /** For platforms that DM by user id (Slack opens the DM from it). */
  userId?: string;
  workspace?: string;
}

/** Sends replies the core starts itself; retries with backoff and respects the platform's limits. */
export interface Messenger {
  send(target: MessageTarget, reply: Reply): Promise<void>;
}

export interface PlatformAdapter {
  platform: Platform;
  /** HTTP routes (webhooks) mounted on Stride's server, before any body parser: they verify raw bodies. */
  middleware?: Middleware;
  /** Connects (Socket Mode, polling), registers commands; called once the HTTP server listens. */
  start(): Promise<void>;
  stop(): Promise<void>;
  messenger: Messenger;
}

/** What every adapter is built from, plus its own section of the config. */
export interface AdapterDependencies {
  core: ChatCore;
  charts: ChartRenderer;
  logger: Logger;
}

/**
 * What a Messenger throws when a send failed in a way the outbox should know about: the platform
 * asked to wait (a 429's retry_after), or the message can never go (the member blocked the bot).
 * Any other error is retried with backoff.
 */
export class DeliveryError extends Error {
  readonly retryAfterMs?: number;
  readonly permanent: boolean;

  constructor(
    message: string,
    options: { retryAfterMs?: number; permanent?: boolean; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'DeliveryError';
    this.retryAfterMs = options.retryAfterMs;
    this.permanent = options.permanent ?? false;
  }
}
