import { randomUUID } from 'node:crypto';
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import { timestampProperties } from './timestamps.js';
import { User } from './user.js';

export type CoachRole = 'user' | 'model' | 'tool';

/**
 * One step of a coach conversation: what the member said, a tool the model called and its result,
 * or the coach's answer. Every step is kept for audit and appears in the member's export.
 */
export class CoachTurn {
  [OptionalProps]?: 'tool' | 'toolArgs' | 'toolResult' | 'tokens' | 'engine' | 'createdAt' | 'updatedAt';
  id: string = randomUUID();
  user!: User;
  role!: CoachRole;
  content!: string;
  /** For role 'tool': the function called, its arguments and what it returned. */
  tool: string | null = null;
  toolArgs: Record<string, unknown> | null = null;
  toolResult: Record<string, unknown> | null = null;
  /** LLM tokens this step cost (0 for the offline coach), for the daily budget. */
  tokens = 0;
  /** Which coach answered: gemini or offline. */
  engine = 'offline';
  createdAt = new Date();
  updatedAt = new Date();
}

/** A goal plan the coach proposed, kept until the member confirms it with a button. */
export class CoachPlan {
  [OptionalProps]?: 'createdAt' | 'updatedAt';
  id: string = randomUUID();
  user!: User;
  plan!: Record<string, unknown>;
  createdAt = new Date();
  updatedAt = new Date();
}

export const CoachTurnSchema = new EntitySchema<CoachTurn>({
  class: CoachTurn,
  tableName: 'coach_turns',
  // Serves "the last N turns" and "turns in the last hour / today" for one member.
  indexes: [{ name: 'coach_turns_user_id_created_at_index', properties: ['user', 'createdAt'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    user: { kind: 'm:1', entity: () => User, deleteRule: 'cascade' },
    role: { type: 'string', length: 10 },
    content: { type: 'text' },
    tool: { type: 'string', length: 40, nullable: true },
    toolArgs: { type: 'json', nullable: true },
    toolResult: { type: 'json', nullable: true },
    tokens: { type: 'integer' },
    engine: { type: 'string', length: 20 },
    ...timestampProperties,
  },
});

export const CoachPlanSchema = new EntitySchema<CoachPlan>({
  class: CoachPlan,
  tableName: 'coach_plans',
  properties: {
    id: { type: 'uuid', primary: true },
    user: { kind: 'm:1', entity: () => User, deleteRule: 'cascade', index: 'coach_plans_user_id_index' },
    plan: { type: 'json' },
    ...timestampProperties,
  },
});
