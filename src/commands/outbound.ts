/**
 * The outbound seam: a drafted reply (buttons naming the command they run) made sendable (buttons
 * with opaque ids, stored in chat_actions and owned by one member). The chat core prepares every
 * answer this way; anything else that starts a message itself (reminders, alerts, reviews, nudges)
 * prepares it here too and sends it through the member's platform Messenger, so that its buttons
 * work exactly like the buttons of an answer: only for their owner, for BUTTON_LIFETIME_DAYS, and a
 * confirmation only once.
 */
import { randomBytes } from 'node:crypto';
import { tokenize } from '../language/tokens.js';
import type { DraftReply, Reply } from '../ports/chat.js';
import type { ServiceContext } from '../services/context.js';
import type { User } from '../store/entities/index.js';
import { storeButtons, type NewButton } from '../store/repositories/index.js';
import { findCommand } from './catalog.js';

/** How long a button works after it was shown (README, "Buttons"). */
export const BUTTON_LIFETIME_DAYS = 30;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Stores each button's command under a short random id owned by `member`, and returns the reply
 * adapters render (follow-ups prepared the same way), all buttons in one statement. Pressing a
 * button later runs its command through the chat core, as `member` only; with `member` null (a
 * message to a whole channel), as whoever presses it.
 */
export async function prepareReply(
  services: ServiceContext,
  member: User | null,
  draft: DraftReply,
): Promise<Reply> {
  const { reply, buttons } = sendableReply(services, member, draft);
  await storeButtons(services.em, buttons);
  return reply;
}

/**
 * The reply prepareReply returns and the buttons it stores, for a caller that stores them in a
 * statement of its own (the chat core, with the reply's record): they must be stored before the
 * reply is shown.
 */
export function sendableReply(
  services: ServiceContext,
  member: User | null,
  draft: DraftReply,
): { reply: Reply; buttons: NewButton[] } {
  const buttons: NewButton[] = [];
  return { reply: withButtonIds(services, member, draft, buttons), buttons };
}

/** The draft with opaque button ids, its follow-ups too; each button made is added to `buttons`. */
function withButtonIds(
  services: ServiceContext,
  member: User | null,
  draft: DraftReply,
  buttons: NewButton[],
): Reply {
  const { actions, followUps, ...rest } = draft;
  const reply: Reply = { ...rest };
  if (actions?.length) {
    const now = services.now();
    const expiresAt = new Date(now.getTime() + BUTTON_LIFETIME_DAYS * DAY_MS);
    const stored = actions.map((action) => ({
      id: randomBytes(8).toString('base64url'),
      owner: member,
      command: action.command,
      expiresAt,
      // A hidden command is a confirmation (delete, forget-me, create a plan): one press, one run.
      singleUse: findCommand(tokenize(action.command), true)?.command.hidden === true,
      createdAt: now,
      updatedAt: now,
    }));
    buttons.push(...stored);
    reply.actions = actions.map((action, i) => ({
      id: stored[i]!.id,
      label: action.label,
      style: action.style ?? 'default',
    }));
  }
  if (followUps?.length)
    reply.followUps = followUps.map((followUp) => withButtonIds(services, member, followUp, buttons));
  return reply;
}

/** The reply without its buttons (and its follow-ups' buttons): for when they could not be stored. */
export function withoutButtons(reply: Reply): Reply {
  const { actions: _actions, followUps, ...rest } = reply;
  return followUps ? { ...rest, followUps: followUps.map(withoutButtons) } : rest;
}
