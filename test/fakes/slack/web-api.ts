/**
 * The Web API methods the fake serves, answering with the fields the SDK and Bolt read. Anything
 * else is an unknown method (see server.ts).
 */
import { SlackApiError, requireArgs, requireMessageContent } from './errors.js';
import type { FileStore } from './files.js';
import { dmChannelFor, nextId, nextTs } from './identity.js';
import type { FakeSlackIdentity } from './identity.js';
import type { FakeSlackUser, RequestBody } from './types.js';

/** What the method handlers may read and change. */
export interface WebApiState {
  identity: FakeSlackIdentity;
  users: Record<string, Partial<FakeSlackUser>>;
  files: FileStore;
  /** DM channels conversations.open has opened, for its `already_open` flag. */
  openedChannels: Set<string>;
  /** apps.connections.open: a fresh single-use WebSocket URL. */
  issueSocketUrl(): string;
}

/** Which kind of token a method takes: Socket Mode's app-level token (`xapp-`) or a bot/user one. */
export type TokenKind = 'app' | 'bot';

interface MethodSpec {
  token: TokenKind;
  handle(args: RequestBody, state: WebApiState): Record<string, unknown>;
}

/**
 * Fields Slack parses as JSON when they arrive as form values; the SDK JSON-encodes any
 * non-scalar argument, so these are the ones worth decoding for assertions.
 */
export const JSON_FIELDS = [
  'blocks',
  'attachments',
  'view',
  'files',
  'metadata',
  'unfurls',
  'user_auth_blocks',
];

export const METHODS: Record<string, MethodSpec> = {
  'auth.test': { token: 'bot', handle: (_args, { identity }) => authTest(identity) },
  'apps.connections.open': {
    token: 'app',
    handle: (_args, state) => ({ ok: true, url: state.issueSocketUrl() }),
  },
  'chat.postMessage': { token: 'bot', handle: postMessage },
  'chat.postEphemeral': {
    token: 'bot',
    handle: (args) => {
      requireArgs(args, 'channel', 'user');
      requireMessageContent(args);
      return { ok: true, message_ts: nextTs() };
    },
  },
  'chat.update': { token: 'bot', handle: updateMessage },
  'conversations.open': { token: 'bot', handle: openConversation },
  'users.info': { token: 'bot', handle: userInfo },
  'views.publish': { token: 'bot', handle: (args, state) => viewResponse(args, state, 'user_id', 'home') },
  'views.open': { token: 'bot', handle: (args, state) => viewResponse(args, state, 'trigger_id', 'modal') },
  'views.push': { token: 'bot', handle: (args, state) => viewResponse(args, state, 'trigger_id', 'modal') },
  'views.update': { token: 'bot', handle: (args, state) => viewResponse(args, state, 'view_id', 'modal') },
  'files.getUploadURLExternal': { token: 'bot', handle: (args, { files }) => files.getUploadUrl(args) },
  'files.completeUploadExternal': { token: 'bot', handle: (args, { files }) => files.complete(args) },
};

function authTest(identity: FakeSlackIdentity): Record<string, unknown> {
  return {
    ok: true,
    url: `https://${identity.teamDomain}.slack.com/`,
    team: identity.teamName,
    user: identity.botUserName,
    team_id: identity.teamId,
    user_id: identity.botUserId,
    bot_id: identity.botId,
    is_enterprise_install: false,
  };
}

/** Slack opens (or reuses) the DM when chat.postMessage is given a user id as its channel. */
function resolveChannel(channel: string): string {
  return /^[UW]/.test(channel) ? dmChannelFor(channel) : channel;
}

function botMessage(args: RequestBody, identity: FakeSlackIdentity, ts: string): Record<string, unknown> {
  return {
    type: 'message',
    text: args.text ?? '',
    user: identity.botUserId,
    bot_id: identity.botId,
    app_id: identity.appId,
    team: identity.teamId,
    ts,
    ...(args.blocks === undefined ? {} : { blocks: args.blocks }),
    ...(args.thread_ts === undefined ? {} : { thread_ts: args.thread_ts }),
  };
}

function postMessage(args: RequestBody, { identity }: WebApiState): Record<string, unknown> {
  requireArgs(args, 'channel');
  requireMessageContent(args);
  const ts = nextTs();
  return {
    ok: true,
    channel: resolveChannel(String(args.channel)),
    ts,
    message: botMessage(args, identity, ts),
  };
}

