/**
 * The database enforces the business rules that concurrent requests could otherwise break (one
 * live habit per name, one log per day); these helpers recognise its refusals so that services
 * can answer them as the known errors they are, instead of checking first and racing.
 */
import { ForeignKeyConstraintViolationException, UniqueConstraintViolationException } from '@mikro-orm/core';

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
