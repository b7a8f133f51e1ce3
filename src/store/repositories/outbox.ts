/**
 * The outbox's queries: enqueue (idempotent by dedupe key), claim what is due for delivery
 * (`FOR UPDATE SKIP LOCKED`, so racing deliverers never take the same row), and settle each row.
 */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { DraftReply } from '../../ports/chat.js';
import type { OutboxChannel, OutboxStatus } from '../entities/index.js';
import { dateOf } from './rows.js';

/** A message for the outbox. */
export interface NewOutboxMessage {
  /** The member it is for; null for a channel-only message. */
  userId: string | null;
  channel?: OutboxChannel;
  kind: string;
  /** Unique across the outbox: a second message with the same key is not enqueued. */
  dedupeKey: string;
  reply: DraftReply;
  /** Not sent before this instant (quiet hours); now when unset. */
  notBefore?: Date;
}

/** A reply's image as JSON holds it: the PNG in base64 (a Buffer would become a list of bytes). */
type StoredReply = Omit<DraftReply, 'image' | 'followUps'> & {
  image?: { png: string; alt: string };
  followUps?: StoredReply[];
};

function storedReply({ image, followUps, ...rest }: DraftReply): StoredReply {
  return {
    ...rest,
    ...(image && { image: { png: image.png.toString('base64'), alt: image.alt } }),
    ...(followUps && { followUps: followUps.map(storedReply) }),
  };
}

function revivedReply({ image, followUps, ...rest }: StoredReply): DraftReply {
  return {
    ...rest,
    ...(image && { image: { png: Buffer.from(image.png, 'base64'), alt: image.alt } }),
    ...(followUps && { followUps: followUps.map(revivedReply) }),
  };
}

/**
 * Enqueues messages in one INSERT; a key already in the outbox is skipped by the database itself
 * (ON CONFLICT DO NOTHING), never by a read first. Returns the keys actually enqueued.
 */
export async function enqueueMessages(
  em: EntityManager,
  messages: readonly NewOutboxMessage[],
  now: Date,
): Promise<string[]> {
  if (!messages.length) return [];
  const rows = messages.map((message) => ({
    id: randomUUID(),
    user_id: message.userId,
    channel: message.channel ?? null,
    kind: message.kind,
    dedupe_key: message.dedupeKey,
    reply: storedReply(message.reply),
    next_attempt_at: (message.notBefore && message.notBefore > now ? message.notBefore : now).toISOString(),
  }));
  // em.execute runs in the caller's transaction, if any: a scan marks and enqueues atomically.
  const inserted = await em.execute<{ dedupe_key: string }[]>(
    `insert into outbox (id, user_id, channel, kind, dedupe_key, reply, status, attempts, next_attempt_at, created_at, updated_at)
     select m.id, m.user_id, m.channel, m.kind, m.dedupe_key, m.reply, 'queued', 0, m.next_attempt_at, ?, ?
     from jsonb_to_recordset(?::jsonb) as m(id uuid, user_id uuid, channel jsonb, kind text, dedupe_key text, reply jsonb, next_attempt_at timestamptz)
     on conflict (dedupe_key) do nothing
     returning dedupe_key`,
    [now, now, JSON.stringify(rows)],
  );
  return inserted.map((row) => row.dedupe_key);
}

/** A row taken for delivery. */
export interface ClaimedMessage {
  id: string;
  userId: string | null;
  channel: OutboxChannel | null;
  kind: string;
  dedupeKey: string;
  reply: DraftReply;
  attempts: number;
}

/**
 * Takes up to `limit` due rows for delivery, holding each until `holdUntil`: a deliverer that dies
 * mid-send leaves its rows to be taken again after that, never locked for good.
 */
export async function claimDueMessages(
  em: EntityManager,
  now: Date,
  holdUntil: Date,
  limit: number,
): Promise<ClaimedMessage[]> {
  const rows = await em.getConnection().execute<
    {
      id: string;
      user_id: string | null;
      channel: OutboxChannel | null;
      kind: string;
      dedupe_key: string;
      reply: StoredReply;
      attempts: number;
    }[]
  >(
    `update outbox set locked_until = ?, updated_at = ?
     where id in (
       select id from outbox
       where status in ('queued', 'failed') and next_attempt_at <= ?
         and (locked_until is null or locked_until <= ?)
       order by next_attempt_at
       limit ?
       for update skip locked)
     returning id, user_id, channel, kind, dedupe_key, reply, attempts`,
    [holdUntil, now, now, now, limit],
  );
  return rows.map((row) => ({
    id: row.id,
    userId: row.user_id,
    channel: row.channel,
    kind: row.kind,
    dedupeKey: row.dedupe_key,
    reply: revivedReply(row.reply),
    attempts: row.attempts,
  }));
}

