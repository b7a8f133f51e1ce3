/**
 * Who administers a Telegram group, for the group commands that ask (Invocation.isChannelAdmin):
 * the chat's creator and its administrators, from getChatMember. Asked only when a command needs
 * it, with the adapter's retry; a failed call means no (and is logged), never yes.
 */
import type { Telegram } from 'telegraf';
import type { Chat } from 'telegraf/types';
import type { Logger } from '../../src/logger.js';
import { describeError, type Retry } from './retry.js';

/**
 * The lazy question "does this user administer this chat?" for one invocation; none in a private
 * chat, which has no group to administer (and an absent question means no).
 */
export type AdminCheck = (
  chat: Pick<Chat, 'id' | 'type'>,
  userId: number,
) => (() => Promise<boolean>) | undefined;

const ADMIN_STATUSES = new Set(['creator', 'administrator']);

export function createAdminCheck(telegram: Telegram, retry: Retry, logger: Logger): AdminCheck {
  return (chat, userId) => {
    if (chat.type === 'private') return undefined;
    return () => isAdmin(chat.id, userId);
  };

  async function isAdmin(chatId: number, userId: number): Promise<boolean> {
    try {
      const member = await retry(() => telegram.getChatMember(chatId, userId));
      return ADMIN_STATUSES.has(member.status);
    } catch (error) {
      logger.warn(
        { err: describeError(error), chatId, userId },
        'getChatMember failed; not treating the member as a chat administrator',
      );
      return false;
    }
  }
}
