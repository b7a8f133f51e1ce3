/**
 * Replies as Discord shows them: the text in an embed (the core's markdown subset is nearly
 * Discord's own), a chart as an attachment shown inside the embed, a file as an attachment, and
 * buttons in action rows. Pure: one platform-neutral message shape that the interaction replies
 * (handlers.ts) and the REST sends (outbound.ts) each turn into their own call.
 */
import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
} from 'discord.js';
import type { ActionStyle, Reply, ReplyAction } from '../../src/ports/chat.js';

/** Discord's limits: an embed's description, a button's label and custom_id, rows of a message. */
export const DESCRIPTION_LIMIT = 4096;
const LABEL_LIMIT = 80;
const CUSTOM_ID_LIMIT = 100;
const BUTTONS_PER_ROW = 5;
const MAX_ROWS = 5;
/** Stride's accent on the embed's edge. */
const EMBED_COLOR = 0x2f9e6e;
/** The chart's file name; the embed points at it as `attachment://chart.png`. */
export const CHART_FILENAME = 'chart.png';

/** A file to upload with a message. */
export interface DiscordFile {
  name: string;
  data: Buffer;
  contentType: string;
  /** Alt text, which Discord shows to screen readers. */
  description?: string;
}

/** One Discord message of a reply. */
export interface DiscordMessage {
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
  files: DiscordFile[];
  /** Only the person who asked sees it (interaction answers only: a channel message cannot be). */
  ephemeral: boolean;
}

/**
 * The messages for a reply, in order: the text in one embed per 4,096 characters, the chart inside
 * the first embed and the file beside it, the buttons under the last message (where the member's
 * eye ends up), then the follow-ups' messages. A reply with nothing to show gives no message.
 */
export function renderReply(reply: Reply): DiscordMessage[] {
  const ephemeral = reply.ephemeral ?? false;
  const descriptions = descriptionChunks(toDiscordMarkdown(reply.text));
  const messages: DiscordMessage[] = descriptions.map((description) => ({
    embeds: [{ description, color: EMBED_COLOR }],
    components: [],
    files: [],
    ephemeral,
  }));
  if (reply.image || reply.file) {
    if (messages.length === 0) messages.push({ embeds: [], components: [], files: [], ephemeral });
    const first = messages[0]!;
    if (reply.image) {
      first.files.push({
        name: CHART_FILENAME,
        data: reply.image.png,
        contentType: 'image/png',
        description: reply.image.alt.slice(0, 1024),
      });
      const embed = first.embeds[0] ?? { color: EMBED_COLOR };
      first.embeds = [{ ...embed, image: { url: `attachment://${CHART_FILENAME}` } }];
    }
    if (reply.file) {
      first.files.push({
        name: reply.file.filename,
        data: Buffer.from(reply.file.content, 'utf8'),
        contentType: reply.file.mimeType,
      });
    }
  }
  const rows = actionRows(reply.actions);
  if (rows.length > 0) {
    if (messages.length === 0) {
      // Buttons need a message to sit on; Discord refuses one with nothing else in it.
      messages.push({
        embeds: [{ description: '…', color: EMBED_COLOR }],
        components: [],
        files: [],
        ephemeral,
      });
    }
    messages.at(-1)!.components = rows;
  }
  return [...messages, ...(reply.followUps ?? []).flatMap(renderReply)];
}

// Code spans and links are set aside under placeholders while the rest is escaped, so nothing in
// them is touched. The private-use characters that mark the places are removed from the input
// first, so a member's text can never forge one.
const MARKERS = /[\uE000-\uE003]/g;
const CODE_SLOT = /\uE000(\d+)\uE001/g;
const LINK_SLOT = /\uE002(\d+)\uE003/g;

/**
 * Stride's markdown subset as Discord markdown. **bold**, _italic_, `code` and [label](https://…)
 * are Discord's too; "- " list lines become "• " lines. Discord markup Stride never means (strike
 * ~~, spoiler ||, quotes and headings at a line's start, escapes) is escaped, so a habit called
 * "||secret||" or "# 1" reads as typed.
 */
