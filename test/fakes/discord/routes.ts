/**
 * The REST routes the Discord adapter uses, with Discord's answers. Paths are matched after
 * `/api/v10`; `@original` may arrive URL-encoded (discord.js sends `%40original`).
 */
import { DiscordApiError } from './errors.js';
import { nextSnowflake, type DiscordUser } from './identity.js';
import type { FilePart, RecordedCall } from './types.js';

export type RouteName =
  | 'getGateway'
  | 'getGatewayBot'
  | 'bulkOverwriteGlobalCommands'
  | 'bulkOverwriteGuildCommands'
  | 'createInteractionResponse'
  | 'getOriginalInteractionResponse'
  | 'editOriginalInteractionResponse'
  | 'deleteOriginalInteractionResponse'
  | 'createFollowupMessage'
  | 'editFollowupMessage'
  | 'createDM'
  | 'createMessage';

/** What a route handler sees: the call, and the fake's state. */
export interface RouteContext {
  call: RecordedCall;
  applicationId: string;
  bot: DiscordUser;
  gatewayUrl: string;
  /** Messages the bot posted, by id; interaction replies are also kept under `original:<token>`. */
  messages: Map<string, Record<string, unknown>>;
}

export interface RouteAnswer {
  status: number;
  body?: unknown;
}

interface Route {
  name: RouteName;
  method: string;
  pattern: RegExp;
  keys: string[];
  /** REST calls the bot makes with its token; interaction callbacks and webhooks carry none. */
  authorized: boolean;
  handle(context: RouteContext): RouteAnswer;
}

function route(
  name: RouteName,
  method: string,
  path: string,
  authorized: boolean,
  handle: Route['handle'],
): Route {
  const keys: string[] = [];
  const source = path.replace(/:(\w+)/g, (_match, key: string) => {
    keys.push(key);
    return '([^/]+)';
  });
  return { name, method, pattern: new RegExp(`^${source}$`), keys, authorized, handle };
}

const ROUTES: Route[] = [
  route('getGateway', 'GET', '/gateway', false, ({ gatewayUrl }) => ({
    status: 200,
    body: { url: gatewayUrl },
  })),
  route('getGatewayBot', 'GET', '/gateway/bot', true, ({ gatewayUrl }) => ({
    status: 200,
    body: {
      url: gatewayUrl,
      shards: 1,
      session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
    },
  })),
  route('bulkOverwriteGlobalCommands', 'PUT', '/applications/:applicationId/commands', true, (context) =>
    overwriteCommands(context),
  ),
  route(
    'bulkOverwriteGuildCommands',
    'PUT',
    '/applications/:applicationId/guilds/:guildId/commands',
    true,
    (context) => overwriteCommands(context),
  ),
  route(
    'createInteractionResponse',
    'POST',
    '/interactions/:interactionId/:token/callback',
    false,
    (context) => {
      const { call } = context;
      const type = (call.body as { type?: unknown } | undefined)?.type;
      if (typeof type !== 'number') throw badRequest('interaction response without a numeric type');
      // 4 (reply) and 7 (update) carry a message; the deferrals 5 and 6 make one appear later.
      const data = (call.body as { data?: Record<string, unknown> }).data ?? {};
      const message =
        type === 4 || type === 5 ? storeMessage(context, `original:${call.params.token}`, data) : undefined;
      if (call.query.with_response !== 'true') return { status: 204 };
      return {
        status: 200,
        body: {
          interaction: { id: call.params.interactionId, type: 2 },
          resource: { type, ...(message ? { message } : {}) },
        },
      };
    },
  ),
  route(
    'getOriginalInteractionResponse',
    'GET',
    '/webhooks/:applicationId/:token/messages/@original',
    false,
    ({ call, messages }) => {
      const message = messages.get(`original:${call.params.token}`);
      if (!message) throw new DiscordApiError(404, 10008, 'Unknown Message');
      return { status: 200, body: message };
    },
  ),
  route(
    'editOriginalInteractionResponse',
    'PATCH',
    '/webhooks/:applicationId/:token/messages/@original',
    false,
    (context) => ({
      status: 200,
      body: storeMessage(context, `original:${context.call.params.token}`, context.call.body ?? {}),
    }),
  ),
  route(
    'deleteOriginalInteractionResponse',
    'DELETE',
    '/webhooks/:applicationId/:token/messages/@original',
    false,
    ({ call, messages }) => {
      messages.delete(`original:${call.params.token}`);
      return { status: 204 };
    },
  ),
  route('createFollowupMessage', 'POST', '/webhooks/:applicationId/:token', false, (context) => ({
    status: 200,
    body: storeMessage(context, undefined, context.call.body ?? {}),
  })),
  route(
    'editFollowupMessage',
    'PATCH',
    '/webhooks/:applicationId/:token/messages/:messageId',
    false,
    (context) => {
      if (!context.messages.has(context.call.params.messageId!)) {
        throw new DiscordApiError(404, 10008, 'Unknown Message');
      }
      return { status: 200, body: storeMessage(context, context.call.params.messageId, context.call.body) };
    },
  ),
  route('createDM', 'POST', '/users/@me/channels', true, ({ call }) => {
    const recipient = (call.body as { recipient_id?: unknown } | undefined)?.recipient_id;
    if (typeof recipient !== 'string') throw badRequest('recipient_id is required');
    return {
      status: 200,
      body: {
        id: dmChannelFor(recipient),
        type: 1,
        last_message_id: null,
        flags: 0,
        recipients: [
          {
            id: recipient,
            username: `user${recipient}`,
            discriminator: '0',
            global_name: null,
            avatar: null,
          },
        ],
      },
    };
  }),
  route('createMessage', 'POST', '/channels/:channelId/messages', true, (context) => {
    const body = context.call.body as Record<string, unknown> | undefined;
    if (!body?.content && !body?.embeds && context.call.files.length === 0 && !body?.components) {
      throw new DiscordApiError(400, 50006, 'Cannot send an empty message');
    }
    return { status: 200, body: storeMessage(context, undefined, body ?? {}) };
  }),
];