/** Records a delivered message. */
export async function markSent(em: EntityManager, id: string, platform: string, now: Date): Promise<void> {
  await em.getConnection().execute(
    `update outbox set status = 'sent', platform = ?, sent_at = ?, attempts = attempts + 1,
       locked_until = null, last_error = null, updated_at = ? where id = ?`,
    [platform, now, now, id],
  );
}

/** Records a failed attempt: tried again at `retryAt`, or dead when `retryAt` is null. */
export async function markFailed(
  em: EntityManager,
  id: string,
  failure: { platform: string | null; error: string; retryAt: Date | null },
  now: Date,
): Promise<OutboxStatus> {
  const status: OutboxStatus = failure.retryAt ? 'failed' : 'dead';
  await em.getConnection().execute(
    `update outbox set status = ?, platform = coalesce(?, platform), attempts = attempts + 1,
       next_attempt_at = coalesce(?, next_attempt_at), last_error = ?, locked_until = null, updated_at = ?
     where id = ?`,
    [status, failure.platform, failure.retryAt, failure.error.slice(0, 2000), now, id],
  );
  return status;
}

/** Outbox rows by status, for operators and /metrics. */
export async function outboxCounts(em: EntityManager): Promise<Record<OutboxStatus, number>> {
  const rows = await em
    .getConnection()
    .execute<{ status: OutboxStatus; n: number }[]>(
      `select status, count(*)::int as n from outbox group by status`,
    );
  const counts: Record<OutboxStatus, number> = { queued: 0, sent: 0, failed: 0, dead: 0 };
  for (const row of rows) counts[row.status] = row.n;
  return counts;
}

/** An outbox row as operators see it. */
export interface OutboxRow {
  id: string;
  status: OutboxStatus;
  kind: string;
  dedupeKey: string;
  platform: string | null;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  createdAt: Date;
}

/** The newest rows not yet sent (queued, failed, dead), or only the dead ones. */
export async function listUnsent(
  em: EntityManager,
  options: { deadOnly: boolean; limit: number },
): Promise<OutboxRow[]> {
  const rows = await em.getConnection().execute<
    {
      id: string;
      status: OutboxStatus;
      kind: string;
      dedupe_key: string;
      platform: string | null;
      attempts: number;
      next_attempt_at: Date;
      last_error: string | null;
      created_at: Date;
    }[]
  >(
    `select id, status, kind, dedupe_key, platform, attempts, next_attempt_at, last_error, created_at
     from outbox where status in (${options.deadOnly ? `'dead'` : `'queued', 'failed', 'dead'`})
     order by created_at desc, id limit ?`,
    [options.limit],
  );
  return rows.map((row) => ({
    id: row.id,
    status: row.status,
    kind: row.kind,
    dedupeKey: row.dedupe_key,
    platform: row.platform,
    attempts: row.attempts,
    nextAttemptAt: dateOf(row.next_attempt_at),
    lastError: row.last_error,
    createdAt: dateOf(row.created_at),
  }));
}

/** Queues a failed or dead message again, with its attempts reset; false when no such unsent row. */
export async function requeueMessage(em: EntityManager, id: string, now: Date): Promise<boolean> {
  const rows = await em.getConnection().execute<{ id: string }[]>(
    `update outbox set status = 'queued', attempts = 0, next_attempt_at = ?, locked_until = null, updated_at = ?
     where id = ? and status in ('failed', 'dead') returning id`,
    [now, now, id],
  );
  return rows.length === 1;
}

/**
 * Takes a member's console inbox: what was delivered to the console and not read yet, plus, when
 * the console is where the member is reached, what is due and not yet delivered (no server needs
 * to run for the console). Marks them read; oldest first.
 */
export async function takeInbox(
  em: EntityManager,
  userId: string,
  includeUndelivered: boolean,
  now: Date,
): Promise<{ reply: DraftReply; createdAt: Date }[]> {
  const rows = await em.getConnection().execute<{ reply: StoredReply; created_at: Date | string }[]>(
    `update outbox set status = 'sent', platform = 'console', sent_at = coalesce(sent_at, ?), read_at = ?,
       locked_until = null, updated_at = ?
     where id in (
       select id from outbox
       where user_id = ? and read_at is null
         and ((status = 'sent' and platform = 'console')
              or (? and status in ('queued', 'failed') and next_attempt_at <= ?
                  and (locked_until is null or locked_until <= ?)))
       for update skip locked)
     returning reply, created_at`,
    [now, now, now, userId, includeUndelivered, now, now],
  );
  return rows
    .map((row) => ({ reply: revivedReply(row.reply), createdAt: dateOf(row.created_at) }))
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}
