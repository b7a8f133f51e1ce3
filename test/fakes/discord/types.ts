/** Shapes the fake records and accepts; shared by its modules and by tests. */
import type { IncomingHttpHeaders } from 'node:http';
import type { DiscordUser } from './identity.js';
import type { RouteName } from './routes.js';

/** A file part of a multipart body (`files[0]`, …). */
export interface FilePart {
  /** The form field, e.g. `files[0]`. */
  field: string;
  filename: string;
  contentType: string;
  bytes: Buffer;
}

/** One REST request to a known route, as the fake received it. */
export interface RecordedCall {
  route: RouteName;
  /** `POST`, `PATCH`, … */
  httpMethod: string;
  /** The path after `/api/v10`, decoded (`/webhooks/1/tok/messages/@original`). */
  path: string;
  /** The route's path parameters: applicationId, guildId, interactionId, token, channelId, messageId. */
  params: Record<string, string>;
  query: Record<string, string>;
  /** The JSON body, or a multipart body's `payload_json`, parsed; undefined when there was none. */
  body: any;
  /** A multipart body's file parts, in order; [] otherwise. */
  files: FilePart[];
  encoding: 'json' | 'multipart' | 'none';
  headers: IncomingHttpHeaders;
  at: Date;
  /** Set once the fake has answered. */
  answer?: { status: number; body: unknown };
}

export type { UnexpectedRequest as UnexpectedCall } from '../shared/call-recorder.js';

/** A canned failure for the next call of a route. */
export type Failure =
  /** HTTP 429 with the headers @discordjs/rest reads; `retryAfter` in seconds (fractions allowed). */
  | { status: 429; retryAfter: number; global?: boolean }
  /** Any other error, in Discord's `{message, code}` shape. */
  | { status: number; code?: number; message?: string };

/** What the client sent over the gateway. */
export interface GatewayFrame {
  op: number;
  d: unknown;
  at: Date;
}

export interface FakeDiscordOptions {
  token?: string;
  applicationId?: string;
  /** Overrides for the bot user READY carries. */
  bot?: Partial<DiscordUser>;
  /** Guild ids announced by a GUILD_CREATE each after READY; none by default. */
  guilds?: string[];
  /** HELLO's heartbeat interval; long by default, so no heartbeat runs during a short test. */
  heartbeatIntervalMs?: number;
}

export type { DiscordUser };
