/**
 * The Messenger port for Telegram: messages the core starts itself (reminders, alerts, reviews),
 * through the same paced, retried queue as every answer. A failure that outlasts the retries is
 * reported as the outbox needs it (delivery-errors.ts).
 */
import type { Messenger } from '../../src/ports/platform.js';
import { deliveryErrorOf } from './delivery-errors.js';
import type { TelegramSender } from './send.js';

/** Sends to a chat id; a private chat's id is its user's id, so a direct message may name either. */
export function createTelegramMessenger(sender: TelegramSender): Messenger {
  return {
    async send(target, reply) {
      const chatId = target.channelId || target.userId;
      if (!chatId) throw new Error('a Telegram message needs a chat id');
      try {
        await sender.deliver(chatId, reply);
      } catch (error) {
        throw deliveryErrorOf(error);
      }
    },
  };
}
