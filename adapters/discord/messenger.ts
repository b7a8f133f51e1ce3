/**
 * The Messenger port for Discord: messages the core starts itself (reminders, alerts, reviews), to
 * a group channel or to the member's DM. Short 429s are waited out by @discordjs/rest per route
 * bucket; a failure that outlasts that is reported as the outbox needs it (delivery-errors.ts).
 */
import type { Messenger } from '../../src/ports/platform.js';
import { deliveryErrorOf } from './delivery-errors.js';
import type { DiscordOutbound } from './outbound.js';

/**
 * Sends to `channelId` (a group channel, or the DM channel the member last used); with a user id
 * and no channel, or a channel that is the user id itself, the member's DM is opened first.
 */
export function createDiscordMessenger(outbound: DiscordOutbound): Messenger {
  return {
    async send(target, reply) {
      try {
        const direct = Boolean(target.userId) && (!target.channelId || target.channelId === target.userId);
        const channel = direct ? await outbound.directChannel(target.userId!) : target.channelId;
        if (!channel) throw new Error('a Discord message needs a channelId or a userId');
        await outbound.post(channel, reply);
      } catch (error) {
        throw deliveryErrorOf(error);
      }
    },
  };
}
