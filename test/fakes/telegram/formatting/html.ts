/**
 * parse_mode HTML, as https://core.telegram.org/bots/api#html-style describes it: only the listed
 * tags (anything else, `<br>` included, is an error), all numeric character references and only the
 * named ones &lt; &gt; &amp; &quot;.
 */
import type { MessageEntity } from 'telegraf/types';
import { FormattingError, Output, byteOffset } from './output.js';

interface OpenTag {
  name: string;
  start: number;
  entity: { type: string; [key: string]: unknown };
}

const SIMPLE_TAGS: Record<string, string> = {
  b: 'bold',
  strong: 'bold',
  i: 'italic',
  em: 'italic',
  u: 'underline',
  ins: 'underline',
  s: 'strikethrough',
  strike: 'strikethrough',
  del: 'strikethrough',
  code: 'code',
  pre: 'pre',
  'tg-spoiler': 'spoiler',
};

const NAMED_REFERENCES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

const START_TAG =
  /<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']+))?)*)\s*>/y;
const END_TAG = /<\/([a-zA-Z][a-zA-Z0-9-]*)\s*>/y;
const ATTRIBUTE = /([a-zA-Z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?/g;
const REFERENCE = /&(#[0-9]{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]+);/y;

export function parseHtml(source: string): { text: string; entities: MessageEntity[] } {
  const out = new Output();
  const open: OpenTag[] = [];
  let i = 0;
  while (i < source.length) {
    const char = source[i]!;
    if (char === '<' && source[i + 1] === '/') {
      END_TAG.lastIndex = i;
      const match = END_TAG.exec(source);
      if (!match)
        throw new FormattingError(`Unexpected end of name token at byte offset ${byteOffset(source, i)}`);
      closeTag(source, i, match[1]!.toLowerCase(), open, out);
      i = END_TAG.lastIndex;
    } else if (char === '<') {
      START_TAG.lastIndex = i;
      const match = START_TAG.exec(source);
      const name = (match ? match[1]! : (/^<([^\s>]*)/.exec(source.slice(i))?.[1] ?? '')).toLowerCase();
      const entity = match ? entityFor(name, attributes(match[2]!)) : undefined;
      if (!entity)
        throw new FormattingError(`Unsupported start tag "${name}" at byte offset ${byteOffset(source, i)}`);
      open.push({ name, start: out.text.length, entity });
      i = START_TAG.lastIndex;
    } else if (char === '&') {
      REFERENCE.lastIndex = i;
      const match = REFERENCE.exec(source);
      const decoded = match ? decodeReference(match[1]!) : undefined;
      // An unknown named reference stays as written, as on Telegram.
      out.text += decoded ?? '&';
      i = decoded !== undefined ? REFERENCE.lastIndex : i + 1;
    } else {
      out.text += char;
      i += 1;
    }
  }
  const unclosed = open.pop();
  if (unclosed) throw new FormattingError(`Can't find end tag corresponding to start tag "${unclosed.name}"`);
  return out.result();
}

function closeTag(source: string, at: number, name: string, open: OpenTag[], out: Output): void {
  const top = open.pop();
  if (!top) throw new FormattingError(`Unexpected end tag at byte offset ${byteOffset(source, at)}`);
  if (top.name !== name) {
    throw new FormattingError(
      `Unmatched end tag at byte offset ${byteOffset(source, at)}, expected "</${top.name}>", found "</${name}>"`,
    );
  }
  // <pre><code class="language-x"> is one pre entity with a language, not a code inside a pre.
  const parent = open[open.length - 1];
  if (top.entity.type === 'code' && top.entity.language && parent?.entity.type === 'pre') {
    parent.entity.language = top.entity.language;
    return;
  }
  const { language, ...entity } = top.entity;
  out.close(top.start, top.entity.type === 'pre' && language ? top.entity : entity);
}

function entityFor(name: string, attrs: Record<string, string>): OpenTag['entity'] | undefined {
  if (SIMPLE_TAGS[name]) {
    const language = name === 'code' ? /^language-(.+)$/.exec(attrs.class ?? '')?.[1] : undefined;
    return { type: SIMPLE_TAGS[name], ...(language ? { language } : {}) };
  }
  if (name === 'span' && attrs.class === 'tg-spoiler') return { type: 'spoiler' };
  if (name === 'a' && attrs.href !== undefined) return { type: 'text_link', url: attrs.href };
  if (name === 'blockquote') return { type: 'expandable' in attrs ? 'expandable_blockquote' : 'blockquote' };
  if (name === 'tg-emoji' && attrs['emoji-id'])
    return { type: 'custom_emoji', custom_emoji_id: attrs['emoji-id'] };
  return undefined;
}

function attributes(text: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const match of text.matchAll(ATTRIBUTE)) {
    attrs[match[1]!.toLowerCase()] = decodeAll(match[2] ?? match[3] ?? match[4] ?? '');
  }
  return attrs;
}

function decodeAll(text: string): string {
  return text.replace(
    /&(#[0-9]{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]+);/g,
    (whole, ref: string) => decodeReference(ref) ?? whole,
  );
}

function decodeReference(ref: string): string | undefined {
  if (ref.startsWith('#')) {
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
  }
  return NAMED_REFERENCES[ref.toLowerCase()];
}
