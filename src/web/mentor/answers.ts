/**
 * How a mentor page request ends when it does not render its page: the pages for "sign in",
 * "not found", a refused form and a failure (nothing of a member in any of them), the security
 * headers every /mentor answer carries, and the form fields the handlers read.
 */
import type { Context } from 'koa';
import { ZodError } from 'zod';
import { DatabaseUnavailableError, isAppError } from '../../errors.js';
import type { Html } from './html.js';
import { messageView } from './views.js';

/** No inline script or style anywhere: everything comes from /mentor/static. */
export const MENTOR_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'";

/** A page the request ends on, with its status (not an error: nothing is logged). */
export class PageAnswer extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly body: Html,
  ) {
    super(title);
  }
}

export const notSignedIn = () =>
  new PageAnswer(
    401,
    'Please sign in',
    messageView(
      'You are not signed in, or your session ended. Send `mentor login` to Stride in a direct message to get a new sign-in link.',
    ),
  );

export const notFound = () =>
  new PageAnswer(
    404,
    'Not found',
    messageView('There is nothing here, or it is not yours to see.', {
      href: '/mentor',
      text: 'Back to your mentees',
    }),
  );

export const somethingWentWrong = () =>
  new PageAnswer(
    500,
    'Something went wrong',
    messageView('Something went wrong on our side. Please try again.'),
  );

export const databaseUnavailable = () =>
  new PageAnswer(503, 'Try again shortly', messageView(DatabaseUnavailableError().message));

/** The page a known failure ends on; undefined for an unexpected one (the caller logs it, 500). */
export function pageAnswerOf(error: unknown): PageAnswer | undefined {
  if (error instanceof PageAnswer) return error;
  if (isAppError(error) && error.status < 500)
    return new PageAnswer(error.status, 'Not possible', messageView(error.message));
  if (error instanceof ZodError)
    return new PageAnswer(400, 'Not possible', messageView('The form could not be read.'));
  const status = (error as { status?: number }).status;
  if (status === 413)
    return new PageAnswer(413, 'Too long', messageView('That was more than a form may carry.'));
  if (status === 400 || status === 415)
    return new PageAnswer(400, 'Not possible', messageView('The form could not be read.'));
  return undefined;
}

/** The form fields every handler reads; anything that is not a string reads as missing. */
export function formOf(koa: Context): { csrf?: string; note?: string; back?: string; question?: string } {
  const body = (koa.request.body ?? {}) as Record<string, unknown>;
  const field = (name: string) => (typeof body[name] === 'string' ? body[name] : undefined);
  return { csrf: field('csrf'), note: field('note'), back: field('back'), question: field('question') };
}

export function securityHeaders(koa: Context): void {
  koa.set({
    'Content-Security-Policy': MENTOR_CSP,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    // A login link in the address bar must never travel to another site as a referrer.
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  });
}
