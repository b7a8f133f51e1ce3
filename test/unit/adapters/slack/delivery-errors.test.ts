/**
 * How a failed Slack send reaches the outbox: a rate limit past the WebClient's retries as a wait,
 * a channel or member that is gone as permanent, anything else as it was. The errors are shaped as
 * @slack/web-api makes them (a `code`, and `data` or `retryAfter`).
 */
import { webApi } from '@slack/bolt';
import { deliveryErrorOf } from '../../../../adapters/slack/delivery-errors.js';
import { DeliveryError } from '../../../../src/ports/platform.js';

function platformError(error: string): Error {
  return Object.assign(new Error(`An API error occurred: ${error}`), {
    code: webApi.ErrorCode.PlatformError,
    data: { ok: false, error },
  });
}

describe('Slack deliveryErrorOf', () => {
  it('turns WebAPIRateLimitedError into a wait of its retryAfter seconds', () => {
    const original = Object.assign(new Error('A rate-limit has been reached'), {
      code: webApi.ErrorCode.RateLimitedError,
      retryAfter: 42,
    });
    const mapped = deliveryErrorOf(original);
    expect(mapped).toBeInstanceOf(DeliveryError);
    expect(mapped).toMatchObject({ retryAfterMs: 42_000, permanent: false, cause: original });
  });

  it('reads the wait from the error the WebClient gives when its own 429 retries ran out', () => {
    const original = new Error(
      'A rate limit was exceeded (url: http://127.0.0.1:1234/api/chat.postMessage, retry-after: 30)',
    );
    expect(deliveryErrorOf(original)).toMatchObject({ retryAfterMs: 30_000, permanent: false });
  });

  it.each([
    'channel_not_found',
    'user_not_found',
    'account_inactive',
    'not_in_channel',
    'is_archived',
    'user_disabled',
    'cannot_dm_bot',
  ])('makes %s permanent', (error) => {
    const mapped = deliveryErrorOf(platformError(error));
    expect(mapped).toBeInstanceOf(DeliveryError);
    expect(mapped).toMatchObject({ permanent: true, message: `Slack: ${error}` });
  });

  it.each(['internal_error', 'fatal_error', 'service_unavailable', 'invalid_auth'])(
    'rethrows %s as it is, for the outbox to retry with backoff',
    (error) => {
      const original = platformError(error);
      expect(deliveryErrorOf(original)).toBe(original);
    },
  );

  it('rethrows HTTP and request errors as they are', () => {
    const http = Object.assign(new Error('An HTTP protocol error occurred: statusCode = 500'), {
      code: webApi.ErrorCode.HTTPError,
    });
    const request = Object.assign(new Error('A request error occurred: connect ECONNREFUSED'), {
      code: webApi.ErrorCode.RequestError,
    });
    expect(deliveryErrorOf(http)).toBe(http);
    expect(deliveryErrorOf(request)).toBe(request);
  });
});
