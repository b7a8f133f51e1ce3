/**
 * What every Slack processor works with, and the one way a Slack payload becomes an Invocation.
 */
import type { ChatCore } from '../../../src/commands/chat-core.js';
import type { Invocation } from '../../../src/ports/chat.js';
import type { RecentDeliveries } from '../../shared/deliveries.js';
import { isDirectChannel, type SlackOutbound } from '../outbound.js';
import type { SlackProfile, SlackProfiles } from '../profiles.js';
import type { HomePublisher } from './home.js';

export interface SlackContext {
  core: ChatCore;
  profiles: SlackProfiles;
  outbound: SlackOutbound;
  deliveries: RecentDeliveries;
  home: HomePublisher;
  now: () => Date;
  /** A command answered within this many ms of its arrival is answered in its acknowledgement. */
  ackBudgetMs: number;
}

/** How long a member's first message waits for users.info before going on without their zone. */
export const PROFILE_WAIT_MS = 1000;

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

// Commands whose first words are these change what the App Home shows (logs, habits, goals, zone).
const HOME_GROUPS = new Set(['done', 'habit', 'goal', 'settings', 'link', 'forget-me']);

/** Whether a command line may have changed the App Home, which is then published again. */
export function changesHome(line: string): boolean {
  const first = line.trim().replace(/^\//, '').split(/\s+/)[0]?.toLowerCase() ?? '';
  return HOME_GROUPS.has(first);
}
