/**
 * A member's habits as every chat command and API write reads them: plain SQL mapped into the
 * context's identity map (see members.ts for why not the ORM's query building on this path).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { Habit, type User } from '../entities/index.js';
import { entityOfRow } from '../rows.js';
import { queryPrepared } from '../prepared.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const LIVE = `status <> 'archived'`;
const OLDEST_FIRST = 'created_at, id';

/** The member's habits, oldest first; archived ones only when asked. */
export async function findHabitsOf(
  em: EntityManager,
  owner: User,
  includeArchived: boolean,
): Promise<Habit[]> {
  const rows = await queryPrepared<Record<string, unknown>>(
    em,
    `select * from habits where owner_id = ? ${includeArchived ? '' : `and ${LIVE}`} order by ${OLDEST_FIRST}`,
    [owner.id],
  );
  return rows.map((row) => entityOfRow(em, Habit, row));
}

/**
 * An SQL expression: the live habits of the member whose id is `owner` (an SQL expression too) as
 * findHabitsOf reads them, in one JSON array, for a statement that reads them along.
 */
export function liveHabitsJson(owner: string): string {
  return `(select coalesce(json_agg(habits order by ${OLDEST_FIRST}), '[]') from habits
    where owner_id = ${owner} and ${LIVE})`;
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
  return row ? entityOfRow(em, Habit, row) : null;
}
