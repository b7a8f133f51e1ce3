/** The member's conversation with the coach, as a client shows it. */
import { CoachTurn, type User } from '../store/entities/index.js';
import type { ServiceContext } from './context.js';

export const HISTORY_DEFAULT_TURNS = 20;
export const HISTORY_MAX_TURNS = 100;

export interface ConversationTurn {
  role: 'user' | 'model';
  content: string;
  createdAt: Date;
}

/**
 * The member's last `limit` messages with the coach, newest last: what they said and what the coach
 * answered. The tool calls between the two are audit records, not conversation, and are left out.
 */
export async function recentConversation(
  ctx: ServiceContext,
  user: User,
  limit = HISTORY_DEFAULT_TURNS,
): Promise<ConversationTurn[]> {
  const turns = await ctx.em.find(
    CoachTurn,
    { user, role: { $in: ['user', 'model'] } },
    {
      // A question and its answer can share an instant (a fast answer, a pinned clock): newest
      // first, 'model' sorts before 'user', so the answer counts as the later of the two.
      orderBy: { createdAt: 'desc', role: 'asc' },
      limit: Math.min(Math.max(1, limit), HISTORY_MAX_TURNS),
    },
  );
  return turns.reverse().map((turn) => ({
    role: turn.role as 'user' | 'model',
    content: turn.content,
    createdAt: turn.createdAt,
  }));
}
