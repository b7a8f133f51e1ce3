/** Queries over handled platform events: the claim that makes a delivery run once. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { HandledEvent } from '../entities/index.js';
import { queryPrepared, type StatementPart } from '../prepared.js';
import { buttonsInsert, type NewButton } from './chat-actions.js';

/** A delivery, known by platform, workspace, sender and the platform's event id together. */
export interface DeliveryKey {
  platform: string;
  workspace: string;
  sender: string;
  eventId: string;
}

/**
 * Claims a delivery under the new row id `id`: true for the one caller that inserted it, false for
 * every other (a repeat, or a concurrent copy), atomically through the
 * `handled_events_platform_workspace_sender_event_id_unique` constraint.
 */
export async function claimDelivery(
  em: EntityManager,
  key: DeliveryKey,
  id: string,
  now: Date,
): Promise<boolean> {
  const insert = claimInsert(key, id, now);
  const inserted = await queryPrepared<{ id: string }>(em, insert.sql, insert.params);
  return inserted.length === 1;
}

/**
 * The INSERT that claims a delivery (see claimDelivery), returning the new id only for the caller
 * that won: a statement of its own, or a CTE of the member lookup (findAccountClaiming).
 */
export function claimInsert(key: DeliveryKey, id: string, now: Date): StatementPart {
  return {
    sql: `insert into handled_events (id, platform, workspace, sender, event_id, reply, created_at, updated_at)
     values (?, ?, ?, ?, ?, null, ?, ?) on conflict (platform, workspace, sender, event_id) do nothing returning id`,
    params: [id, key.platform, key.workspace, key.sender, key.eventId, now, now],
  };
}

/**
 * The stored reply of a claimed delivery, read fresh from the database (never from `em`'s identity
 * map, so polling sees the first delivery's reply once it is recorded); null while the first
 * delivery is still running or when there is no claim. Served by the same unique constraint.
 */
export async function replyOf(em: EntityManager, key: DeliveryKey): Promise<Record<string, unknown> | null> {
  const claim = await em.fork().findOne(HandledEvent, key);
  return claim?.reply ?? null;
}

/**
 * Stores the reply of the claim `id` (by primary key), for the repeats of its delivery, owned by
 * the member its sender belongs to now, so that forget-me erases it with them. Looked up here
 * rather than taken from the caller: the delivery may have removed its member (forget-me's own
 * confirmation: no owner then) or merged them into another (`link <code>`: the one they joined).
 * The reply's buttons, when given, are stored by the same statement: one round trip for both.
 */
export async function storeReply(
  em: EntityManager,
  id: string,
  reply: Record<string, unknown>,
  now: Date,
  buttons: NewButton[] = [],
): Promise<void> {
  const insert = buttons.length > 0 ? buttonsInsert(buttons) : undefined;
  await queryPrepared(
    em,
    `${insert ? `with buttons as (${insert.sql}) ` : ''}update handled_events h set reply = ?::jsonb, updated_at = ?,
       user_id = (select i.user_id from identities i
                  where i.platform = h.platform and i.workspace = h.workspace and i.platform_user_id = h.sender)
     where h.id = ?`,
    [...(insert?.params ?? []), JSON.stringify(reply), now, id],
  );
}

/** Drops the claim `id` if it has no reply yet, so that a retry of a failed delivery runs again. */
export async function releaseClaim(em: EntityManager, id: string): Promise<void> {
  await em.nativeDelete(HandledEvent, { id, reply: null });
}
