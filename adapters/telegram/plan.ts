/**
 * A Reply as the Telegram messages that carry it, in order: text, chart photo, file, then the
 * follow-ups. Pure, so what gets sent can be checked without a bot.
 */
import type { InlineKeyboardMarkup } from 'telegraf/types';
import type { Reply } from '../../src/ports/chat.js';
import { CAPTION_LIMIT, htmlToPlain, inlineKeyboard, renderChunks } from './render.js';

/** One outbound Telegram message; `html` is the text or the caption, already rendered. */
export type OutboundMessage =
  | { kind: 'text'; html: string; keyboard?: InlineKeyboardMarkup }
  | { kind: 'photo'; png: Buffer; html?: string; keyboard?: InlineKeyboardMarkup }
  | { kind: 'document'; filename: string; content: Buffer; html?: string; keyboard?: InlineKeyboardMarkup };

/**
 * The messages for a reply. A chart goes as a photo with the text as its caption when the text
 * fits a caption, otherwise as a photo followed by the text; the buttons ride on the last message
 * of the reply, where the member's eye ends up. The caption limit counts what Telegram shows (the
 * text after its HTML is parsed): a group review bolds every name, and counting the tags would
 * send a review that fits as two messages.
 */
export function planReply(reply: Reply): OutboundMessage[] {
  const texts = renderChunks(reply.text);
  const media: OutboundMessage[] = [];
  if (reply.image) media.push({ kind: 'photo', png: reply.image.png });
  if (reply.file) {
    media.push({
      kind: 'document',
      filename: reply.file.filename,
      content: Buffer.from(reply.file.content, 'utf8'),
    });
  }
  let messages: OutboundMessage[];
  if (media.length > 0 && texts.length === 1 && htmlToPlain(texts[0]!).length <= CAPTION_LIMIT) {
    messages = [{ ...media[0]!, html: texts[0]! }, ...media.slice(1)];
  } else {
    messages = [...media, ...texts.map((html): OutboundMessage => ({ kind: 'text', html }))];
  }
  const keyboard = inlineKeyboard(reply.actions);
  if (keyboard && messages.length > 0) messages[messages.length - 1] = { ...messages.at(-1)!, keyboard };
  return [...messages, ...(reply.followUps ?? []).flatMap(planReply)];
}
