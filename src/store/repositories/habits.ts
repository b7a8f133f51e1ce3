/**
 * A member's habits as every chat command and API write reads them: plain SQL mapped into the
 * context's identity map (see members.ts for why not the ORM's query building on this path).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { Habit, type User } from '../entities/index.js';
import { queryPrepared } from '../prepared.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The member's habits, oldest first; archived ones only when asked. */
export async function findHabitsOf(
  em: EntityManager,
  owner: User,
  includeArchived: boolean,
): Promise<Habit[]> {
  const rows = await queryPrepared<Record<string, unknown>>(
    em,
    `select * from habits where owner_id = ? ${includeArchived ? '' : `and status <> 'archived'`}
     order by created_at, id`,
    [owner.id],
  );
  return rows.map((row) => em.map(Habit, row));
}

/** One of the member's habits by id, or null (another member's habit is not theirs to find). */
export async function findHabitOf(em: EntityManager, owner: User, id: string): Promise<Habit | null> {
  // Not an id at all is no habit (PostgreSQL would refuse the comparison instead).
  if (!UUID.test(id)) return null;
  const [row] = await queryPrepared<Record<string, unknown>>(
    em,
    `select * from habits where id = ? and owner_id = ?`,
    [id, owner.id],
  );
  return row ? em.map(Habit, row) : null;
}
