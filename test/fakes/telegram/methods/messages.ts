/** Sending, editing and deleting text messages, and the small acknowledgements around them. */
import type { Message } from 'telegraf/types';
import { badRequest } from '../errors.js';
import { optionalString, requiredChatId, requiredMessageId } from '../params.js';
import type { FakeState, MethodHandler } from '../state.js';
import type { Params } from '../types.js';
import { formattedText, inlineKeyboard, sendFromBot } from './compose.js';

export const sendMessage: MethodHandler = (params, { state }) =>
  sendFromBot(state, params, { ...formattedText(params, 'text') });

/**
 * Replaces a message's text. As on Telegram, an edit without reply_markup removes the message's
 * inline keyboard, and an edit that changes nothing fails with "message is not modified".
 */
export const editMessageText: MethodHandler = (params, { state }) => {
  // Inline messages live in other people's chats; the fake does not track them.
  if (optionalString(params, 'inline_message_id')) return true;
  const current = editableMessage(state, params);
  if (!('text' in current)) throw badRequest('there is no text in the message to edit');
  const { text, entities } = formattedText(params, 'text')!;
  return saveEdit(state, current, { text, entities }, inlineKeyboard(params));
};

export const editMessageReplyMarkup: MethodHandler = (params, { state }) => {
  if (optionalString(params, 'inline_message_id')) return true;
  const current = editableMessage(state, params);
  const { text, entities, caption, caption_entities } = current as unknown as Record<string, unknown>;
  return saveEdit(state, current, { text, entities, caption, caption_entities }, inlineKeyboard(params));
};

export const deleteMessage: MethodHandler = (params, { state }) => {
  const chatId = requiredChatId(params);
  if (!state.chats.delete(chatId, requiredMessageId(params, 'message to delete not found'))) {
    throw badRequest('message to delete not found');
  }
  return true;
};

export const answerCallbackQuery: MethodHandler = (params, { state }) => {
  const id = optionalString(params, 'callback_query_id');
  if (!id) throw badRequest('query is too old and response timeout expired or query ID is invalid');
  if ((optionalString(params, 'text') ?? '').length > 200) throw badRequest('MESSAGE_TOO_LONG');
  state.chats.answerCallbackQuery(id);
  return true;
};

const CHAT_ACTIONS = new Set([
  'typing',
  'upload_photo',
  'record_video',
  'upload_video',
  'record_voice',
  'upload_voice',
  'upload_document',
  'choose_sticker',
  'find_location',
  'record_video_note',
  'upload_video_note',
]);

export const sendChatAction: MethodHandler = (params, { state }) => {
  state.chats.resolve(requiredChatId(params));
  if (!CHAT_ACTIONS.has(optionalString(params, 'action') ?? ''))
    throw badRequest('wrong parameter action in request');
  return true;
};

/** The bot's own, still existing message that chat_id + message_id point at. */
function editableMessage(state: FakeState, params: Params): Message {
  const message = state.chats.find(requiredChatId(params), requiredMessageId(params));
  if (!message) throw badRequest('message to edit not found');
  if (message.from?.id !== state.bot.id) throw badRequest("message can't be edited");
  return message;
}

function saveEdit(
  state: FakeState,
  current: Message,
  content: Record<string, unknown>,
  markup: ReturnType<typeof inlineKeyboard>,
): Message {
  const before = current as unknown as Record<string, unknown>;
  const unchanged =
    Object.entries(content).every(([key, value]) => JSON.stringify(before[key]) === JSON.stringify(value)) &&
    JSON.stringify(before.reply_markup) === JSON.stringify(markup);
  if (unchanged) {
    throw badRequest(
      'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
    );
  }
  const { reply_markup: _old, ...rest } = before;
  const edited: Record<string, unknown> = {
    ...rest,
    ...withoutUndefined(content),
    edit_date: state.nowSeconds(),
    ...(markup ? { reply_markup: markup } : {}),
  };
  // An entities list that the edit dropped must not survive from the old version.
  for (const [key, value] of Object.entries(content)) if (value === undefined) delete edited[key];
  state.chats.save(edited as unknown as Message);
  return edited as unknown as Message;
}

function withoutUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}
