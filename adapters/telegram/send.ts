/**
 * Sending replies: every message of a reply goes through the paced queue, each call retried on
 * 429, and a message Telegram cannot parse as HTML is sent again as plain text rather than lost.
 */
import { TelegramError, type Telegram } from 'telegraf';
import type { Reply } from '../../src/ports/chat.js';
import type { OutboundMessage } from './plan.js';
import { planReply } from './plan.js';
import type { SendQueue } from './queue.js';
import { htmlToPlain } from './render.js';
import type { Retry } from './retry.js';

export interface DeliverOptions {
  /** In groups, the member's message the reply answers, so the group sees who it is for. */
  replyTo?: number;
}

export interface TelegramSender {
  /** Queues every message of `reply` for `chatId`; settles when all have been sent or have failed. */
  deliver(chatId: string, reply: Reply, options?: DeliverOptions): Promise<void>;
}

export function createSender(telegram: Telegram, queue: SendQueue, retry: Retry): TelegramSender {
  return {
    async deliver(chatId, reply, options = {}) {
      // Queued at once and in order: the chat's lane keeps the order, the pacing spaces them out.
      const sends = planReply(reply).map((message, i) =>
        queue.push(chatId, () =>
          retry(() => sendMessage(telegram, chatId, message, i === 0 ? options.replyTo : undefined)),
        ),
      );
      const results = await Promise.allSettled(sends);
      const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
      if (failed) throw failed.reason;
    },
  };
}

async function sendMessage(
  telegram: Telegram,
  chatId: string,
  message: OutboundMessage,
  replyTo?: number,
): Promise<void> {
  try {
    await send(telegram, chatId, message, replyTo, true);
  } catch (error) {
    // Our renderer keeps tags balanced; this is the net for anything Telegram still rejects.
    if (!(
      error instanceof TelegramError &&
      error.code === 400 &&
      /can't parse entities/i.test(error.description)
    ))
      throw error;
    await send(telegram, chatId, message, replyTo, false);
  }
}

async function send(
  telegram: Telegram,
  chatId: string,
  message: OutboundMessage,
  replyTo: number | undefined,
  html: boolean,
): Promise<void> {
  const chat = chatIdParam(chatId);
  const text = message.html === undefined ? undefined : html ? message.html : htmlToPlain(message.html);
  const extra = {
    ...(html && text !== undefined ? { parse_mode: 'HTML' as const } : {}),
    ...(message.keyboard ? { reply_markup: message.keyboard } : {}),
    ...(replyTo !== undefined
      ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } }
      : {}),
  };
  switch (message.kind) {
    case 'text':
      await telegram.sendMessage(chat, text!, extra);
      return;
    case 'photo':
      // A Buffer source makes telegraf upload multipart; the name tells clients it is a PNG.
      await telegram.sendPhoto(
        chat,
        { source: message.png, filename: 'chart.png' },
        { ...extra, ...(text ? { caption: text } : {}) },
      );
      return;
    case 'document':
      await telegram.sendDocument(
        chat,
        { source: message.content, filename: message.filename },
        { ...extra, ...(text ? { caption: text } : {}) },
      );
      return;
  }
}

/** Chat ids travel as strings in Invocations; the Bot API takes numbers (or an @username). */
export function chatIdParam(chatId: string): number | string {
  return /^-?\d+$/.test(chatId) ? Number(chatId) : chatId;
}
