/**
 * Who a Slack member is beyond their id: name, time zone and locale from users.info, looked up once
 * per member and kept in memory, so that a member's first command already counts days in their zone.
 * The same answer says whether they are a workspace admin or owner, which group commands ask.
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
// Admin rights are a permission, not a preference: an admin who was demoted loses them within a
// minute. The profile lookup of the same command is usually this fresh, so it costs no extra call.
const ADMIN_TTL_MS = 60 * 1000;
const MAX_ENTRIES = 10_000;

/** One users.info answer; `admin` is undefined when the lookup failed, so it is never taken as yes. */
interface Lookup {
  profile: SlackProfile;
  admin?: boolean;
  /** When the answer arrived (ms since the epoch). */
  at: number;
}

interface Entry {
  lookup: Promise<Lookup>;
  expires: number;
  /** The lookup's answer once it succeeded. */
  found?: Lookup;
  /** The answer of the lookup this one replaced, served while this one runs. */
  previous?: Lookup;
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
   * A profile known from before is answered at once, even past its day: the lookup that renews it
   * runs in the background, so a team's first commands of the morning never wait for users.info
   * (nor meet its rate limit).
   */
  async get(userId: string, waitMs: number): Promise<SlackProfile> {
    const entry = this.current(userId);
    const known = entry.found ?? entry.previous;
    if (known) return known.profile;
    return settleWithin(
      entry.lookup.then((found) => found.profile),
      waitMs,
      {},
    );
  }

  /**
   * The member's profile as this process knows it, without waiting for Slack (none before a lookup
   * answered). A command goes on with it and asks `get` only for what it must have (a new member's
   * zone, the locale a numeric date is read by), so a known member's command waits for no
   * users.info; a profile past its day is renewed in the background, as `get` renews it.
   */
  known(userId: string): SlackProfile | undefined {
    if (!this.entries.has(userId)) return undefined;
    const entry = this.current(userId);
    return (entry.found ?? entry.previous)?.profile;
  }

  /** The member's entry, renewed (in the background) when there is none or it is past its day. */
  private current(userId: string): Entry {
    const entry = this.entries.get(userId);
    if (entry && entry.expires > Date.now()) return entry;
    return this.refresh(userId, entry?.found ?? entry?.previous);
  }

  /**
   * Whether the member is a workspace admin or owner (who may set up Stride groups). Asked only by
   * the commands that need it; answered from a lookup of the last minute, else from a new one. A
   * lookup that fails means no: a missing scope or an outage must never grant admin rights.
   */
  async isAdmin(userId: string): Promise<boolean> {
    const cached = this.entries.get(userId);
    let found = cached && cached.expires > Date.now() ? await cached.lookup : undefined;
    if (found?.admin === undefined || Date.now() - found.at > ADMIN_TTL_MS)
      found = await this.refresh(userId).lookup;
    if (found.admin === undefined) {
      this.logger.warn({ userId }, 'users.info failed; not treating the member as a workspace admin');
      return false;
    }
    return found.admin;
  }

  /** Starts a new lookup and remembers it in place of any older one (whose answer was `previous`). */
  private refresh(userId: string, previous?: Lookup): Entry {
    const entry = { expires: Date.now() + FOUND_TTL_MS, previous } as Entry;
    entry.lookup = this.lookup(userId, entry);
    this.remember(userId, entry);
    return entry;
  }

  private async lookup(userId: string, entry: Entry): Promise<Lookup> {
    try {
      const { user } = await this.client.users.info({ user: userId, include_locale: true });
      return (entry.found = {
        profile: {
          displayName: user?.profile?.display_name || user?.real_name || user?.name || undefined,
          timezone: user?.tz || undefined,
          locale: user?.locale || undefined,
        },
        admin: Boolean(user?.is_admin || user?.is_owner || user?.is_primary_owner),
        at: Date.now(),
      });
    } catch (error) {
      this.logger.warn({ err: error, userId }, 'users.info failed; going on without the time zone');
      entry.expires = Date.now() + FAILED_TTL_MS;
      return { profile: {}, at: Date.now() };
    }
  }

  private remember(userId: string, entry: Entry): void {
    this.entries.delete(userId);
    this.entries.set(userId, entry);
    // Maps iterate in insertion order: the first key is the one looked up longest ago.
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
  }
}
