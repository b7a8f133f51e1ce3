/**
 * The Messenger port for Telegram: messages the core starts itself (reminders, alerts, reviews),
 * through the same paced, retried queue as every answer.
 */
import type { Messenger } from '../../src/ports/platform.js';
import type { TelegramSender } from './send.js';

/** Sends to a chat id; a private chat's id is its user's id, so a direct message may name either. */
export function createTelegramMessenger(sender: TelegramSender): Messenger {
  return {
    send(target, reply) {
      const chatId = target.channelId || target.userId;
      return chatId
        ? sender.deliver(chatId, reply)
        : Promise.reject(new Error('a Telegram message needs a chat id'));
    },
  };
}