function updateMessage(args: RequestBody, { identity }: WebApiState): Record<string, unknown> {
  requireArgs(args, 'channel', 'ts');
  requireMessageContent(args);
  const ts = String(args.ts);
  return {
    ok: true,
    channel: String(args.channel),
    ts,
    text: args.text ?? '',
    message: { ...botMessage(args, identity, ts), edited: { user: identity.botUserId, ts: nextTs() } },
  };
}

/** A DM for one user (`U123` → `D123`), a group DM for several, or the channel it was given. */
function conversationId(users: string[], channel: unknown): string {
  if (users.length > 1) return `G${users.map((user) => user.slice(1)).join('')}`;
  if (users.length === 1) return dmChannelFor(users[0]!);
  return String(channel);
}

function openConversation(
  args: RequestBody,
  { identity, openedChannels }: WebApiState,
): Record<string, unknown> {
  if (!args.users && !args.channel) {
    throw new SlackApiError('invalid_arguments', ['[ERROR] either users or channel is required']);
  }
  const users = args.users ? String(args.users).split(',') : [];
  const id = conversationId(users, args.channel);
  const alreadyOpen = openedChannels.has(id);
  openedChannels.add(id);
  if (args.return_im !== true && args.return_im !== 'true') {
    return { ok: true, no_op: alreadyOpen, already_open: alreadyOpen, channel: { id } };
  }
  const channel = {
    id,
    created: Math.floor(Date.now() / 1000),
    is_im: users.length <= 1,
    is_org_shared: false,
    user: users[0],
    context_team_id: identity.teamId,
    is_open: true,
    last_read: '0000000000.000000',
    latest: null,
    unread_count: 0,
    unread_count_display: 0,
    priority: 0,
  };
  return { ok: true, no_op: alreadyOpen, already_open: alreadyOpen, channel };
}

function userInfo(args: RequestBody, { identity, users }: WebApiState): Record<string, unknown> {
  requireArgs(args, 'user');
  const id = String(args.user);
  const user: FakeSlackUser = {
    id,
    name: `user.${id.toLowerCase()}`,
    real_name: `Test User ${id}`,
    tz: 'America/New_York',
    tz_label: 'Eastern Standard Time',
    tz_offset: -18000,
    locale: 'en-US',
    is_bot: false,
    deleted: false,
    is_admin: false,
    is_owner: false,
    is_primary_owner: false,
    ...users[id],
  };
  const { locale, email, ...rest } = user;
  const includeLocale = args.include_locale === true || args.include_locale === 'true';
  return {
    ok: true,
    user: {
      ...rest,
      team_id: identity.teamId,
      color: '9f69e7',
      is_app_user: false,
      updated: 1_700_000_000,
      profile: {
        real_name: user.real_name,
        real_name_normalized: user.real_name,
        display_name: user.name,
        display_name_normalized: user.name,
        ...(email === undefined ? {} : { email }),
        team: identity.teamId,
      },
      ...(includeLocale ? { locale } : {}),
    },
  };
}

/** views.*: Slack echoes the view back with the ids and state it assigned. */
function viewResponse(
  args: RequestBody,
  { identity }: WebApiState,
  keyField: string,
  type: 'home' | 'modal',
): Record<string, unknown> {
  requireArgs(args, keyField, 'view');
  const view = args.view as Record<string, unknown>;
  if (typeof view !== 'object' || view === null || view.type !== type) {
    throw new SlackApiError('invalid_arguments', [`[ERROR] view.type must be "${type}"`]);
  }
  const id = keyField === 'view_id' ? String(args.view_id) : nextId('V');
  return {
    ok: true,
    view: {
      id,
      team_id: identity.teamId,
      type,
      blocks: view.blocks ?? [],
      private_metadata: view.private_metadata ?? '',
      callback_id: view.callback_id ?? '',
      state: { values: {} },
      hash: `${Math.floor(Date.now() / 1000)}.${nextId('h')}`,
      title: view.title,
      clear_on_close: false,
      notify_on_close: false,
      close: view.close ?? null,
      submit: view.submit ?? null,
      previous_view_id: null,
      root_view_id: id,
      app_id: identity.appId,
      external_id: view.external_id ?? '',
      app_installed_team_id: identity.teamId,
      bot_id: identity.botId,
    },
  };
}
