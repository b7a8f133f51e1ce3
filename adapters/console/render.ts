/** Replies as a terminal shows them: markdown turned into ANSI, buttons as numbered choices. */
import type { Reply } from '../../src/ports/chat.js';

const BOLD = '\u001b[1m';
const ITALIC = '\u001b[3m';
const CYAN = '\u001b[36m';
const DIM = '\u001b[2m';
const RESET = '\u001b[0m';

/** The markdown subset as terminal text; with `color` false, the markers are simply dropped. */
export function renderText(text: string, color: boolean): string {
  const paint = (code: string) => (inner: string) => (color ? `${code}${inner}${RESET}` : inner);
  return text
    .replace(/\*\*(.+?)\*\*/g, (_m, inner: string) => paint(BOLD)(inner))
    .replace(
      /(^|[\s(])_(.+?)_(?=$|[\s.,;:!?)])/g,
      (_m, lead: string, inner: string) => lead + paint(ITALIC)(inner),
    )
    .replace(/`([^`]+)`/g, (_m, inner: string) => paint(CYAN)(inner))
    .replace(/\[([^\]]+)\]\((https?:\/\/[^)]+)\)/g, (_m, label: string, url: string) => `${label} (${url})`)
    .replace(/^- /gm, '  • ');
}

/** One reply for a person at a terminal: text, image and file notes, then numbered buttons. */
export function renderReply(
  reply: Reply,
  color: boolean,
  firstChoice = 1,
): { text: string; choices: string[] } {
  const lines = [renderText(reply.text, color)];
  const dim = (inner: string) => (color ? `${DIM}${inner}${RESET}` : inner);
  if (reply.image) lines.push(dim(`[image: ${reply.image.alt}]`));
  if (reply.file)
    lines.push(dim(`[file: ${reply.file.filename}, ${Buffer.byteLength(reply.file.content)} bytes]`));
  const choices = (reply.actions ?? []).map((action) => action.id);
  if (reply.actions?.length) {
    lines.push(reply.actions.map((action, i) => `[${firstChoice + i}] ${action.label}`).join('  '));
  }
  return { text: lines.join('\n'), choices };
}

/** One reply as a JSON line for scripts: images and files inline as base64 / text. */
export function replyJson(reply: Reply): string {
  return JSON.stringify(reply, function (this: Record<string, unknown>, key: string, value: unknown) {
    const original = this[key];
    return Buffer.isBuffer(original) ? original.toString('base64') : value;
  });
}
