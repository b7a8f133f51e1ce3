/**
 * Telegram's formatting: a `parse_mode` turns marked-up text into plain text plus entities, and the
 * server adds its automatic entities. Faking this matters because the most common way a bot's send
 * fails in production is `400 Bad Request: can't parse entities: …` from an unescaped character.
 */
import type { MessageEntity } from 'telegraf/types';
import { withAutoEntities } from '../auto-entities.js';
import { badRequest } from '../errors.js';
import { parseHtml } from './html.js';
import { parseMarkdown } from './markdown.js';
import { parseMarkdownV2 } from './markdown-v2.js';
import { FormattingError } from './output.js';

export interface FormattedText {
  text: string;
  /** Omitted when empty, as in Telegram's messages. */
  entities?: MessageEntity[];
}

/**
 * What Telegram stores for `text` sent with `parseMode` or explicit `entities` (which win over a
 * parse mode). Throws the Bot API's 400 for markup it cannot parse.
 */
export function formatText(
  text: string,
  parseMode: string | undefined,
  entities: MessageEntity[] | undefined,
): FormattedText {
  let parsed: { text: string; entities: MessageEntity[] };
  try {
    parsed =
      entities !== undefined || !parseMode ? { text, entities: entities ?? [] } : parseWith(parseMode, text);
  } catch (error) {
    if (error instanceof FormattingError) throw badRequest(`can't parse entities: ${error.message}`);
    throw error;
  }
  const all = withAutoEntities(
    parsed.text,
    parsed.entities.filter((e) => e.length > 0),
  );
  return { text: parsed.text, ...(all.length > 0 ? { entities: all } : {}) };
}

function parseWith(parseMode: string, text: string): { text: string; entities: MessageEntity[] } {
  // Telegram matches parse modes case-insensitively.
  switch (parseMode.toLowerCase()) {
    case 'html':
      return parseHtml(text);
    case 'markdownv2':
      return parseMarkdownV2(text);
    case 'markdown':
      return parseMarkdown(text);
    default:
      throw badRequest(`unsupported parse_mode`);
  }
}
