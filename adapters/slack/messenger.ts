/**
 * The Messenger port for Slack: messages the core starts itself (reminders, alerts, reviews). A 429
 * is retried by the WebClient after Retry-After (its queue pauses, so later messages wait in order
 * rather than being dropped); a failure that outlasts the retries rejects, reported as the outbox
 * needs it (delivery-errors.ts): wait this long, never again, or an error to retry with backoff.
 */
import type { Messenger } from '../../src/ports/platform.js';
import { deliveryErrorOf } from './delivery-errors.js';
import type { SlackOutbound } from './outbound.js';

export function createSlackMessenger(outbound: SlackOutbound): Messenger {
  return {
    async send(target, reply) {
      try {
        // No channel: the member's DM with Stride, opened from their user id.
        const channel =
          target.channelId || (target.userId ? await outbound.directChannel(target.userId) : '');
        if (!channel) throw new Error('a Slack message needs a channelId or a userId');
        await outbound.post(channel, reply, { viewer: target.userId });
      } catch (error) {
        throw deliveryErrorOf(error);
      }
    },
  };
}
