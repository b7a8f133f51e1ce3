/**
 * How a failed Telegram send reaches the outbox: a 429 past the adapter's retries as a wait, a chat
 * that is gone as permanent, anything else as it was.
 */
import { TelegramError } from 'telegraf';
import { deliveryErrorOf } from '../../../../adapters/telegram/delivery-errors.js';
import { DeliveryError } from '../../../../src/ports/platform.js';

const telegramError = (code: number, description: string, parameters?: { retry_after?: number }) =>
  new TelegramError({ error_code: code, description, ...(parameters ? { parameters } : {}) });

describe('Telegram deliveryErrorOf', () => {
  it("turns a 429 into a wait of Telegram's retry_after", () => {
    const original = telegramError(429, 'Too Many Requests: retry after 37', { retry_after: 37 });
    const mapped = deliveryErrorOf(original);
    expect(mapped).toBeInstanceOf(DeliveryError);
    expect(mapped).toMatchObject({ retryAfterMs: 37_000, permanent: false, cause: original });
  });

  it.each([
    [403, 'Forbidden: bot was blocked by the user'],
    [403, 'Forbidden: user is deactivated'],
    [403, 'Forbidden: bot was kicked from the group chat'],
    [403, "Forbidden: bot can't initiate conversation with a user"],
    [400, 'Bad Request: chat not found'],
  ])('makes %i "%s" permanent', (code, description) => {
    const mapped = deliveryErrorOf(telegramError(code, description));
    expect(mapped).toBeInstanceOf(DeliveryError);
    expect(mapped).toMatchObject({ permanent: true, retryAfterMs: undefined });
    expect((mapped as Error).message).toContain(description);
  });

  it.each([
    [400, "Bad Request: can't parse entities: unclosed tag"],
    [500, 'Internal Server Error'],
    [502, 'Bad Gateway'],
  ])('rethrows %i "%s" as it is, for the outbox to retry with backoff', (code, description) => {
    const original = telegramError(code, description);
    expect(deliveryErrorOf(original)).toBe(original);
  });

  it('rethrows any other error itself', () => {
    const original = new Error('the Telegram adapter stopped before this message was sent');
    expect(deliveryErrorOf(original)).toBe(original);
    expect(deliveryErrorOf('odd')).toBe('odd');
  });
});
