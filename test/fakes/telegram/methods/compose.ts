/** Building the Message objects the fake returns for the bot's sends and edits. */
import type { InlineKeyboardMarkup, Message, MessageEntity } from 'telegraf/types';
import { badRequest } from '../errors.js';
import { formatText, type FormattedText } from '../formatting/index.js';
import { botAsSender } from '../identity.js';
import { optionalInteger, optionalJson, optionalString, requiredChatId } from '../params.js';
import type { FakeState } from '../state.js';
import type { Params } from '../types.js';

// Limits from the Bot API docs, counted after entities are parsed.
export const MAX_TEXT = 4096;
export const MAX_CAPTION = 1024;

/**
 * Stores and returns a new message from the bot in `chat_id`, with the fields every send shares
 * (id, date, chat, from, thread, reply, inline keyboard) around `content`.
 */
export function sendFromBot(state: FakeState, params: Params, content: Record<string, unknown>): Message {
  const record = state.chats.resolve(requiredChatId(params));
  const replyTo = repliedMessage(state, params);
  const markup = inlineKeyboard(params);
  const threadId = optionalInteger(params, 'message_thread_id');
  const message = {
    message_id: state.chats.nextMessageId(record),
    from: botAsSender(state.bot),
    chat: record.chat,
    date: state.nowSeconds(),
    ...(threadId !== undefined && record.chat.type === 'supergroup' ? { message_thread_id: threadId } : {}),
    ...(replyTo ? { reply_to_message: replyTo } : {}),
    ...content,
    ...(markup ? { reply_markup: markup } : {}),
  } as unknown as Message;
  state.chats.save(message);
  return message;
}

/** Formats `text` with the call's parse_mode/entities and checks Telegram's length limits. */
export function formattedText(params: Params, field: 'text' | 'caption'): FormattedText | undefined {
  const raw = optionalString(params, field);
  if (raw === undefined || raw === '') {
    if (field === 'text') throw badRequest('message text is empty');
    return undefined;
  }
  const entities = optionalJson<MessageEntity[]>(params, field === 'text' ? 'entities' : 'caption_entities');
  const formatted = formatText(raw, optionalString(params, 'parse_mode'), entities);
  if (field === 'text' && formatted.text.trim() === '') throw badRequest('message text is empty');
  if (field === 'text' && formatted.text.length > MAX_TEXT) throw badRequest('message is too long');
  if (field === 'caption' && formatted.text.length > MAX_CAPTION)
    throw badRequest('message caption is too long');
  return formatted;
}

/**
 * The reply_markup a message keeps: only inline keyboards are part of a Message; reply keyboards
 * and ForceReply act on the client and are not returned.
 */
export function inlineKeyboard(params: Params): InlineKeyboardMarkup | undefined {
  const markup = optionalJson<Record<string, unknown>>(params, 'reply_markup');
  if (!markup || !('inline_keyboard' in markup)) return undefined;
  const rows = markup.inline_keyboard;
  if (!Array.isArray(rows) || !rows.every(Array.isArray))
    throw badRequest("can't parse inline keyboard button: InlineKeyboardButton must be an Object");
  for (const button of rows.flat() as Record<string, unknown>[]) {
    if (typeof button.text !== 'string' || button.text === '') throw badRequest('BUTTON_TEXT_INVALID');
    if (typeof button.callback_data === 'string' && Buffer.byteLength(button.callback_data) > 64) {
      // The callback_data limit is 64 bytes; longer data is a common production failure.
      throw badRequest('BUTTON_DATA_INVALID');
    }
    if (Object.keys(button).length === 1)
      throw badRequest('text buttons are unallowed in the inline keyboard');
  }
  return markup as unknown as InlineKeyboardMarkup;
}

/** reply_parameters (or the older reply_to_message_id): the quoted message, without its own reply. */
function repliedMessage(state: FakeState, params: Params): Message | undefined {
  const reply = optionalJson<{
    message_id?: number;
    chat_id?: number;
    allow_sending_without_reply?: boolean;
  }>(params, 'reply_parameters');
  const messageId = reply?.message_id ?? optionalInteger(params, 'reply_to_message_id');
  if (messageId === undefined) return undefined;
  const found = state.chats.find(reply?.chat_id ?? requiredChatId(params), messageId);
  if (!found) {
    if (reply?.allow_sending_without_reply) return undefined;
    throw badRequest('message to be replied not found');
  }
  const { reply_to_message: _nested, ...quoted } = found as Message & { reply_to_message?: unknown };
  return quoted as Message;
}