export function toDiscordMarkdown(markdown: string): string {
  const codes: string[] = [];
  const links: string[] = [];
  const text = markdown
    .replace(MARKERS, '')
    .replace(/`([^`\n]+)`/g, (_m, code: string) => `\uE000${codes.push(code) - 1}\uE001`)
    .replace(/\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)/g, (_m, label: string, url: string) => {
      return `\uE002${links.push(`[${escape(label)}](${url})`) - 1}\uE003`;
    });
  return escape(text)
    .replace(/^- /gm, '• ')
    .replace(/^(\s*)(#{1,3}\s|>|-#\s)/gm, '$1\\$2')
    .replace(LINK_SLOT, (_m, i: string) => links[Number(i)]!)
    .replace(CODE_SLOT, (_m, i: string) => `\`${codes[Number(i)]!}\``);
}

function escape(text: string): string {
  return text.replace(/[\\~|]/g, '\\$&');
}

/**
 * Text as embed descriptions that each fit Discord's limit: whole lines where they fit, long lines
 * cut between words, and words longer than a description cut anywhere. Blank text gives none.
 */
export function descriptionChunks(text: string, limit = DESCRIPTION_LIMIT): string[] {
  if (text.trim() === '') return [];
  const chunks: string[] = [];
  let current = '';
  for (const piece of text.split('\n').flatMap((line) => fitLine(line, limit))) {
    if (current && current.length + 1 + piece.length > limit) {
      chunks.push(current);
      current = piece;
    } else {
      current = current ? `${current}\n${piece}` : piece;
    }
  }
  if (current) chunks.push(current);
  return chunks.filter((chunk) => chunk.trim() !== '');
}

/** A line cut into pieces of at most `limit`, between words where it can be. */
function fitLine(line: string, limit: number): string[] {
  if (line.length <= limit) return [line];
  const pieces: string[] = [];
  let current = '';
  for (const word of line.split(' ')) {
    const parts = word.length <= limit ? [word] : (word.match(new RegExp(`[\\s\\S]{1,${limit}}`, 'g')) ?? []);
    for (const part of parts) {
      if (current && current.length + 1 + part.length > limit) {
        pieces.push(current);
        current = part;
      } else {
        current = current ? `${current} ${part}` : part;
      }
    }
  }
  if (current) pieces.push(current);
  return pieces;
}

const STYLES: Record<ActionStyle, ButtonStyle.Primary | ButtonStyle.Danger | ButtonStyle.Secondary> = {
  primary: ButtonStyle.Primary,
  danger: ButtonStyle.Danger,
  default: ButtonStyle.Secondary,
};

/** The reply's buttons, five a row and five rows at most; each button's custom_id is the action's id. */
export function actionRows(
  actions: readonly ReplyAction[] | undefined,
): APIActionRowComponent<APIButtonComponent>[] {
  // The core's ids are short; one that Discord would refuse must not sink the whole message.
  const usable = (actions ?? [])
    .filter((action) => action.id.length >= 1 && action.id.length <= CUSTOM_ID_LIMIT)
    .slice(0, BUTTONS_PER_ROW * MAX_ROWS);
  const rows: APIActionRowComponent<APIButtonComponent>[] = [];
  for (let i = 0; i < usable.length; i += BUTTONS_PER_ROW) {
    rows.push({
      type: ComponentType.ActionRow,
      components: usable.slice(i, i + BUTTONS_PER_ROW).map((action) => ({
        type: ComponentType.Button,
        style: STYLES[action.style],
        label: action.label.slice(0, LABEL_LIMIT) || '…',
        custom_id: action.id,
      })),
    });
  }
  return rows;
}

/** What a message's text reads as, markup aside: for logs and tests. */
export function plainTextOf(message: DiscordMessage): string {
  return message.embeds.map((embed) => embed.description ?? '').join('\n');
}
