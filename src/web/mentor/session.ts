/**
 * The mentor page's browser session: the `stride_mentor` cookie (httpOnly, SameSite=Lax, Secure
 * on https, 14 days) holds a session id whose hash is in mentor_sessions; every POST carries the
 * session's CSRF token. A one-off flash message rides in a short cookie, never in the URL.
 */
import type { Context } from 'koa';
import { SESSION_DAYS } from '../../services/mentor-sessions.js';

export const SESSION_COOKIE = 'stride_mentor';
const FLASH_COOKIE = 'stride_mentor_flash';

/** What a flash cookie may say: codes, so no member data is ever stored in a cookie or a URL. */
export const FLASHES = {
  nudge_sent: { text: 'Nudge sent: it reaches them in their chat shortly.', tone: 'info' },
  nudge_limit: {
    text: 'They have had 3 nudges today already, which is the daily limit. Try again tomorrow.',
    tone: 'warn',
  },
  asked: { text: 'Answer below.', tone: 'info' },
  empty_question: { text: 'Type a question first.', tone: 'warn' },
  question_too_long: { text: 'A question has at most 500 characters.', tone: 'warn' },
  ask_limit: { text: 'You asked many questions in the last hour; try again a little later.', tone: 'warn' },
} as const satisfies Record<string, { text: string; tone: 'info' | 'warn' }>;

export type FlashCode = keyof typeof FLASHES;

/** Written by hand, not by koa's cookies: a Secure cookie behind a TLS-terminating proxy must still be set. */
function setCookie(koa: Context, name: string, value: string, maxAgeSeconds: number, secure: boolean): void {
  const parts = [
    `${name}=${value}`,
    'Path=/mentor',
    `Max-Age=${maxAgeSeconds}`,
    'HttpOnly',
    'SameSite=Lax',
    ...(secure ? ['Secure'] : []),
  ];
  koa.append('Set-Cookie', parts.join('; '));
}

export function setSessionCookie(koa: Context, sessionId: string, secure: boolean): void {
  setCookie(koa, SESSION_COOKIE, sessionId, SESSION_DAYS * 24 * 60 * 60, secure);
}

export function clearSessionCookie(koa: Context, secure: boolean): void {
  setCookie(koa, SESSION_COOKIE, '', 0, secure);
}

export function setFlash(koa: Context, code: FlashCode, secure: boolean): void {
  setCookie(koa, FLASH_COOKIE, code, 60, secure);
}

/** The flash set by the last form, read once. */
export function takeFlash(koa: Context, secure: boolean): (typeof FLASHES)[FlashCode] | undefined {
  const code = koa.cookies.get(FLASH_COOKIE);
  if (!code) return undefined;
  setCookie(koa, FLASH_COOKIE, '', 0, secure);
  return code in FLASHES ? FLASHES[code as FlashCode] : undefined;
}

/**
 * A fixed-window counter per key (an IP, a mentor), in memory: enough to slow guessing of login
 * tokens on one process; the tokens' 256 bits are what make guessing hopeless.
 */
export class WindowLimiter {
  private readonly hits = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => Date,
  ) {}

  /** Counts one attempt by `key`; false when it is over the limit. */
  take(key: string): boolean {
    const at = this.now().getTime();
    const entry = this.hits.get(key);
    if (!entry || at - entry.start >= this.windowMs) {
      // Old windows go as new ones start, so the map never grows past the keys of one window.
      if (this.hits.size > 10_000) this.hits.clear();
      this.hits.set(key, { start: at, count: 1 });
      return true;
    }
    entry.count++;
    return entry.count <= this.limit;
  }
}
