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
import { storeButtons } from '../store/repositories/index.js';
import { findCommand } from './catalog.js';

/** How long a button works after it was shown (README, "Buttons"). */
export const BUTTON_LIFETIME_DAYS = 30;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Stores each button's command under a short random id owned by `member`, and returns the reply
 * adapters render (follow-ups prepared the same way). Pressing a button later runs its command
 * through the chat core, as `member` only; with `member` null (a message to a whole channel), as
 * whoever presses it.
 */
export async function prepareReply(
  services: ServiceContext,
  member: User | null,
  draft: DraftReply,
): Promise<Reply> {
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
    await storeButtons(services.em, stored);
    reply.actions = actions.map((action, i) => ({
      id: stored[i]!.id,
      label: action.label,
      style: action.style ?? 'default',
    }));
  }
  if (followUps?.length)
    reply.followUps = await Promise.all(
      followUps.map((followUp) => prepareReply(services, member, followUp)),
    );
  return reply;
}
