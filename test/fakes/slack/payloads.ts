/**
 * Builders for what Slack sends an app: slash commands, block_actions and Events API callbacks, with
 * every field Slack fills. The same payloads travel as HTTP bodies (signing.ts) or inside Socket Mode
 * envelopes (envelopes.ts).
 */
import { DEFAULT_IDENTITY, dmChannelFor, nextId, nextTs } from './identity.js';

/** A loopback port nothing listens on: a forgotten response_url fails fast and never leaves the host. */
export const UNSET_RESPONSE_URL = 'http://127.0.0.1:1/response_url-not-set';

export const DEFAULT_USER = { id: 'U0TESTUSER1', name: 'test.user' };
export const DEFAULT_CHANNEL = { id: 'C0GENERAL1', name: 'general' };

/** Slack's trigger ids look like `13345224609.738474920.8088930838d88f008e0`. */
export function newTriggerId(): string {
  return `${Date.now()}.${nextId('').toLowerCase()}.${nextId('').toLowerCase()}`;
}

export interface SlashCommandOptions {
  command?: string;
  text?: string;
  user_id?: string;
  user_name?: string;
  team_id?: string;
  team_domain?: string;
  channel_id?: string;
  channel_name?: string;
  response_url?: string;
  trigger_id?: string;
  api_app_id?: string;
  token?: string;
  is_enterprise_install?: boolean;
}

/** A slash command's fields, every value a string as in Slack's form body, in Slack's order. */
export function buildSlashCommand(options: SlashCommandOptions = {}): Record<string, string> {
  return {
    token: options.token ?? 'verification-token',
    team_id: options.team_id ?? DEFAULT_IDENTITY.teamId,
    team_domain: options.team_domain ?? DEFAULT_IDENTITY.teamDomain,
    channel_id: options.channel_id ?? DEFAULT_CHANNEL.id,
    channel_name: options.channel_name ?? DEFAULT_CHANNEL.name,
    user_id: options.user_id ?? DEFAULT_USER.id,
    user_name: options.user_name ?? DEFAULT_USER.name,
    command: options.command ?? '/stride',
    text: options.text ?? '',
    api_app_id: options.api_app_id ?? DEFAULT_IDENTITY.appId,
    is_enterprise_install: String(options.is_enterprise_install ?? false),
    response_url: options.response_url ?? UNSET_RESPONSE_URL,
    trigger_id: options.trigger_id ?? newTriggerId(),
  };
}

export interface BlockActionsOptions {
  action_id?: string;
  block_id?: string;
  value?: string;
  /** The button's label. */
  button_text?: string;
  user_id?: string;
  user_name?: string;
  team_id?: string;
  team_domain?: string;
  channel_id?: string;
  channel_name?: string;
  /** The ts of the message holding the button. */
  message_ts?: string;
  /** The message holding the button, as Slack echoes it back. */
  message?: Record<string, unknown>;
  /** Set for a button in a view (App Home or modal): Slack then sends no channel, message or response_url. */
  view?: Record<string, unknown> & { id: string };
  response_url?: string;
  trigger_id?: string;
  api_app_id?: string;
  token?: string;
}

