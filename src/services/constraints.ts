/**
 * The database enforces the business rules that concurrent requests could otherwise break (one
 * live habit per name, one log per day); these helpers recognise its refusals so that services
 * can answer them as the known errors they are, instead of checking first and racing.
 */
import {
  DriverException,
  ForeignKeyConstraintViolationException,
  UniqueConstraintViolationException,
} from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ConflictError, NotFoundError, ValidationError, type AppError } from '../errors.js';

/** Names of the unique indexes services translate into 409s. */
export const HABIT_NAME_UNIQUE = 'habits_owner_id_lower_name_unique';
export const GOAL_TITLE_UNIQUE = 'goals_owner_id_lower_title_unique';

/** True when `error` is PostgreSQL refusing a row that breaks the unique index `constraint`. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  return error instanceof UniqueConstraintViolationException && constraintOf(error) === constraint;
}

/** True when `error` is PostgreSQL refusing a row whose referenced row (e.g. its habit) is gone. */
export function isForeignKeyViolation(error: unknown): boolean {
  return error instanceof ForeignKeyConstraintViolationException;
}

function constraintOf(error: Error): string | undefined {
  // MikroORM copies the driver error's fields, pg's `constraint` among them.
  return (error as Error & { constraint?: string }).constraint;
}

/**
 * The known error a database refusal stands for, when a service did not translate it itself: a
 * unique violation is a clash (409), a missing referenced row a vanished thing (404), and a data
 * exception (SQLSTATE class 22: a NUL in text, a date out of range, ...) bad input (400). Each is
 * a validation gap worth logging, but the caller's request was at fault, not the server.
 */
export function databaseRefusal(error: unknown): AppError | undefined {
  if (error instanceof UniqueConstraintViolationException) {
    return ConflictError('That clashes with something that already exists.');
  }
  if (error instanceof ForeignKeyConstraintViolationException)
    return NotFoundError('Something this request refers to');
  const code = error instanceof DriverException ? String(error.code ?? '') : '';
  if (code.startsWith('22'))
    return ValidationError('The request holds a value that cannot be stored.', 'invalid_input');
  return undefined;
}

/** What a flush was about to write, so that a refused flush can be forgotten. */
export interface PendingWrite {
  /** Entities the flush would have inserted. */
  created?: object[];
  /** Managed entities with changes the flush would have updated. */
  changed?: object[];
}

/**
 * Flushes `em`; when the database refuses, forgets the refused changes before rethrowing, so that
 * the context stays usable: a chat turn that goes on after a 409 must not try the same insert
 * again at its next flush. New entities leave the identity map; changed ones are reloaded as the
 * database has them.
 */
export async function flushOrForget(em: EntityManager, pending: PendingWrite): Promise<void> {
  try {
    await em.flush();
  } catch (error) {
    for (const entity of pending.created ?? []) em.getUnitOfWork().unsetIdentity(entity);
    for (const entity of pending.changed ?? []) {
      // Inside a caller's transaction the refusal aborted it, and nothing can be read: the caller
      // fails as a whole anyway.
      await em.refresh(entity).catch(() => undefined);
    }
    throw error;
  }
}
