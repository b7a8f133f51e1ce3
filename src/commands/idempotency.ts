/**
 * A platform retry or a re-delivered update never runs twice: the first delivery of an event id
 * claims it, and any repeat gets the first delivery's reply. A delivery is known by platform,
 * workspace, sender and event id together: event ids are the platform's, not secrets, so one
 * sender repeating another's id must get their own answer, never the other's stored reply.
 */
import { randomUUID } from 'node:crypto';
import {
  claimInsert,
  releaseClaim,
  replyOf,
  storeReply,
  type DeliveryKey,
  type NewButton,
} from '../store/repositories/index.js';
import type { ServiceContext } from '../services/context.js';
import { findMemberClaiming, type PlatformAccount } from '../services/identities.js';
import type { Habit, User } from '../store/entities/index.js';
import type { Invocation, Reply } from '../ports/chat.js';

/**
 * The first delivery's claim, with the sender's member (null: none yet) and their live habits, read
 * by the same statement; or a repeat's reply.
 */
export type Claim =
  | { kind: 'first'; id: string; member: User | null; habits: Habit[] | null }
  | { kind: 'repeat'; reply: Reply };

const WAIT_FOR_FIRST_MS = 5000;

/**
 * Claims a delivery (its event id, from its sender, whose `account` is looked up by the same
 * statement); a repeat waits briefly for the first delivery's reply.
 */
export async function claimEvent(
  ctx: ServiceContext,
  invocation: Pick<Invocation, 'platform' | 'workspace' | 'user' | 'eventId'>,
  account: PlatformAccount,
): Promise<Claim> {
  const id = randomUUID();
  const now = ctx.now();
  const key: DeliveryKey = {
    platform: invocation.platform,
    workspace: invocation.workspace,
    sender: invocation.user.id,
    eventId: invocation.eventId ?? '',
  };
  const { claimed, user, habits } = await findMemberClaiming(ctx, account, claimInsert(key, id, now));
  if (claimed) return { kind: 'first', id, member: user, habits };
  const deadline = Date.now() + WAIT_FOR_FIRST_MS;
  while (Date.now() < deadline) {
    const reply = await replyOf(ctx.em, key);
    if (reply) return { kind: 'repeat', reply: decode(reply) };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { kind: 'repeat', reply: { text: 'Already on it — this message arrived twice.', ephemeral: true } };
}

/**
 * Keeps what repeats of the first delivery get: its reply, or its command's stand-in where the
 * reply must not be kept (CommandDefinition.repeatReply). Owned by the sender's member (storeReply).
 */
export async function recordReply(
  ctx: ServiceContext,
  id: string,
  reply: Reply,
  buttons: NewButton[] = [],
): Promise<void> {
  await storeReply(ctx.em, id, encode(reply) as Record<string, unknown>, ctx.now(), buttons);
}

/** Lets a failed first delivery be retried: its claim is dropped. */
export async function releaseEvent(ctx: ServiceContext, id: string): Promise<void> {
  await releaseClaim(ctx.em, id);
}

// Images are Buffers; JSON keeps them as base64. (The replacer reads the holder: JSON.stringify
// has already turned a Buffer into {type, data} by the time the value reaches it.)
function encode(reply: Reply): unknown {
  return JSON.parse(
    JSON.stringify(reply, function (this: Record<string, unknown>, key: string, value: unknown) {
      const original = this[key];
      return Buffer.isBuffer(original) ? { $png: original.toString('base64') } : value;
    }),
  );
}

function decode(stored: Record<string, unknown>): Reply {
  return JSON.parse(JSON.stringify(stored), (_key, value: unknown) =>
    value && typeof value === 'object' && '$png' in value
      ? Buffer.from(String((value as { $png: string }).$png), 'base64')
      : value,
  ) as Reply;
}
