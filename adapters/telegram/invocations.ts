/**
 * Telegram updates as Invocations for the chat core: which messages are for Stride (everything in a
 * private chat; in groups only commands and mentions of the bot), and who pressed which button.
 */
import type { CallbackQuery, Chat, Message, Update, User, UserFromGetMe } from 'telegraf/types';
import type { ChatUser, Invocation } from '../../src/ports/chat.js';
import { telegramCommandLine } from './commands.js';

/**
 * What the member said to Stride, as a command line or plain text; undefined when the message is
 * not for Stride: in a group, neither a command nor a mention of the bot, or a command addressed
 * to another bot (`/help@OtherBot`).
 */
export function addressedText(message: Message.TextMessage, bot: UserFromGetMe): string | undefined {
  const isPrivate = message.chat.type === 'private';
  const command = leadingCommand(message);
  if (command) {
    const addressee = command.head.split('@')[1];
    if (!isPrivate && addressee && addressee.toLowerCase() !== bot.username.toLowerCase()) return undefined;
    return telegramCommandLine(command.head, command.rest);
  }
  if (isPrivate) return message.text;
  const mentions = (message.entities ?? []).filter(
    (entity) =>
      (entity.type === 'mention' &&
        message.text.slice(entity.offset + 1, entity.offset + entity.length).toLowerCase() ===
          bot.username.toLowerCase()) ||
      (entity.type === 'text_mention' && entity.user.id === bot.id),
  );
  if (mentions.length === 0) return undefined;
  // Cut from the end so earlier offsets (UTF-16, as JavaScript counts) stay right.
  let text = message.text;
  for (const entity of [...mentions].sort((a, b) => b.offset - a.offset)) {
    text = `${text.slice(0, entity.offset)} ${text.slice(entity.offset + entity.length)}`;
  }
  text = text.replace(/\s+/g, ' ').trim();
  // "@StrideBot /done read" is a command too.
  return text.startsWith('/') ? telegramCommandLine(text) : text;
}

/** The /command a message starts with (Telegram marks it with a bot_command entity), and the rest. */
function leadingCommand(message: Message.TextMessage): { head: string; rest: string } | undefined {
  const entity = message.entities?.find((e) => e.type === 'bot_command' && e.offset === 0);
  const length = entity?.length ?? /^\/[A-Za-z0-9_]+(?:@\w+)?/.exec(message.text)?.[0].length;
  if (length === undefined) return undefined;
  return { head: message.text.slice(0, length), rest: message.text.slice(length).trim() };
}

/** The member as the core knows them; Telegram tells the language but never the time zone. */
export function chatUser(from: User): ChatUser {
  const displayName = [from.first_name, from.last_name].filter(Boolean).join(' ');
  return {
    id: String(from.id),
    ...(displayName ? { displayName } : {}),
    ...(from.language_code ? { locale: from.language_code } : {}),
  };
}

/** The chat as the core's channel: a private chat is a DM; a group is called by its title. */
export function chatChannel(chat: Chat): Invocation['channel'] {
  if (chat.type === 'private') return { id: String(chat.id), kind: 'dm' };
  return { id: String(chat.id), kind: 'group', ...(chat.title ? { name: chat.title } : {}) };
}

/** Whether the member administers the chat: asked only by the commands that need it (admins.ts). */
type IsAdmin = () => Promise<boolean>;

/** A message the member addressed to Stride; the update id is the delivery's id (a retry repeats it). */
export function messageInvocation(
  update: Update.MessageUpdate<Message.TextMessage>,
  text: string,
  receivedAt: Date,
  isAdmin?: IsAdmin,
): Invocation {
  const { chat, from } = update.message;
  return {
    platform: 'telegram',
    workspace: '',
    channel: chatChannel(chat),
    user: chatUser(from),
    text,
    eventId: String(update.update_id),
    receivedAt,
    ...(isAdmin ? { isChannelAdmin: isAdmin } : {}),
  };
}

/**
 * A pressed button: runs the button's action for the presser. The chat is the one the button was
 * in; a button on an inline message (no chat) answers in the presser's private chat.
 */
export function callbackInvocation(
  query: CallbackQuery.DataQuery,
  receivedAt: Date,
  isAdmin?: IsAdmin,
): Invocation {
  const chat = query.message?.chat;
  return {
    platform: 'telegram',
    workspace: '',
    channel: chat ? chatChannel(chat) : { id: String(query.from.id), kind: 'dm' },
    user: chatUser(query.from),
    action: query.data,
    eventId: query.id,
    receivedAt,
    ...(isAdmin ? { isChannelAdmin: isAdmin } : {}),
  };
}
