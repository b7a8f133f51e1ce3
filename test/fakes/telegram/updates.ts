/**
 * Builders for the updates Telegram sends, in the exact Bot API shape, for `fake.pushUpdate`,
 * `fake.deliverWebhook` or `bot.handleUpdate`. Ids rise across every builder call of a test file.
 */
import type { CallbackQuery, Chat, Message, MessageEntity, Update, User } from 'telegraf/types';
import { withAutoEntities } from './auto-entities.js';
import { DEFAULT_BOT, botAsSender, chatInstanceFor, nextCallbackQueryId, nextMessageId } from './identity.js';

/** A human sender; `is_bot` is always false. */
export interface UserInput {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

export interface TextMessageInput {
  /** Defaults to one above the last id any builder used. */
  updateId?: number;
  messageId?: number;
  /** Defaults to the sender's id: a private chat's id is the user's. */
  chatId?: number;
  chatType?: 'private' | 'group' | 'supergroup';
  /** The group's title; defaults to `Group <id>`. */
  chatTitle?: string;
  from: UserInput;
  text: string;
  /** Formatting the user applied; commands, mentions, hashtags and links are added as Telegram does. */
  entities?: MessageEntity[];
  /** Seconds since the epoch; defaults to now. */
  date?: number;
}

export interface CallbackQueryInput {
  updateId?: number;
  /** Defaults to a fresh 64-bit decimal string, as Telegram's are. */
  id?: string;
  from: UserInput;
  data: string;
  /**
   * The bot's message that carried the button, e.g. what `sendMessage` returned. Defaults to a
   * message from the bot in the user's private chat with one inline button holding `data`.
   */
  message?: Message;
}

// Module-wide so update ids rise across every builder call, as Telegram's do.
let lastUpdateId = 600_000_000;

/** The id the next builder call would use; pass `updateId` to go higher, never lower. */
export function nextUpdateId(requested?: number): number {
  lastUpdateId = requested ?? lastUpdateId + 1;
  return lastUpdateId;
}

export function buildUser(input: UserInput): User {
  return {
    id: input.id,
    is_bot: false,
    first_name: input.first_name,
    ...(input.last_name !== undefined ? { last_name: input.last_name } : {}),
    ...(input.username !== undefined ? { username: input.username } : {}),
    ...(input.language_code !== undefined ? { language_code: input.language_code } : {}),
  };
}

/** A user's text message, with a `bot_command` entity when the text starts with a /command. */
export function textMessageUpdate(input: TextMessageInput): Update.MessageUpdate<Message.TextMessage> {
  const from = buildUser(input.from);
  const chat = buildChat(input.chatId ?? from.id, input.chatType ?? 'private', from, input.chatTitle);
  const entities = withAutoEntities(input.text, input.entities ?? []);
  const message: Update.New & Update.NonChannel & Message.TextMessage = {
    message_id: nextMessageId(chat.id, input.messageId),
    from,
    chat,
    date: input.date ?? Math.floor(Date.now() / 1000),
    text: input.text,
    ...(entities.length > 0 ? { entities } : {}),
  };
  return { update_id: nextUpdateId(input.updateId), message };
}

/** A press of an inline button: `id`, `from`, `chat_instance`, `data` and the button's message. */
export function callbackQueryUpdate(
  input: CallbackQueryInput,
): Update.CallbackQueryUpdate<CallbackQuery.DataQuery> {
  const from = buildUser(input.from);
  const message = input.message ?? buttonMessage(from, input.data);
  return {
    update_id: nextUpdateId(input.updateId),
    callback_query: {
      id: input.id ?? nextCallbackQueryId(),
      from,
      message,
      chat_instance: chatInstanceFor(message.chat.id),
      data: input.data,
    },
  };
}

function buildChat(
  id: number,
  type: 'private' | 'group' | 'supergroup',
  from: User,
  title?: string,
): Chat.PrivateChat | Chat.GroupChat | Chat.SupergroupChat {
  if (type === 'private') {
    if (id !== from.id) throw new Error(`a private chat's id is its user's: ${id} is not ${from.id}`);
    return {
      id,
      type,
      first_name: from.first_name,
      ...(from.last_name ? { last_name: from.last_name } : {}),
      ...(from.username ? { username: from.username } : {}),
    };
  }
  if (id >= 0) throw new Error(`group and supergroup ids are negative, not ${id}`);
  return { id, type, title: title ?? `Group ${id}` };
}

function buttonMessage(from: User, data: string): Message.TextMessage {
  const chat = buildChat(from.id, 'private', from);
  return {
    message_id: nextMessageId(chat.id),
    from: botAsSender(DEFAULT_BOT),
    chat,
    date: Math.floor(Date.now() / 1000) - 1,
    text: 'Choose an option',
    reply_markup: { inline_keyboard: [[{ text: data, callback_data: data }]] },
  };
}
