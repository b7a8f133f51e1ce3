/**
 * How a mentor signs in to the mentor page: `mentor login` in a direct message makes a single-use
 * link valid LINK_MINUTES; opening it turns it into a browser session of SESSION_DAYS. Links and
 * sessions are stored by SHA-256 hash only, so a database dump opens nothing.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors.js';
import type { User } from '../store/entities/index.js';
import { MentorLoginLink, MentorSession } from '../store/entities/index.js';
import type { ServiceContext } from './context.js';

/** How long a login link stays valid. */
export const LINK_MINUTES = 15;
/** Login links a member may ask for in an hour: enough for a few devices, too few to spray. */
export const LINKS_PER_HOUR = 5;
/** How long a signed-in browser stays signed in. */
export const SESSION_DAYS = 14;

const MINUTE = 60_000;

export interface LoginLink {
  /** The secret part of the link; shown once, never stored. */
  token: string;
  expiresAt: Date;
}

/** A single-use login link for `mentor`; refused (429) past LINKS_PER_HOUR in the last hour. */
export async function createLoginLink(ctx: ServiceContext, mentor: User): Promise<LoginLink> {
  const now = ctx.now();
  // Counted by expiry (made + LINK_MINUTES) on the service clock: createdAt is the database's.
  const recent = await ctx.em.count(MentorLoginLink, {
    mentor,
    expiresAt: { $gt: new Date(now.getTime() + (LINK_MINUTES - 60) * MINUTE) },
  });
  if (recent >= LINKS_PER_HOUR)
    throw new AppError(
      429,
      'login_link_limit',
      `You asked for ${LINKS_PER_HOUR} login links in the last hour; use one of those or try again later.`,
    );
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + LINK_MINUTES * MINUTE);
  ctx.em.create(MentorLoginLink, { tokenHash: sha256(token), mentor, expiresAt });
  await ctx.em.flush();
  return { token, expiresAt };
}

/** A browser session: the cookie value (shown once) and the CSRF token of its forms. */
export interface OpenedSession {
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
}

export type Redeemed = { status: 'ok'; session: OpenedSession } | { status: 'used' | 'expired' | 'unknown' };

/**
 * Turns a login link into a session, once: the link is marked used in the same statement that
 * checks it is unused, so two tabs opening it at once get one session between them.
 */
export async function redeemLoginLink(ctx: ServiceContext, token: string): Promise<Redeemed> {
  if (!/^[\w-]{20,100}$/.test(token)) return { status: 'unknown' };
  const tokenHash = sha256(token);
  const now = ctx.now();
  const link = await ctx.em.findOne(MentorLoginLink, { tokenHash });
  if (!link) return { status: 'unknown' };
  if (link.usedAt) return { status: 'used' };
  if (link.expiresAt <= now) return { status: 'expired' };
  const claimed = await ctx.em.nativeUpdate(MentorLoginLink, { tokenHash, usedAt: null }, { usedAt: now });
  if (claimed !== 1) return { status: 'used' };
  const sessionId = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('hex');
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * 24 * 60 * MINUTE);
  ctx.em.create(MentorSession, { idHash: sha256(sessionId), mentor: link.mentor, csrfToken, expiresAt });
  await ctx.em.flush();
  return { status: 'ok', session: { sessionId, csrfToken, expiresAt } };
}

/** The live session behind a cookie value, with its mentor; none when unknown or expired. */
export async function sessionOf(ctx: ServiceContext, sessionId: string): Promise<MentorSession | null> {
  if (!/^[\w-]{20,100}$/.test(sessionId)) return null;
  const session = await ctx.em.findOne(
    MentorSession,
    { idHash: sha256(sessionId), expiresAt: { $gt: ctx.now() } },
    { populate: ['mentor'] },
  );
  return session;
}

/** Signs a browser out: its session row goes. */
export async function endSession(ctx: ServiceContext, session: MentorSession): Promise<void> {
  await ctx.em.nativeDelete(MentorSession, { idHash: session.idHash });
}

/** Whether a form's token is the session's, compared in constant time. */
export function csrfMatches(session: MentorSession, token: unknown): boolean {
  if (typeof token !== 'string' || token.length !== session.csrfToken.length) return false;
  return timingSafeEqual(Buffer.from(token), Buffer.from(session.csrfToken));
}

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
