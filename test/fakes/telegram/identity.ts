/**
 * The bot the fake pretends to be, and the id generators that keep every id it hands out unique
 * and rising within one test run.
 */
import type { User, UserFromGetMe } from 'telegraf/types';

/** Shaped like a real token (bot id, colon, 35 characters) so code that validates tokens accepts it. */
export const DEFAULT_TOKEN = '7000000001:AAFakeStrideTestToken_0123456789abc';

/** The bot user getMe answers for `token`: its id is the token's numeric prefix, as on Telegram. */
export function botUserFor(token: string, overrides: Partial<UserFromGetMe> = {}): UserFromGetMe {
  const id = Number(token.split(':')[0]);
  return {
    id: Number.isSafeInteger(id) && id > 0 ? id : 7000000001,
    is_bot: true,
    first_name: 'Stride',
    username: 'stride_test_bot',
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    ...overrides,
  };
}

/** The bot as it appears in a message's `from`: a User, without getMe's capability flags. */
export function botAsSender(bot: UserFromGetMe): User {
  return {
    id: bot.id,
    is_bot: true,
    first_name: bot.first_name,
    ...(bot.username ? { username: bot.username } : {}),
  };
}

export const DEFAULT_BOT = botUserFor(DEFAULT_TOKEN);

// Module-wide, so that two fakes (or a fake and the update builders) never hand out the same id.
let sequence = 0;

function next(): number {
  sequence += 1;
  return sequence;
}

// Per chat, and shared by the update builders and every fake: a user's message built for a test
// and the bot's reply the fake stores must never get the same id.
const lastMessageIds = new Map<number, number>();

/**
 * The next message id in a chat: one above the last one any builder or fake used there, or
 * `requested` (which later ids then rise above). Telegram's ids rise within a chat, with gaps.
 */
export function nextMessageId(chatId: number, requested?: number): number {
  const id = requested ?? (lastMessageIds.get(chatId) ?? 0) + 1;
  lastMessageIds.set(chatId, Math.max(id, lastMessageIds.get(chatId) ?? 0));
  return id;
}

/** A file_id/file_unique_id pair shaped like Telegram's (opaque base64url strings). */
export function nextPhotoFileIds(): { fileId: string; fileUniqueId: string } {
  const n = next().toString(36).padStart(8, '0');
  // "AgACAgIAAx" is how Telegram's photo file_ids begin.
  return { fileId: `AgACAgIAAxkDAAI${n}FakeStrideFile`, fileUniqueId: `AQAD${n}` };
}

/** A callback query id: Telegram's are decimal strings of a 64-bit number. */
export function nextCallbackQueryId(): string {
  return (4_000_000_000_000_000_000n + BigInt(next())).toString();
}

/**
 * `chat_instance` is a global identifier of the chat a button was pressed in; Telegram's are signed
 * decimal strings. Derived from the chat id so that the same chat always gets the same one.
 */
export function chatInstanceFor(chatId: number): string {
  const mixed = (BigInt(Math.abs(chatId)) * 2_654_435_761n + 1_234_567n) % 9_000_000_000_000_000_000n;
  return (-mixed).toString();
}
