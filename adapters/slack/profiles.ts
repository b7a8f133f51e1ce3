/**
 * Who a Slack member is beyond their id: name, time zone and locale from users.info, looked up once
 * per member and kept in memory, so that a member's first command already counts days in their zone.
 */
import type { webApi } from '@slack/bolt';
import type { Logger } from '../../src/logger.js';
import { settleWithin } from '../shared/timeouts.js';

export interface SlackProfile {
  displayName?: string;
  /** IANA zone, e.g. Europe/Paris. */
  timezone?: string;
  /** e.g. fr-FR. */
  locale?: string;
}

// The core reads the zone when it first meets a member; a day-old profile is fresh enough for that.
const FOUND_TTL_MS = 24 * 60 * 60 * 1000;
// A failed lookup (missing users:read scope, Slack down) is retried after a while, not on every message.
const FAILED_TTL_MS = 10 * 60 * 1000;
const MAX_ENTRIES = 10_000;

interface Entry {
  profile: Promise<SlackProfile>;
  expires: number;
}

export class SlackProfiles {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly client: webApi.WebClient,
    private readonly logger: Logger,
  ) {}

  /**
   * The member's profile, waiting at most `waitMs`: a command must be acknowledged within Slack's
   * 3 seconds, so a slow first lookup answers without the profile (the lookup still fills the cache).
   */
  async get(userId: string, waitMs: number): Promise<SlackProfile> {
    const now = Date.now();
    let entry = this.entries.get(userId);
    if (!entry || entry.expires <= now) {
      entry = { profile: this.lookup(userId), expires: now + FOUND_TTL_MS };
      this.remember(userId, entry);
    }
    return settleWithin(entry.profile, waitMs, {});
  }

  private async lookup(userId: string): Promise<SlackProfile> {
    try {
      const { user } = await this.client.users.info({ user: userId, include_locale: true });
      return {
        displayName: user?.profile?.display_name || user?.real_name || user?.name || undefined,
        timezone: user?.tz || undefined,
        locale: user?.locale || undefined,
      };
    } catch (error) {
      this.logger.warn({ err: error, userId }, 'users.info failed; going on without the time zone');
      const entry = this.entries.get(userId);
      if (entry) entry.expires = Date.now() + FAILED_TTL_MS;
      return {};
    }
  }

  private remember(userId: string, entry: Entry): void {
    this.entries.delete(userId);
    this.entries.set(userId, entry);
    // Maps iterate in insertion order: the first key is the one looked up longest ago.
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
  }
}
