/**
 * What the outbox must know about a failed Slack send, in the core's words (DeliveryError): a rate
 * limit that outlasted the WebClient's retries carries Slack's Retry-After; a message that can
 * never go (the channel or member is gone, deactivated, archived, or the bot is not in it; or the
 * message itself is refused) is permanent. Anything else is rethrown as it is.
 */
import { webApi } from '@slack/bolt';
import { DeliveryError } from '../../src/ports/platform.js';

/** Platform errors that no later attempt can fix. */
export const PERMANENT_SLACK_ERRORS: ReadonlySet<string> = new Set([
  'channel_not_found',
  'user_not_found',
  'users_not_found',
  'account_inactive',
  'not_in_channel',
  'is_archived',
  'user_disabled',
  'user_is_restricted',
  'cannot_dm_bot',
  'restricted_action',
  'no_text',
  'msg_too_long',
  'invalid_blocks',
  'too_many_attachments',
]);

/**
 * The WebClient (rejectRateLimitedCalls off, as Stride runs it) waits out each 429 itself and, when
 * its retries run out, rejects with a plain Error naming the wait: "A rate limit was exceeded
 * (url: …, retry-after: 30)".
 */
const RATE_LIMIT_EXHAUSTED = /rate limit was exceeded \(.*retry-after: (\d+)\)/i;

interface SlackishError extends Error {
  code?: string;
  /** WebAPIRateLimitedError: seconds to wait. */
  retryAfter?: number;
  /** WebAPIPlatformError: Slack's answer, `{ ok: false, error }`. */
  data?: { error?: string };
}

/** The error to report for a failed send: a DeliveryError when the outbox should act on it. */
export function deliveryErrorOf(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const slack = error as SlackishError;
  if (slack.code === webApi.ErrorCode.RateLimitedError && typeof slack.retryAfter === 'number')
    return new DeliveryError(`Slack rate limit: ${error.message}`, {
      retryAfterMs: slack.retryAfter * 1000,
      cause: error,
    });
  const exhausted = RATE_LIMIT_EXHAUSTED.exec(error.message);
  if (exhausted)
    return new DeliveryError(`Slack rate limit: retry after ${exhausted[1]} s`, {
      retryAfterMs: Number(exhausted[1]) * 1000,
      cause: error,
    });
  const platformError = slack.code === webApi.ErrorCode.PlatformError ? slack.data?.error : undefined;
  if (platformError && PERMANENT_SLACK_ERRORS.has(platformError))
    return new DeliveryError(`Slack: ${platformError}`, { permanent: true, cause: error });
  return error;
}
