/** Reading raw rows: MikroORM's pg driver hands timestamps back as strings, not Dates. */

/** A timestamp column's value as a Date (null stays null). */
export function dateOf(value: Date | string): Date;
export function dateOf(value: Date | string | null): Date | null;
export function dateOf(value: Date | string | null): Date | null {
  return value === null ? null : value instanceof Date ? value : new Date(value);
}
