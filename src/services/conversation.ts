/** The member's conversation with the coach, as a client shows it. */
import type { User } from '../store/entities/index.js';
import { recentConversationTurns } from '../store/repositories/index.js';
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
  const turns = await recentConversationTurns(ctx.em, user, Math.min(Math.max(1, limit), HISTORY_MAX_TURNS));
  return turns.map((turn) => ({
    role: turn.role as 'user' | 'model',
    content: turn.content,
    createdAt: turn.createdAt,
  }));
}
