/**
 * Who is asking, read on every chat message and API request: plain SQL joined to the member's row
 * and mapped into the context's identity map, since the ORM's query building costs several times
 * the round trip on this path (issue 16).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { User } from '../entities/index.js';
import { queryPrepared } from '../prepared.js';

type UserRow = Record<string, unknown>;

/**
 * A write that rides along with a lookup in the same statement, done only when the row found is
 * older than `staleBefore` (bookkeeping that a write per request would waste).
 */
export interface Touch {
  now: Date;
  staleBefore: Date;
}

/**
 * The member behind a platform account, or null. With `privateChannel` (the message came in a
 * direct conversation), the identity keeps that channel and when it was used, in the same
 * statement: the update is made only when the channel changed or its time is older than
 * `staleBefore`.
 */
export async function findAccount(
  em: EntityManager,
  account: { platform: string; workspace: string; platformUserId: string },
  privateChannel?: { channel: string } & Touch,
): Promise<User | null> {
  const lookup = `select i.id as identity_id, u.*
     from identities i join users u on u.id = i.user_id
     where i.platform = ? and i.workspace = ? and i.platform_user_id = ?`;
  const key = [account.platform, account.workspace, account.platformUserId];
  const [row] = await queryPrepared<UserRow & { identity_id: string }>(
    em,
    privateChannel
      ? `with found as (${lookup}),
         touched as (
           update identities set dm_channel = ?, private_at = ?
           where id = (select identity_id from found)
             and (dm_channel is distinct from ? or private_at is null or private_at < ?)
         )
         select * from found`
      : lookup,
    privateChannel
      ? [
          ...key,
          privateChannel.channel,
          privateChannel.now,
          privateChannel.channel,
          privateChannel.staleBefore,
        ]
      : key,
  );
  if (!row) return null;
  const { identity_id: _identity, ...user } = row;
  return em.map(User, user);
}

/**
 * The member an API token (by its hash) belongs to, or null; the token's last use is recorded in
 * the same statement when the one recorded is older than `staleBefore`.
 */
export async function findTokenOwner(
  em: EntityManager,
  tokenHash: string,
  touch: Touch,
): Promise<User | null> {
  const [row] = await queryPrepared<UserRow & { token_id: string }>(
    em,
    `with found as (
       select t.id as token_id, u.*
       from api_tokens t join users u on u.id = t.user_id where t.token_hash = ?
     ),
     touched as (
       update api_tokens set last_used_at = ?
       where id = (select token_id from found) and (last_used_at is null or last_used_at < ?)
     )
     select * from found`,
    [tokenHash, touch.now, touch.staleBefore],
  );
  if (!row) return null;
  const { token_id: _token, ...user } = row;
  return em.map(User, user);
}
