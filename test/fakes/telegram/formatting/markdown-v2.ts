/**
 * parse_mode MarkdownV2 (https://core.telegram.org/bots/api#markdownv2-style). Its rule that trips
 * bots: outside code, each of _ * [ ] ( ) ~ ` > # + - = | { } . ! must be escaped with '\', so an
 * unescaped "Done." or "3-day streak" fails the whole send.
 */
import type { MessageEntity } from 'telegraf/types';
import { FormattingError, Output, byteOffset } from './output.js';

const RESERVED = new Set('_*[]()~`>#+-=|{}.!');

const NAMES: Record<string, string> = {
  bold: 'Bold',
  italic: 'Italic',
  underline: 'Underline',
  strikethrough: 'Strikethrough',
  spoiler: 'Spoiler',
  text_link: 'TextUrl',
  custom_emoji: 'CustomEmoji',
};

interface Open {
  type: string;
  start: number;
  at: number;
}

export function parseMarkdownV2(source: string): { text: string; entities: MessageEntity[] } {
  const out = new Output();
  const open: Open[] = [];
  let quoteStart: number | undefined;
  let i = 0;

  const toggle = (type: string, width: number) => {
    const top = open[open.length - 1];
    if (top?.type === type) {
      open.pop();
      out.close(top.start, { type });
    } else {
      const outer = open.find((o) => o.type === type);
      if (outer) throw endNotFound(source, outer);
      open.push({ type, start: out.text.length, at: i });
    }
    i += width;
  };

  while (i < source.length) {
    const char = source[i]!;
    const atLineStart = i === 0 || source[i - 1] === '\n';
    if (char === '\\' && i + 1 < source.length && source.charCodeAt(i + 1) <= 126) {
      out.text += source[i + 1];
      i += 2;
    } else if (char === '`') {
      i = readCode(source, i, out);
    } else if (char === '*') toggle('bold', 1);
    else if (char === '_' && source[i + 1] === '_') toggle('underline', 2);
    else if (char === '_') toggle('italic', 1);
    else if (char === '~') toggle('strikethrough', 1);
    else if (char === '|' && source[i + 1] === '|') toggle('spoiler', 2);
    else if (char === '[' || (char === '!' && source[i + 1] === '[')) {
      open.push({ type: char === '!' ? 'custom_emoji' : 'text_link', start: out.text.length, at: i });
      i += char === '!' ? 2 : 1;
    } else if (char === ']' && isLink(open[open.length - 1])) {
      i = closeLink(source, i, open.pop()!, out);
    } else if (char === '>' && atLineStart) {
      quoteStart ??= out.text.length;
      i += 1;
    } else if (RESERVED.has(char)) {
      throw new FormattingError(
        `Character '${char}' is reserved and must be escaped with the preceding '\\'`,
      );
    } else {
      // A quote is a run of lines starting with '>'; it ends with the last of them.
      if (char === '\n' && quoteStart !== undefined && source[i + 1] !== '>') {
        out.close(quoteStart, { type: 'blockquote' });
        quoteStart = undefined;
      }
      out.text += char;
      i += 1;
    }
  }
  if (quoteStart !== undefined) out.close(quoteStart, { type: 'blockquote' });
  const unclosed = open[0];
  if (unclosed) throw endNotFound(source, unclosed);
  return out.result();
}

function isLink(entity: Open | undefined): boolean {
  return entity?.type === 'text_link' || entity?.type === 'custom_emoji';
}

/** `](url)`: inside the URL only ')' and '\' need escaping. */
function closeLink(source: string, at: number, link: Open, out: Output): number {
  if (source[at + 1] !== '(')
    throw new FormattingError(`Can't find end of a URL at byte offset ${byteOffset(source, at)}`);
  let url = '';
  let i = at + 2;
  for (; i < source.length && source[i] !== ')'; i += 1) {
    if (source[i] === '\\' && i + 1 < source.length) i += 1;
    url += source[i];
  }
  if (i >= source.length)
    throw new FormattingError(`Can't find end of a URL at byte offset ${byteOffset(source, at + 2)}`);
  if (link.type === 'custom_emoji') {
    const id = /^tg:\/\/emoji\?id=(\d+)$/.exec(url)?.[1];
    if (!id) throw new FormattingError(`Custom emoji URL must have scheme tg`);
    out.close(link.start, { type: 'custom_emoji', custom_emoji_id: id });
  } else {
    out.close(link.start, { type: 'text_link', url });
  }
  return i + 1;
}

/** `code` or ```lang\npre```: inside them only '`' and '\' need escaping. */
function readCode(source: string, at: number, out: Output): number {
  const fence = source.startsWith('```', at) ? '```' : '`';
  let content = '';
  let i = at + fence.length;
  for (; i < source.length && !source.startsWith(fence, i); i += 1) {
    if (source[i] === '\\' && i + 1 < source.length) i += 1;
    content += source[i];
  }
  if (i >= source.length) {
    throw new FormattingError(
      `Can't find end of ${fence === '`' ? 'Code' : 'Pre'} entity at byte offset ${byteOffset(source, at)}`,
    );
  }
  const start = out.text.length;
  if (fence === '`') {
    out.text += content;
    out.close(start, { type: 'code' });
  } else {
    // The first line names the language when it is a single word.
    const newline = content.indexOf('\n');
    const firstLine = newline < 0 ? '' : content.slice(0, newline);
    const language = /^\S+$/.test(firstLine) ? firstLine : undefined;
    out.text += language !== undefined || firstLine === '' ? content.slice(newline + 1) : content;
    out.close(start, { type: 'pre', ...(language ? { language } : {}) });
  }
  return i + fence.length;
}

function endNotFound(source: string, entity: Open): FormattingError {
  return new FormattingError(
    `Can't find end of ${NAMES[entity.type] ?? entity.type} entity at byte offset ${byteOffset(source, entity.at)}`,
  );
}