/** The route a request is for; undefined when the fake does not know it. */
export function matchRoute(
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | undefined {
  for (const candidate of ROUTES) {
    if (candidate.method !== method) continue;
    const match = candidate.pattern.exec(path);
    if (!match) continue;
    const params: Record<string, string> = {};
    candidate.keys.forEach((key, index) => (params[key] = match[index + 1]!));
    return { route: candidate, params };
  }
  return undefined;
}

/** A user's DM channel id, stable per user as on Discord (a different number, not the user id). */
export function dmChannelFor(userId: string): string {
  return (BigInt(userId) + 7n).toString();
}

function overwriteCommands({ call, applicationId }: RouteContext): RouteAnswer {
  if (!Array.isArray(call.body)) throw badRequest('a bulk overwrite takes an array of commands');
  return {
    status: 200,
    body: (call.body as Record<string, unknown>[]).map((command) => ({
      id: nextSnowflake(),
      application_id: applicationId,
      version: nextSnowflake(),
      type: 1,
      default_member_permissions: null,
      ...(call.params.guildId ? { guild_id: call.params.guildId } : {}),
      ...command,
    })),
  };
}

/** A message object as Discord returns it, stored under `key` (or its new id). */
function storeMessage(
  { call, bot, messages }: RouteContext,
  key: string | undefined,
  data: Record<string, unknown>,
): Record<string, unknown> {
  const earlier = key ? messages.get(key) : undefined;
  const id = (earlier?.id as string | undefined) ?? nextSnowflake();
  const channelId = call.params.channelId ?? (earlier?.channel_id as string | undefined) ?? nextSnowflake();
  const message: Record<string, unknown> = {
    id,
    channel_id: channelId,
    type: 0,
    content: '',
    embeds: [],
    components: [],
    mentions: [],
    mention_roles: [],
    mention_everyone: false,
    pinned: false,
    tts: false,
    flags: 0,
    timestamp: (earlier?.timestamp as string | undefined) ?? new Date().toISOString(),
    edited_timestamp: earlier ? new Date().toISOString() : null,
    ...earlier,
    ...withoutRequestOnly(data),
    author: bot,
    attachments: call.files.length > 0 ? call.files.map(attachmentOf) : (earlier?.attachments ?? []),
    ...(call.params.applicationId ? { webhook_id: call.params.applicationId } : {}),
  };
  messages.set(id, message);
  if (key) messages.set(key, message);
  return message;
}

// Request fields that are not part of the message Discord returns.
function withoutRequestOnly(data: Record<string, unknown>): Record<string, unknown> {
  const {
    attachments: _attachments,
    allowed_mentions: _mentions,
    message_reference: _reference,
    ...rest
  } = data;
  return rest;
}

function attachmentOf(file: FilePart): Record<string, unknown> {
  const id = nextSnowflake();
  return {
    id,
    filename: file.filename,
    size: file.bytes.length,
    content_type: file.contentType,
    url: `https://cdn.discordapp.test/attachments/${id}/${file.filename}`,
    proxy_url: `https://media.discordapp.test/attachments/${id}/${file.filename}`,
  };
}

function badRequest(message: string): DiscordApiError {
  return new DiscordApiError(400, 50035, `Invalid Form Body: ${message}`);
}
