/**
 * Who is asking, read on every chat message and API request: plain SQL joined to the member's row
 * and mapped into the context's identity map, since the ORM's query building costs several times
 * the round trip on this path (issue 16).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { User } from '../entities/index.js';
import { dateOf } from './rows.js';

/** What resolving a platform account needs of its identity row. */
export interface KnownIdentity {
  id: string;
  platform: string;
  dmChannel: string | null;
  privateAt: Date | null;
}

type UserRow = Record<string, unknown>;

/** The member behind a platform account, with the identity's private-channel bookkeeping; or null. */
export async function findAccount(
  em: EntityManager,
  account: { platform: string; workspace: string; platformUserId: string },
): Promise<{ user: User; identity: KnownIdentity } | null> {
  const [row] = await em.execute<
    (UserRow & {
      identity_id: string;
      identity_dm_channel: string | null;
      identity_private_at: Date | string | null;
    })[]
  >(
    `select i.id as identity_id, i.dm_channel as identity_dm_channel, i.private_at as identity_private_at, u.*
     from identities i join users u on u.id = i.user_id
     where i.platform = ? and i.workspace = ? and i.platform_user_id = ?`,
    [account.platform, account.workspace, account.platformUserId],
  );
  if (!row) return null;
  const { identity_id: id, identity_dm_channel: dmChannel, identity_private_at: privateAt, ...user } = row;
  return {
    user: em.map(User, user),
    identity: { id, platform: account.platform, dmChannel, privateAt: dateOf(privateAt) },
  };
}

/** The member an API token (by its hash) belongs to, with when the token was last used; or null. */
export async function findTokenOwner(
  em: EntityManager,
  tokenHash: string,
): Promise<{ user: User; tokenId: string; lastUsedAt: Date | null } | null> {
  const [row] = await em.execute<
    (UserRow & { token_id: string; token_last_used_at: Date | string | null })[]
  >(
    `select t.id as token_id, t.last_used_at as token_last_used_at, u.*
     from api_tokens t join users u on u.id = t.user_id where t.token_hash = ?`,
    [tokenHash],
  );
  if (!row) return null;
  const { token_id: tokenId, token_last_used_at: lastUsedAt, ...user } = row;
  return { user: em.map(User, user), tokenId, lastUsedAt: dateOf(lastUsedAt) };
}