/** A `block_actions` payload for one button click. */
export function buildBlockActions(options: BlockActionsOptions = {}): Record<string, unknown> {
  const userName = options.user_name ?? DEFAULT_USER.name;
  const teamId = options.team_id ?? DEFAULT_IDENTITY.teamId;
  const messageTs = options.message_ts ?? nextTs();
  const blockId = options.block_id ?? 'actions';
  const surface = options.view
    ? { container: { type: 'view', view_id: options.view.id }, view: options.view }
    : {
        container: {
          type: 'message',
          message_ts: messageTs,
          channel_id: options.channel_id ?? DEFAULT_CHANNEL.id,
          is_ephemeral: false,
        },
        channel: {
          id: options.channel_id ?? DEFAULT_CHANNEL.id,
          name: options.channel_name ?? DEFAULT_CHANNEL.name,
        },
        message: options.message ?? {
          type: 'message',
          user: DEFAULT_IDENTITY.botUserId,
          bot_id: DEFAULT_IDENTITY.botId,
          app_id: DEFAULT_IDENTITY.appId,
          text: '',
          ts: messageTs,
          team: teamId,
          blocks: [],
        },
        response_url: options.response_url ?? UNSET_RESPONSE_URL,
      };
  return {
    type: 'block_actions',
    user: { id: options.user_id ?? DEFAULT_USER.id, username: userName, name: userName, team_id: teamId },
    api_app_id: options.api_app_id ?? DEFAULT_IDENTITY.appId,
    token: options.token ?? 'verification-token',
    trigger_id: options.trigger_id ?? newTriggerId(),
    team: { id: teamId, domain: options.team_domain ?? DEFAULT_IDENTITY.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    state: { values: {} },
    ...surface,
    actions: [
      {
        action_id: options.action_id ?? 'button',
        block_id: blockId,
        text: { type: 'plain_text', text: options.button_text ?? 'Button', emoji: true },
        value: options.value ?? '',
        type: 'button',
        action_ts: nextTs(),
      },
    ],
  };
}

/** An inner Events API event; `type` decides which Bolt listener runs. */
export type SlackEvent = Record<string, unknown> & { type: string };

/** `app_mention`: the text carries the mention, e.g. `<@U0STRIDEBOT> log run`. */
export function appMentionEvent(
  options: { user?: string; text?: string; channel?: string; ts?: string } = {},
): SlackEvent {
  const ts = options.ts ?? nextTs();
  return {
    type: 'app_mention',
    user: options.user ?? DEFAULT_USER.id,
    text: options.text ?? `<@${DEFAULT_IDENTITY.botUserId}> hello`,
    ts,
    channel: options.channel ?? DEFAULT_CHANNEL.id,
    event_ts: ts,
    team: DEFAULT_IDENTITY.teamId,
  };
}

/** `message.im` as delivered: `type: 'message'` with `channel_type: 'im'`. */
export function directMessageEvent(
  options: { user?: string; text?: string; channel?: string; ts?: string } = {},
): SlackEvent {
  const ts = options.ts ?? nextTs();
  const user = options.user ?? DEFAULT_USER.id;
  return {
    type: 'message',
    user,
    text: options.text ?? 'hello',
    ts,
    channel: options.channel ?? dmChannelFor(user),
    event_ts: ts,
    channel_type: 'im',
    team: DEFAULT_IDENTITY.teamId,
    client_msg_id: nextId('m').toLowerCase(),
  };
}

/** `app_home_opened`; `view` is present once the app has published a Home view. */
export function appHomeOpenedEvent(
  options: {
    user?: string;
    channel?: string;
    tab?: 'home' | 'messages';
    view?: Record<string, unknown>;
  } = {},
): SlackEvent {
  const user = options.user ?? DEFAULT_USER.id;
  return {
    type: 'app_home_opened',
    user,
    channel: options.channel ?? dmChannelFor(user),
    tab: options.tab ?? 'home',
    event_ts: nextTs(),
    ...(options.view === undefined ? {} : { view: options.view }),
  };
}

export interface EventCallbackOptions {
  team_id?: string;
  api_app_id?: string;
  token?: string;
  event_id?: string;
  event_time?: number;
  /** The installation the event is for; Bolt reads team and enterprise from here. */
  authorized_bot_user_id?: string;
}

/** The `event_callback` wrapper Slack puts around every event. */
export function buildEventCallback(
  event: SlackEvent,
  options: EventCallbackOptions = {},
): Record<string, unknown> {
  const teamId = options.team_id ?? DEFAULT_IDENTITY.teamId;
  return {
    token: options.token ?? 'verification-token',
    team_id: teamId,
    api_app_id: options.api_app_id ?? DEFAULT_IDENTITY.appId,
    event,
    type: 'event_callback',
    event_id: options.event_id ?? nextId('Ev'),
    event_time: options.event_time ?? Math.floor(Date.now() / 1000),
    authorizations: [
      {
        enterprise_id: null,
        team_id: teamId,
        user_id: options.authorized_bot_user_id ?? DEFAULT_IDENTITY.botUserId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
    event_context: `4-${Buffer.from(nextId('ctx')).toString('base64url')}`,
  };
}
