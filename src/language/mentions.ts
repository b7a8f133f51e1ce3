/**
 * Reading a person out of a platform mention: Slack writes `<@U123>` or `<@U123|name>`, Discord
 * `<@123>` or `<@!123>`; the console's people are their names (`@ada`). Telegram sends only
 * `@username`, which names no account Stride can look up, so it yields `unresolvable`.
 */
import type { Platform } from '../ports/chat.js';

export type Mention =
  { kind: 'account'; platformUserId: string } | { kind: 'unresolvable' } | { kind: 'none' };

/** The person the text names with a mention on `platform`. */
export function mentionOf(text: string, platform: Platform): Mention {
  const line = text.trim();
  if (platform === 'slack') {
    const match = /^<@([UW][A-Z0-9]{1,20})(?:\|[^>]*)?>$/.exec(line);
    return match ? { kind: 'account', platformUserId: match[1]! } : fallback(line);
  }
  if (platform === 'discord') {
    const match = /^<@!?(\d{5,25})>$/.exec(line);
    return match ? { kind: 'account', platformUserId: match[1]! } : fallback(line);
  }
  if (platform === 'console') {
    // Console accounts are keyed by the lower-cased name (consoleAccount).
    const match = /^@(\S{1,100})$/.exec(line);
    return match ? { kind: 'account', platformUserId: match[1]!.toLowerCase() } : { kind: 'none' };
  }
  return fallback(line);
}

/** A bare `@name` (Telegram, or typed by hand on Slack): someone, but not an account we can find. */
function fallback(line: string): Mention {
  return /^@\S+$/.test(line) ? { kind: 'unresolvable' } : { kind: 'none' };
}
