/**
 * Rows read by plain SQL (src/store/prepared.ts) made into managed entities, as em.find makes the
 * rows it reads: mapped from columns to properties, hydrated and registered in the context's
 * identity map with the row as the snapshot a flush compares with.
 *
 * em.map does the same and more: it validates every property, then merges the entity again,
 * which takes a second snapshot and cascades through its relations. On the log path's rows (the
 * member, their habits) that was most of MikroORM's share of a request (issue 16).
 * Only a whole row belongs here: its columns become the snapshot, so a partial one would make a
 * flush see the missing columns as changed (em.map takes partial data).
 */
import type { EntityClass, EntityData } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';

export function entityOfRow<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  row: Record<string, unknown>,
): T {
  const meta = em.getMetadata().get<T>(entity.name);
  const data = em.getDriver().mapResult(row as EntityData<T>, meta) as EntityData<T>;
  return em
    .getEntityFactory()
    .create<T>(entity, data, { merge: true, refresh: true, convertCustomTypes: true });
}
