/** Queries over the goal plans the coach proposed and the member has not confirmed yet. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { CoachPlan, type User } from '../entities/index.js';

/** Stores a proposed plan of `member` (flushing `em`) and returns it with its id. */
export async function storePlan(
  em: EntityManager,
  member: User,
  plan: Record<string, unknown>,
): Promise<CoachPlan> {
  const record = em.create(CoachPlan, { user: member, plan });
  await em.flush();
  return record;
}

/** The plan `planId` if it is `member`'s own; another member's plan is not found (by primary key). */
export async function planOfMember(
  em: EntityManager,
  member: User,
  planId: string,
): Promise<CoachPlan | null> {
  return em.findOne(CoachPlan, { id: planId, user: member });
}

/** Deletes a plan once it is confirmed (by primary key). */
export async function deletePlan(em: EntityManager, planId: string): Promise<void> {
  await em.nativeDelete(CoachPlan, { id: planId });
}
