/**
 * What the outbox must know about a failed Telegram send, in the core's words (DeliveryError):
 * a 429 that outlasted the adapter's retries carries Telegram's retry_after; a chat Stride can
 * never write to again (the member blocked the bot, deleted their account, the chat is gone) is
 * permanent. Anything else is rethrown as it is (telegraf already redacts the bot token from the
 * request URL a network error names).
 */
import { TelegramError } from 'telegraf';
import { DeliveryError } from '../../src/ports/platform.js';

/** 400s that name a chat that is gone for good; every 403 is (blocked, kicked, deactivated…). */
const GONE_FOR_GOOD = [/chat not found/i, /user not found/i, /PEER_ID_INVALID/, /chat was deactivated/i];

/** The error to report for a failed send: a DeliveryError when the outbox should act on it. */
export function deliveryErrorOf(error: unknown): unknown {
  if (error instanceof TelegramError) {
    const description = `Telegram ${error.code}: ${error.description}`;
    if (error.code === 429) {
      const seconds = error.parameters?.retry_after ?? 1;
      return new DeliveryError(description, { retryAfterMs: seconds * 1000, cause: error });
    }
    if (
      error.code === 403 ||
      (error.code === 400 && GONE_FOR_GOOD.some((gone) => gone.test(error.description)))
    )
      return new DeliveryError(description, { permanent: true, cause: error });
    return error;
  }
  return error;
}
