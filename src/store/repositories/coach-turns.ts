/** Queries over the coach's conversation turns, all served by `coach_turns_user_id_created_at_index`. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { CoachTurn, type User } from '../entities/index.js';

/** How many messages the member sent the coach after `since` (for the hourly rate limit). */
export async function countMemberMessagesSince(
  em: EntityManager,
  member: User,
  since: Date,
): Promise<number> {
  return em.count(CoachTurn, { user: member, role: 'user', createdAt: { $gt: since } });
}

/** The LLM tokens the member's turns cost after `since` (for the daily budget); 0 when none. */
export async function tokensSpentSince(em: EntityManager, member: User, since: Date): Promise<number> {
  const rows = await em
    .getConnection()
    .execute<{ total: number }[]>(
      'select coalesce(sum(tokens), 0)::int as total from coach_turns where user_id = ? and created_at > ?',
      [member.id, since],
    );
  return rows[0]?.total ?? 0;
}

/**
 * The member's last `limit` conversation turns, oldest first: what they said and what the coach
 * answered, without the tool calls between them (audit records, not conversation), and without the
 * turn `excluding` when given (the message being answered, which is sent on its own).
 */
export async function recentConversationTurns(
  em: EntityManager,
  member: User,
  limit: number,
  excluding?: string,
): Promise<CoachTurn[]> {
  const turns = await em.find(
    CoachTurn,
    { user: member, role: { $in: ['user', 'model'] }, ...(excluding && { id: { $ne: excluding } }) },
    {
      // A question and its answer can share an instant (a fast answer, a pinned clock): newest
      // first, 'model' sorts before 'user', so the answer counts as the later of the two.
      orderBy: { createdAt: 'desc', role: 'asc' },
      limit,
    },
  );
  return turns.reverse();
}
