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

/**
 * The record of platform deliveries an adapter has taken (a Slack trigger or event id, a Telegram
 * update id, a Discord interaction id), so that a redelivery is not handled twice: in-process by
 * default, in Redis when several processes receive from one platform (a retry may reach another).
 */
export interface DeliveryClaims {
  /** True for the first claim of an id (within the record's memory), false for a repeat. */
  claim(id: string | number): Promise<boolean>;
  /** Forgets an id whose handling failed, so the platform's retry of it runs. */
  release(id: string | number): Promise<void>;
}

/** How long and how many delivery ids one adapter's record keeps. */
export interface DeliveryClaimsOptions {
  /** How many ids an in-process record keeps; past it the oldest is forgotten, so memory stays bounded. */
  capacity: number;
  /** How long an id counts as seen; forever in-process (until pushed out by capacity) when left out. */
  rememberMs?: number;
}

/** Makes one adapter's delivery record; `name` (the platform) keeps each one's ids apart. */
export type DeliveryClaimsFactory = (name: string, options: DeliveryClaimsOptions) => DeliveryClaims;

/** What every adapter is built from, plus its own section of the config. */
export interface AdapterDependencies {
  core: ChatCore;
  charts: ChartRenderer;
  logger: Logger;
  /** Where deliveries are claimed; in this process when not given. */
  deliveries?: DeliveryClaimsFactory;
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
