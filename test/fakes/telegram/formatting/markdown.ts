/**
 * Legacy parse_mode Markdown (https://core.telegram.org/bots/api#markdown-style): *bold*, _italic_,
 * `code`, ```pre```, [text](url); no nesting, and only _ * ` [ can be escaped. An unpaired marker
 * fails the send: "Can't find end of the entity starting at byte offset N".
 */
import type { MessageEntity } from 'telegraf/types';
import { FormattingError, Output, byteOffset } from './output.js';

const MARKERS: Record<string, string> = { '*': 'bold', _: 'italic' };

export function parseMarkdown(source: string): { text: string; entities: MessageEntity[] } {
  const out = new Output();
  let i = 0;
  while (i < source.length) {
    const char = source[i]!;
    if (char === '\\' && '_*`['.includes(source[i + 1] ?? '')) {
      out.text += source[i + 1];
      i += 2;
      continue;
    }
    const type = MARKERS[char];
    const fence = source.startsWith('```', i) ? '```' : char === '`' ? '`' : undefined;
    if (type || fence) {
      const marker = fence ?? char;
      const end = source.indexOf(marker, i + marker.length);
      if (end < 0) throw notClosed(source, i);
      let content = source.slice(i + marker.length, end);
      let language: string | undefined;
      if (marker === '```') {
        const newline = content.indexOf('\n');
        const firstLine = newline < 0 ? '' : content.slice(0, newline);
        if (/^\S+$/.test(firstLine)) language = firstLine;
        if (language !== undefined || firstLine === '') content = content.slice(newline + 1);
      }
      const start = out.text.length;
      out.text += content;
      out.close(start, {
        type: type ?? (marker === '`' ? 'code' : 'pre'),
        ...(language ? { language } : {}),
      });
      i = end + marker.length;
    } else if (char === '[') {
      const link = /^\[([^\]]*)\]\(([^)]*)\)/.exec(source.slice(i));
      if (!link) throw notClosed(source, i);
      const start = out.text.length;
      out.text += link[1];
      out.close(start, { type: 'text_link', url: link[2] });
      i += link[0].length;
    } else {
      out.text += char;
      i += 1;
    }
  }
  return out.result();
}

function notClosed(source: string, at: number): FormattingError {
  return new FormattingError(
    `Can't find end of the entity starting at byte offset ${byteOffset(source, at)}`,
  );
}
