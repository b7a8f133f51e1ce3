/**
 * The entities Telegram adds to every text by itself, for messages users send and messages the bot
 * sends alike: bot commands, @mentions, #hashtags and links with a scheme. (Bare domains, e-mail
 * addresses, phone numbers and cashtags are also detected by Telegram, but not by this fake.)
 * Offsets and lengths count UTF-16 code units, as JavaScript strings do.
 */
import type { MessageEntity } from 'telegraf/types';

const DETECTORS: { type: 'bot_command' | 'mention' | 'hashtag' | 'url'; pattern: RegExp }[] = [
  { type: 'bot_command', pattern: /(?<![\w/@#])\/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/])/g },
  { type: 'mention', pattern: /(?<![\w/@#])@[A-Za-z0-9_]{5,32}(?!\w)/g },
  { type: 'hashtag', pattern: /(?<![\w/@#])#(?=[\p{L}\p{N}_]*\p{L})[\p{L}\p{N}_]+/gu },
  // Trailing punctuation ends a sentence, not the link.
  { type: 'url', pattern: /\bhttps?:\/\/[^\s<>"]*[^\s<>".,;:!?)'\]]/gi },
];

// Formatting (bold, italic, …) may cover an automatic entity; these may not.
const EXCLUSIVE = new Set([
  'code',
  'pre',
  'text_link',
  'text_mention',
  'custom_emoji',
  ...DETECTORS.map((d) => d.type),
]);

/** `explicit` plus the automatic entities that do not clash with one of them, sorted by offset. */
export function withAutoEntities(text: string, explicit: MessageEntity[] = []): MessageEntity[] {
  const found: MessageEntity[] = [];
  for (const { type, pattern } of DETECTORS) {
    for (const match of text.matchAll(pattern)) {
      const entity = { type, offset: match.index, length: match[0].length };
      if (![...explicit, ...found].some((other) => EXCLUSIVE.has(other.type) && overlaps(entity, other)))
        found.push(entity);
    }
  }
  return sortEntities([...explicit, ...found]);
}

/** Telegram orders entities by offset, an enclosing entity before the ones it contains. */
export function sortEntities(entities: MessageEntity[]): MessageEntity[] {
  return [...entities].sort((a, b) => a.offset - b.offset || b.length - a.length);
}

function overlaps(a: MessageEntity, b: MessageEntity): boolean {
  return a.offset < b.offset + b.length && b.offset < a.offset + a.length;
}
