/** Slack payloads as the core's Invocation: who, where, and what was typed or pressed. */
import type { Invocation } from '../../src/ports/chat.js';
import { isDirectChannel } from './outbound.js';
import type { SlackProfile } from './profiles.js';

/** Where a payload came from, as Slack says it. */
export interface SlackSource {
  team: string;
  channel: { id: string; name?: string };
  user: { id: string; name?: string };
  profile: SlackProfile;
  /** Whether the user is a workspace admin or owner; asked only when a command needs it. */
  isAdmin?: () => Promise<boolean>;
  /** Stable per delivery (event_id, trigger_id), so that a retry is recognised by the core. */
  eventId?: string;
  receivedAt: Date;
}

// What slash commands send as channel_name for a DM and (in older workspaces) a private channel:
// placeholders, not names a group could be called by.
const PLACEHOLDER_NAMES = new Set(['directmessage', 'privategroup']);

/** A Slack payload as the core's Invocation: typed text, or a pressed button's action id. */
export function slackInvocation(
  source: SlackSource,
  input: { text: string } | { action: string },
): Invocation {
  const { profile, channel } = source;
  const name = channel.name && !PLACEHOLDER_NAMES.has(channel.name) ? channel.name : undefined;
  return {
    platform: 'slack',
    workspace: source.team,
    channel: {
      id: channel.id,
      kind: isDirectChannel(channel.id, channel.name) ? 'dm' : 'group',
      ...(name ? { name } : {}),
    },
    user: {
      id: source.user.id,
      displayName: profile.displayName ?? source.user.name,
      ...(profile.timezone ? { timezone: profile.timezone } : {}),
      ...(profile.locale ? { locale: profile.locale } : {}),
    },
    ...(source.isAdmin ? { isChannelAdmin: source.isAdmin } : {}),
    ...(source.eventId ? { eventId: source.eventId } : {}),
    receivedAt: source.receivedAt,
    ...input,
  };
}
