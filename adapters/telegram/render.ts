/**
 * Replies as Telegram shows them: the core's markdown subset as parse_mode HTML, cut under
 * Telegram's length limits, and buttons as an inline keyboard.
 */
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'telegraf/types';
import type { ReplyAction } from '../../src/ports/chat.js';

/**
 * Telegram's limits, counted on the text after parsing. Messages count the HTML, which is never
 * shorter; captions count the parsed text exactly (see plan.ts).
 */
export const MESSAGE_LIMIT = 4096;
export const CAPTION_LIMIT = 1024;
/** answerCallbackQuery's text limit. */
export const TOAST_LIMIT = 200;
/** Telegram refuses callback_data over 64 bytes (BUTTON_DATA_INVALID). */
const CALLBACK_DATA_BYTES = 64;
/** Two buttons a row stay readable on a phone, and pair Done/Skip for the same habit. */
const BUTTONS_PER_ROW = 2;

/** Escapes text for Telegram HTML: only &, < and > are special outside attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// Code spans and links are set aside under placeholders while the rest is escaped and formatted,
// so that nothing inside them is read as markup. The private-use characters that mark the places
// are removed from the input first, so a member's text can never forge one.
const MARKERS = /[\uE000-\uE003]/g;
const CODE_SLOT = /\uE000(\d+)\uE001/g;
const LINK_SLOT = /\uE002(\d+)\uE003/g;

/**
 * The markdown subset (**bold**, _italic_, `code`, [label](https://…), "- " lists) as Telegram
 * HTML, with every other character escaped. Markup that would not nest properly is sent as
 * typed (escaped) rather than as a message Telegram refuses.
 */
export function renderHtml(markdown: string): string {
  const codes: string[] = [];
  const links: string[] = [];
  let text = markdown
    .replace(MARKERS, '')
    .replace(/`([^`\n]+)`/g, (_m, code: string) => `\uE000${codes.push(code) - 1}\uE001`)
    .replace(/\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)/g, (_m, label: string, url: string) => {
      const href = escapeHtml(url).replace(/"/g, '&quot;');
      return `\uE002${links.push(`<a href="${href}">${inline(label)}</a>`) - 1}\uE003`;
    });
  text = inline(text).replace(/^- /gm, '• ');
  const html = text
    .replace(LINK_SLOT, (_m, i: string) => links[Number(i)]!)
    .replace(CODE_SLOT, (_m, i: string) => `<code>${escapeHtml(codes[Number(i)]!)}</code>`);
  // Shown as typed rather than guessed at: nothing is lost, and Telegram accepts it.
  return balanced(html) ? html : escapeHtml(markdown.replace(MARKERS, ''));
}

/** Escapes, then italic and bold. Italic needs word edges, so snake_case names stay as they are. */
function inline(text: string): string {
  return escapeHtml(text)
    .replace(/(^|[\s(*])_(?=\S)(.+?)(?<=\S)_(?=$|[\s.,;:!?)*])/gm, '$1<i>$2</i>')
    .replace(/\*\*(?=\S)(.+?)(?<=\S)\*\*/g, '<b>$1</b>');
}

/** Whether every tag closes in order: Telegram refuses the whole message otherwise. */
function balanced(html: string): boolean {
  const open: string[] = [];
  for (const [, closing, name] of html.matchAll(/<(\/?)([a-z]+)[^>]*>/g)) {
    if (!closing) open.push(name!);
    else if (open.pop() !== name) return false;
  }
  return open.length === 0;
}

/** What Telegram shows for our HTML: tags dropped, references decoded. */
export function htmlToPlain(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/**
 * The reply text as HTML messages that each fit `limit`: whole lines where they fit, long lines
 * cut between words, and words longer than a message cut anywhere. Cutting the markdown (not the
 * HTML) never splits a tag or an escape. Blank text gives no message.
 */
export function renderChunks(markdown: string, limit = MESSAGE_LIMIT): string[] {
  if (markdown.trim() === '') return [];
  const chunks: string[] = [];
  let current = '';
  for (const piece of pieces(markdown, limit)) {
    const joined = current ? `${current}\n${piece}` : piece;
    if (renderHtml(joined).length <= limit) current = joined;
    else {
      if (current) chunks.push(current);
      current = piece;
    }
  }
  if (current) chunks.push(current);
  return chunks.filter((chunk) => chunk.trim() !== '').map(renderHtml);
}

/** Lines, with any line too long for one message cut into pieces that each fit. */
function pieces(markdown: string, limit: number): string[] {
  return markdown.split('\n').flatMap((line) => {
    if (renderHtml(line).length <= limit) return [line];
    // Escaping can grow a character to 5 (&amp;), so a slice of limit/6 always fits.
    const slice = Math.floor(limit / 6);
    const words = line
      .split(' ')
      .flatMap((word) =>
        renderHtml(word).length <= limit
          ? [word]
          : (word.match(new RegExp(`[\\s\\S]{1,${slice}}`, 'g')) ?? []),
      );
    const result: string[] = [];
    let current = '';
    for (const word of words) {
      const joined = current ? `${current} ${word}` : word;
      if (renderHtml(joined).length <= limit) current = joined;
      else {
        if (current) result.push(current);
        current = word;
      }
    }
    if (current) result.push(current);
    return result;
  });
}

/** The reply's buttons, two a row; each button's callback_data is the action's id. */
export function inlineKeyboard(
  actions: readonly ReplyAction[] | undefined,
): InlineKeyboardMarkup | undefined {
  // The core's ids are short; one that Telegram would refuse must not sink the whole message.
  const usable = (actions ?? []).filter((action) => Buffer.byteLength(action.id) <= CALLBACK_DATA_BYTES);
  if (usable.length === 0) return undefined;
  const rows: InlineKeyboardButton[][] = [];
  for (let i = 0; i < usable.length; i += BUTTONS_PER_ROW) {
    rows.push(
      usable
        .slice(i, i + BUTTONS_PER_ROW)
        .map((action) => ({ text: action.label, callback_data: action.id })),
    );
  }
  return { inline_keyboard: rows };
}
