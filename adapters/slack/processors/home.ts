/**
 * The App Home tab: published when a member opens it, and again after each command or button of
 * theirs that may change it while they may be looking at it (opened within HOME_WATCHED_MS). Its
 * content comes from the core itself (`today`, `streak`, `goal list` run as the member), rendered
 * by presenters/home.ts.
 *
 * A publish runs three commands and a Slack call, several times the cost of the `/done` that
 * prompted it, so a stand-up's burst of commands must not pay it for members who are not on their
 * Home: Slack sends app_home_opened each time the tab is shown, and that publishes it afresh.
 */
import type { App, webApi } from '@slack/bolt';
import type { ChatCore } from '../../../src/commands/chat-core.js';
import type { Reply } from '../../../src/ports/chat.js';
import type { Logger } from '../../../src/logger.js';
import { homeView } from '../presenters/home.js';
import type { SlackProfiles } from '../profiles.js';
import { PROFILE_WAIT_MS, slackInvocation, type SlackContext } from './context.js';

export interface HomeMember {
  team: string;
  userId: string;
}

interface HomeDependencies {
  core: ChatCore;
  client: webApi.WebClient;
  profiles: SlackProfiles;
  logger: Logger;
  now: () => Date;
}

/** How long after opening the Home tab a member's commands keep refreshing it. */
export const HOME_WATCHED_MS = 30 * 60_000;
/** Members whose opening is remembered; past it the oldest is forgotten, so memory stays bounded. */
const WATCHED_CAPACITY = 10_000;

interface Pending {
  done: Promise<void>;
  again: boolean;
  notice?: Reply;
}

export class HomePublisher {
  private readonly pending = new Map<string, Pending>();
  /** When each member last opened their Home tab, oldest first (a Map keeps insertion order). */
  private readonly openedAt = new Map<string, number>();

  constructor(private readonly deps: HomeDependencies) {}

  /** The member opened their Home tab: publish it, and keep it fresh for HOME_WATCHED_MS. */
  opened(member: HomeMember): Promise<void> {
    const key = keyOf(member);
    this.openedAt.delete(key);
    this.openedAt.set(key, this.deps.now().getTime());
    if (this.openedAt.size > WATCHED_CAPACITY) this.openedAt.delete(this.openedAt.keys().next().value!);
    return this.refresh(member);
  }

  /** After a command of the member's: publishes their Home only if they opened it lately. */
  refreshIfWatched(member: HomeMember): Promise<void> {
    const opened = this.openedAt.get(keyOf(member));
    if (opened === undefined || this.deps.now().getTime() - opened > HOME_WATCHED_MS)
      return Promise.resolve();
    return this.refresh(member);
  }

  /**
   * Publishes the member's Home. Calls that arrive while one is running fold into one more publish
   * after it (a double click publishes at most twice, and the last one shows the final state).
   * Never throws: a Home that failed to refresh is logged, the command itself has succeeded.
   */
  refresh(member: HomeMember, notice?: Reply): Promise<void> {
    const key = keyOf(member);
    const running = this.pending.get(key);
    if (running) {
      running.again = true;
      running.notice = notice ?? running.notice;
      return running.done;
    }
    const entry: Pending = { done: Promise.resolve(), again: true, notice };
    entry.done = (async () => {
      try {
        while (entry.again) {
          entry.again = false;
          const shown = entry.notice;
          entry.notice = undefined;
          await this.publish(member, shown);
        }
      } finally {
        this.pending.delete(key);
      }
    })();
    this.pending.set(key, entry);
    return entry.done;
  }

  private async publish(member: HomeMember, notice: Reply | undefined): Promise<void> {
    try {
      const profile = await this.deps.profiles.get(member.userId, PROFILE_WAIT_MS);
      // No eventId: these are reads, run afresh on every publish. A user id stands for their DM.
      const source = {
        team: member.team,
        channel: { id: member.userId, name: 'directmessage' },
        user: { id: member.userId },
        profile,
        receivedAt: this.deps.now(),
      };
      const ask = (text: string) => this.deps.core.handle(slackInvocation(source, { text }));
      // `today` first: on a first visit it creates the member the other two then find.
      const today = await ask('today');
      const [streaks, goals] = await Promise.all([ask('streak'), ask('goal list')]);
      await this.deps.client.views.publish({
        user_id: member.userId,
        view: homeView({ today, streaks, goals, notice }),
      });
    } catch (error) {
      this.deps.logger.warn({ err: error, userId: member.userId }, 'App Home not published');
    }
  }
}

/** app_home_opened on the Home tab (the Messages tab opens the DM, which needs nothing). */
export function registerHome(app: App, ctx: SlackContext): void {
  app.event('app_home_opened', async ({ event, body }) => {
    if (event.tab === 'messages') return;
    // Redeliveries of the same opening are skipped; a new opening always publishes.
    if (!(await ctx.deliveries.claim(`event:${body.event_id}`))) return;
    await ctx.home.opened({ team: body.team_id, userId: event.user });
  });
}

const keyOf = (member: HomeMember) => `${member.team}:${member.userId}`;
