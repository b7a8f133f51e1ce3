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
  /** Stable per delivery (event_id, trigger_id), so that a retry is recognised by the core. */
  eventId?: string;
  receivedAt: Date;
}

/** A Slack payload as the core's Invocation: typed text, or a pressed button's action id. */
export function slackInvocation(
  source: SlackSource,
  input: { text: string } | { action: string },
): Invocation {
  const { profile } = source;
  return {
    platform: 'slack',
    workspace: source.team,
    channel: {
      id: source.channel.id,
      kind: isDirectChannel(source.channel.id, source.channel.name) ? 'dm' : 'group',
    },
    user: {
      id: source.user.id,
      displayName: profile.displayName ?? source.user.name,
      ...(profile.timezone ? { timezone: profile.timezone } : {}),
      ...(profile.locale ? { locale: profile.locale } : {}),
    },
    ...(source.eventId ? { eventId: source.eventId } : {}),
    receivedAt: source.receivedAt,
    ...input,
  };
}
