/**
 * A Reply as a Block Kit message: its text in mrkdwn sections, notes in a context line, and its
 * buttons in actions blocks. Images and files are not blocks: they are uploaded (see ../outbound.ts).
 */
import type { types } from '@slack/bolt';
import type { Reply, ReplyAction } from '../../src/ports/chat.js';
import { toMrkdwn, toPlainText } from './presenters/mrkdwn.js';

/** Every Stride button's action_id starts with this; the rest is the core's ReplyAction id. */
export const ACTION_PREFIX = 'stride:';

// Slack's limits: 3,000 characters per section text, 75 per button label, 10 context elements.
const SECTION_LIMIT = 3000;
const LABEL_LIMIT = 75;
const CONTEXT_LIMIT = 10;
// Slack allows 25 buttons per actions block; rows of five stay readable on a phone.
const BUTTONS_PER_ROW = 5;
const MAX_ROWS = 5;

/** The fields chat.postMessage, respond() and an ack body share. */
export interface SlackMessage {
  /** Plain text: the notification and screen-reader fallback of the blocks. */
  text: string;
  blocks: types.KnownBlock[];
}

/** A reply as one message; `notes` (markdown) become a context line, e.g. where its chart went. */
export function replyMessage(reply: Reply, notes: string[] = []): SlackMessage {
  const blocks = [...textBlocks(reply.text), ...contextBlocks(notes), ...actionBlocks(reply.actions ?? [])];
  // Slack refuses a message with neither text nor blocks.
  return { text: toPlainText(reply.text) || '…', blocks };
}

/** Markdown as mrkdwn sections, split at line ends to stay under Slack's section limit. */
export function textBlocks(markdown: string): types.SectionBlock[] {
  const mrkdwn = toMrkdwn(markdown).trim();
  if (!mrkdwn) return [];
  const chunks: string[] = [];
  let current = '';
  for (const line of mrkdwn.split('\n')) {
    for (const piece of slices(line, SECTION_LIMIT)) {
      if (current && current.length + 1 + piece.length > SECTION_LIMIT) {
        chunks.push(current);
        current = piece;
      } else {
        current = current ? `${current}\n${piece}` : piece;
      }
    }
  }
  if (current) chunks.push(current);
  return chunks.map((text) => ({ type: 'section', text: { type: 'mrkdwn', text } }));
}

/** Small print under a message: one context block of up to ten mrkdwn elements. */
export function contextBlocks(notes: string[]): types.ContextBlock[] {
  const elements = notes
    .filter(Boolean)
    .slice(0, CONTEXT_LIMIT)
    .map((note) => ({ type: 'mrkdwn' as const, text: toMrkdwn(note).slice(0, SECTION_LIMIT) }));
  return elements.length ? [{ type: 'context', elements }] : [];
}

/**
 * Buttons in rows of five. The action_id carries the prefix that routes presses back to Stride;
 * the value is the core's action id, which the core checks against the person who pressed it.
 * `blockPrefix` keeps block ids unique when a view holds several replies.
 */
export function actionBlocks(actions: ReplyAction[], blockPrefix = 'stride'): types.ActionsBlock[] {
  const rows: types.ActionsBlock[] = [];
  const shown = actions.slice(0, BUTTONS_PER_ROW * MAX_ROWS);
  for (let start = 0; start < shown.length; start += BUTTONS_PER_ROW) {
    rows.push({
      type: 'actions',
      block_id: `${blockPrefix}-actions-${rows.length}`,
      elements: shown.slice(start, start + BUTTONS_PER_ROW).map(button),
    });
  }
  return rows;
}

function button(action: ReplyAction): types.Button {
  return {
    type: 'button',
    action_id: `${ACTION_PREFIX}${action.id}`,
    value: action.id,
    text: { type: 'plain_text', text: action.label.slice(0, LABEL_LIMIT), emoji: true },
    // Slack has no "default" style: leaving it out is the default look.
    ...(action.style === 'default' ? {} : { style: action.style }),
  };
}

function slices(text: string, size: number): string[] {
  if (text.length <= size) return [text];
  const parts: string[] = [];
  for (let start = 0; start < text.length; start += size) parts.push(text.slice(start, start + size));
  return parts;
}
