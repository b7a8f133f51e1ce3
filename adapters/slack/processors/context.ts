/**
 * What every Slack processor works with (the one way a Slack payload becomes an Invocation is
 * ../invocations.ts).
 */
import type { ChatCore } from '../../../src/commands/chat-core.js';
import type { DeliveryClaims } from '../../../src/ports/platform.js';
import type { SlackOutbound } from '../outbound.js';
import type { SlackProfiles } from '../profiles.js';
import type { HomePublisher } from './home.js';

export { slackInvocation, type SlackSource } from '../invocations.js';

export interface SlackContext {
  core: ChatCore;
  profiles: SlackProfiles;
  outbound: SlackOutbound;
  deliveries: DeliveryClaims;
  home: HomePublisher;
  now: () => Date;
  /** A command answered within this many ms of its arrival is answered in its acknowledgement. */
  ackBudgetMs: number;
}

/** How long a member's first message waits for users.info before going on without their zone. */
export const PROFILE_WAIT_MS = 1000;

// Commands whose first words are these change what the App Home shows (logs, habits, goals, zone).
const HOME_GROUPS = new Set(['done', 'habit', 'goal', 'settings', 'link', 'forget-me']);

/** Whether a command line may have changed the App Home, which is then published again. */
export function changesHome(line: string): boolean {
  const first = line.trim().replace(/^\//, '').split(/\s+/)[0]?.toLowerCase() ?? '';
  return HOME_GROUPS.has(first);
}
