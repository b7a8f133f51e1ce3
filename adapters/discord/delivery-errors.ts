/**
 * What the outbox must know about a failed Discord send, in the core's words (DeliveryError): a
 * 429 that asked for a longer wait than the adapter holds a request carries its retry_after; a
 * message that can never go (the member does not accept DMs from the bot, shares no server with
 * it any more, the channel is gone or closed to the bot, or Discord refuses the message itself) is
 * permanent. Anything else (5xx after @discordjs/rest's retries, the network) is rethrown as it is.
 */
import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import { DeliveryError } from '../../src/ports/platform.js';

/** Discord's JSON error codes that no later attempt can fix. */
export const PERMANENT_DISCORD_CODES: ReadonlySet<number> = new Set([
  10003, // Unknown Channel
  10013, // Unknown User
  50001, // Missing Access
  50007, // Cannot send messages to this user
  50013, // Missing Permissions
  50035, // Invalid Form Body: the message itself is refused
]);

/** The error to report for a failed send: a DeliveryError when the outbox should act on it. */
export function deliveryErrorOf(error: unknown): unknown {
  if (error instanceof RateLimitError) {
    return new DeliveryError(`Discord rate limit on ${error.route}: retry after ${error.retryAfter} ms`, {
      retryAfterMs: error.retryAfter,
      cause: error,
    });
  }
  if (error instanceof DiscordAPIError) {
    const description = `Discord ${error.status} (${error.code}): ${error.message}`;
    if (error.status === 403 || PERMANENT_DISCORD_CODES.has(Number(error.code)))
      return new DeliveryError(description, { permanent: true, cause: error });
  }
  return error;
}

/**
 * An error as a log may show it. A DiscordAPIError carries the request body it failed on (the
 * member's message, the chart's bytes), which has no place in a log line.
 */
export function describeError(error: unknown): { status?: number; code?: number | string; message: string } {
  if (error instanceof DiscordAPIError)
    return { status: error.status, code: error.code, message: error.message };
  if (error instanceof HTTPError) return { status: error.status, message: error.message };
  return { message: error instanceof Error ? error.message : String(error) };
}
