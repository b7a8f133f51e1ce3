/**
 * The methods the fake implements. Anything else answers 404 "Not Found: method not found" (as the
 * Bot API does) and lands in `unexpectedCalls`, so a test never passes by talking to nothing.
 */
import type { MethodHandler } from '../state.js';
import {
  deleteMyCommands,
  deleteWebhook,
  getMe,
  getMyCommands,
  getWebhookInfo,
  setMyCommands,
  setWebhook,
} from './bot.js';
import {
  answerCallbackQuery,
  deleteMessage,
  editMessageReplyMarkup,
  editMessageText,
  sendChatAction,
  sendMessage,
} from './messages.js';
import { sendDocument } from './documents.js';
import { sendPhoto } from './photos.js';
import { getUpdates } from './polling.js';
import { getChatMember } from './members.js';

const METHODS: Record<string, MethodHandler> = {
  getMe,
  getUpdates,
  setWebhook,
  deleteWebhook,
  getWebhookInfo,
  setMyCommands,
  getMyCommands,
  deleteMyCommands,
  sendMessage,
  editMessageText,
  editMessageReplyMarkup,
  deleteMessage,
  answerCallbackQuery,
  sendChatAction,
  sendPhoto,
  sendDocument,
  getChatMember,
};

// Bot API method names are case-insensitive.
const BY_LOWER_CASE = new Map(
  Object.entries(METHODS).map(([name, handler]) => [name.toLowerCase(), { name, handler }]),
);

/** The canonical name and handler of a method, whatever its case; undefined when not implemented. */
export function lookupMethod(name: string): { name: string; handler: MethodHandler } | undefined {
  return BY_LOWER_CASE.get(name.toLowerCase());
}
