/**
 * What the fake knows about chats: each chat's messages (so edits and deletions behave as on
 * Telegram), its next message id, and the callback queries still waiting for an answer.
 */
import type { Chat, Message, Update, User } from 'telegraf/types';
import { badRequest } from './errors.js';
import { nextMessageId } from './identity.js';

interface ChatRecord {
  chat: Chat;
  messages: Map<number, Message>;
  /** The people seen in the chat (who sent a message or pressed a button there), by id. */
  people: Map<number, User>;
}

/** Telegram's ids for supergroups and channels are -100… followed by ten or more digits. */
const SUPERGROUP_ID_LIMIT = -1_000_000_000_000;

export class ChatStore {
  private readonly records = new Map<number, ChatRecord>();
  private readonly openCallbackQueries = new Set<string>();

  /**
   * The chat for a `chat_id`. A chat the fake has not seen in an update gets a placeholder name;
   * a `@username` it has not seen is "chat not found", as on Telegram.
   */
  resolve(chatId: number | string): ChatRecord {
    if (typeof chatId === 'string') {
      const username = chatId.slice(1).toLowerCase();
      const found = [...this.records.values()].find(
        (record) => 'username' in record.chat && record.chat.username?.toLowerCase() === username,
      );
      if (!found) throw badRequest('chat not found');
      return found;
    }
    let record = this.records.get(chatId);
    if (!record) {
      record = { chat: placeholderChat(chatId), messages: new Map(), people: new Map() };
      this.records.set(chatId, record);
    }
    return record;
  }

  /** Message ids rise per chat, across the users' messages and the bot's. */
  nextMessageId(record: ChatRecord): number {
    return nextMessageId(record.chat.id);
  }

  save(message: Message): void {
    this.resolve(message.chat.id).messages.set(message.message_id, message);
    nextMessageId(message.chat.id, message.message_id);
  }

  find(chatId: number | string, messageId: number): Message | undefined {
    return this.resolve(chatId).messages.get(messageId);
  }

  delete(chatId: number | string, messageId: number): boolean {
    return this.resolve(chatId).messages.delete(messageId);
  }

  messagesIn(chatId: number | string): Message[] {
    return [...this.resolve(chatId).messages.values()].sort((a, b) => a.message_id - b.message_id);
  }

  /** A callback query can be answered once; later answers fail as if it had expired. */
  answerCallbackQuery(id: string): void {
    if (!this.openCallbackQueries.delete(id)) {
      throw badRequest('query is too old and response timeout expired or query ID is invalid');
    }
  }

  /** Someone seen in the chat, or undefined when they never wrote or pressed a button there. */
  person(chatId: number | string, userId: number): User | undefined {
    return this.resolve(chatId).people.get(userId);
  }

  /** Learns the chats, messages, people and callback queries an update carries. */
  remember(update: Update): void {
    for (const message of messagesOf(update)) this.learnMessage(message);
    if ('callback_query' in update) {
      const { id, from, message } = update.callback_query;
      this.openCallbackQueries.add(id);
      if (message) this.resolve(message.chat.id).people.set(from.id, from);
    }
  }

  private learnMessage(message: Message): void {
    const record = this.resolve(message.chat.id);
    record.chat = { ...record.chat, ...message.chat } as Chat;
    if (message.from && !message.from.is_bot) record.people.set(message.from.id, message.from);
    if ('reply_to_message' in message && message.reply_to_message) {
      this.learnMessage(message.reply_to_message as Message);
    }
    this.save(message);
  }
}

function messagesOf(update: Update): Message[] {
  if ('message' in update) return [update.message];
  if ('edited_message' in update) return [update.edited_message];
  if ('channel_post' in update) return [update.channel_post];
  if ('edited_channel_post' in update) return [update.edited_channel_post];
  // An inaccessible message (date 0) is only a stub; Telegram no longer holds it.
  if (
    'callback_query' in update &&
    update.callback_query.message &&
    update.callback_query.message.date !== 0
  ) {
    return [update.callback_query.message as Message];
  }
  return [];
}

function placeholderChat(id: number): Chat {
  if (id > 0) return { id, type: 'private', first_name: `User ${id}` };
  if (id <= SUPERGROUP_ID_LIMIT) return { id, type: 'supergroup', title: `Supergroup ${id}` };
  return { id, type: 'group', title: `Group ${id}` };
}
