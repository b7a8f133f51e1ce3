/**
 * getChatMember: someone's status in a chat, as a test set it (`fake.setChatMember`). Otherwise,
 * as on Telegram, a person seen writing or pressing a button in a group is a plain member and
 * anyone else has left; in a private chat, its user is its only member.
 */
import type { ChatMember, User } from 'telegraf/types';
import { badRequest } from '../errors.js';
import { optionalInteger, requiredChatId } from '../params.js';
import type { MethodHandler } from '../state.js';
import type { MemberStatus } from '../types.js';

/** How statuses are keyed in FakeState.memberStatuses. */
export function memberKey(chatId: number | string, userId: number): string {
  return `${chatId}:${userId}`;
}

export const getChatMember: MethodHandler = (params, { state }) => {
  const chatId = requiredChatId(params);
  const userId = optionalInteger(params, 'user_id');
  if (userId === undefined || userId <= 0) throw badRequest('invalid user_id specified');
  const record = state.chats.resolve(chatId);
  const user: User = state.chats.person(chatId, userId) ?? {
    id: userId,
    is_bot: false,
    first_name: `User ${userId}`,
  };
  if (record.chat.type === 'private') {
    if (record.chat.id !== userId) throw badRequest('user not found');
    return { status: 'member', user } satisfies ChatMember;
  }
  const status =
    state.memberStatuses.get(memberKey(record.chat.id, userId)) ??
    (state.chats.person(chatId, userId) ? 'member' : 'left');
  return chatMember(status, user);
};

/** The ChatMember object of each status, with the fields the Bot API always sends. */
function chatMember(status: MemberStatus, user: User): ChatMember {
  switch (status) {
    case 'creator':
      return { status, user, is_anonymous: false };
    case 'administrator':
      return {
        status,
        user,
        can_be_edited: false,
        is_anonymous: false,
        can_manage_chat: true,
        can_delete_messages: true,
        can_manage_video_chats: true,
        can_restrict_members: true,
        can_promote_members: false,
        can_change_info: true,
        can_invite_users: true,
        can_pin_messages: true,
        can_post_stories: false,
        can_edit_stories: false,
        can_delete_stories: false,
      };
    case 'kicked':
      return { status, user, until_date: 0 };
    case 'member':
    case 'left':
      return { status, user };
  }
}
