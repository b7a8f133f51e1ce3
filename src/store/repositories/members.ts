/**
 * Who is asking, read on every chat message and API request: plain SQL joined to the member's row
 * and mapped into the context's identity map, since the ORM's query building costs several times
 * the round trip on this path (issue 16).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { Habit, User } from '../entities/index.js';
import { entityOfRow } from '../rows.js';
import { queryPrepared, type StatementPart } from '../prepared.js';
import { liveHabitsJson } from './habits.js';

type UserRow = Record<string, unknown>;
type HabitRow = Record<string, unknown>;
type FoundRow = UserRow & { identity_id: string | null };

/**
 * A write that rides along with a lookup in the same statement, done only when the row found is
 * older than `staleBefore` (bookkeeping that a write per request would waste).
 */
export interface Touch {
  now: Date;
  staleBefore: Date;
}

/** A platform account, as identities key it. */
export interface AccountKey {
  platform: string;
  workspace: string;
  platformUserId: string;
}

/** The direct conversation a message came in, kept on the identity when it changed or went stale. */
export type PrivateChannelTouch = { channel: string } & Touch;

/**
 * The member behind a platform account, or null. With `privateChannel` (the message came in a
 * direct conversation), the identity keeps that channel and when it was used, in the same
 * statement: the update is made only when the channel changed or its time is older than
 * `staleBefore`.
 */
export async function findAccount(
  em: EntityManager,
  account: AccountKey,
  privateChannel?: PrivateChannelTouch,
): Promise<User | null> {
  const query = accountQuery(account, privateChannel);
  const [row] = await queryPrepared<FoundRow>(em, query.sql, query.params);
  if (!row) return null;
  const { identity_id: _identity, ...user } = row;
  return entityOfRow(em, User, user);
}

/**
 * findAccount and a claim (`claim`: an INSERT … RETURNING that yields a row only for the caller
 * that won, such as a delivery's claimInsert) in one statement, so the chat's hot path resolves its
 * sender and claims the delivery in one round trip (issue 16). The identity is touched only when
 * the claim was won; `user` is null when the account has no member yet. The winner also gets the
 * member's live habits, oldest first (as findHabitsOf reads them), which nearly every command
 * looks its habit up in; null when the claim was lost or there is no member.
 */
export async function findAccountClaiming(
  em: EntityManager,
  claim: StatementPart,
  account: AccountKey,
  privateChannel?: PrivateChannelTouch,
): Promise<{ claimed: boolean; user: User | null; habits: Habit[] | null }> {
  const query = accountQuery(account, privateChannel, claim);
  const [row] = await queryPrepared<FoundRow & { claimed_: boolean; habits_: HabitRow[] | null }>(
    em,
    query.sql,
    query.params,
  );
  // Without a member the lookup's columns are all null (the left join keeps the claim's answer).
  const { claimed_: claimed, habits_: habits, identity_id: identity, ...user } = row!;
  if (!identity) return { claimed, user: null, habits: null };
  // json_agg gives each habit's columns as the row itself does (timestamps are read as text either
  // way), so they map alike.
  return {
    claimed,
    user: entityOfRow(em, User, user),
    habits: habits && habits.map((habit) => entityOfRow(em, Habit, habit)),
  };
}

/** The lookup behind findAccount and findAccountClaiming: the identity's id and the member's row. */
function accountQuery(
  account: AccountKey,
  privateChannel?: PrivateChannelTouch,
  claim?: StatementPart,
): StatementPart {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (claim) {
    parts.push(`claimed as (${claim.sql})`);
    params.push(...claim.params);
  }
  parts.push(`found as (
    select i.id as identity_id, u.* from identities i join users u on u.id = i.user_id
    where i.platform = ? and i.workspace = ? and i.platform_user_id = ?)`);
  params.push(account.platform, account.workspace, account.platformUserId);
  if (privateChannel) {
    parts.push(`touched as (
      update identities set dm_channel = ?, private_at = ?
      where id = (select identity_id from found)
        and (dm_channel is distinct from ? or private_at is null or private_at < ?)
        ${claim ? 'and exists (select 1 from claimed)' : ''})`);
    params.push(
      privateChannel.channel,
      privateChannel.now,
      privateChannel.channel,
      privateChannel.staleBefore,
    );
  }
  const select = claim
    ? `select exists (select 1 from claimed) as claimed_, found.*,
        case when exists (select 1 from claimed) then ${liveHabitsJson('found.id')} end as habits_
      from (select 1) as one left join found on true`
    : `select found.* from found`;
  return { sql: `with ${parts.join(',\n')}\n${select}`, params };
}

/**
 * The member an API token (by its hash) belongs to, or null; the token's last use is recorded in
 * the same statement when the one recorded is older than `staleBefore`. With `habitId` (a uuid),
 * the member's habit of that id is read along (null: none of theirs), so a request on one habit
 * authenticates and finds it in one round trip (issue 16).
 */
export async function findTokenOwner(
  em: EntityManager,
  tokenHash: string,
  touch: Touch,
  habitId?: string,
): Promise<{ user: User; habit: Habit | null } | null> {
  const [row] = await queryPrepared<UserRow & { token_id: string; habit_: HabitRow | null }>(
    em,
    `with found as (
       select t.id as token_id, u.*
       from api_tokens t join users u on u.id = t.user_id where t.token_hash = ?
     ),
     touched as (
       update api_tokens set last_used_at = ?
       where id = (select token_id from found) and (last_used_at is null or last_used_at < ?)
     )
     select found.*, ${
       habitId === undefined
         ? 'null'
         : '(select row_to_json(h) from habits h where h.id = ?::uuid and h.owner_id = found.id)'
     } as habit_
     from found`,
    habitId === undefined
      ? [tokenHash, touch.now, touch.staleBefore]
      : [tokenHash, touch.now, touch.staleBefore, habitId],
  );
  if (!row) return null;
  const { token_id: _token, habit_: habit, ...user } = row;
  // row_to_json gives the habit's columns as the row itself does (as findAccountClaiming's habits).
  return { user: entityOfRow(em, User, user), habit: habit ? entityOfRow(em, Habit, habit) : null };
}
