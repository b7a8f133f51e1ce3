/** Slack payloads as the core's Invocation: who, where, and what was typed or pressed. */
import type { Invocation } from '../../src/ports/chat.js';
import { isDirectChannel } from './outbound.js';
import type { SlackProfile } from './profiles.js';

/** Where a payload came from, as Slack says it. */
export interface SlackSource {
  team: string;
  channel: { id: string; name?: string };
  user: { id: string; name?: string };
  /** The profile known now (SlackProfiles.known); none before the member's first lookup answered. */
  profile: SlackProfile | undefined;
  /** The profile, waiting for the lookup when none is known (asked when the core creates the member). */
  details?: () => Promise<SlackProfile>;
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
  const { profile, details, channel } = source;
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
      ...(profile
        ? toldBy(profile, source.user.name)
        : details && { details: async () => toldBy(await details(), source.user.name) }),
    },
    ...(source.isAdmin ? { isChannelAdmin: source.isAdmin } : {}),
    ...(source.eventId ? { eventId: source.eventId } : {}),
    receivedAt: source.receivedAt,
    ...input,
  };
}

/** What a profile tells of the member, in the core's words; the handle names one without a name. */
function toldBy(profile: SlackProfile, handle: string | undefined) {
  return {
    displayName: profile.displayName ?? handle,
    ...(profile.timezone ? { timezone: profile.timezone } : {}),
    ...(profile.locale ? { locale: profile.locale } : {}),
  };
}
