/**
 * Calendar arithmetic on `YYYY-MM-DD` days as whole day numbers since 1970-01-01 (UTC). Charts
 * work on local days the domain already resolved, so no time zone may creep in here; and month
 * names are a fixed English table rather than Intl, whose output varies with the ICU build and
 * would break byte-identical images.
 */

const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** Parses `YYYY-MM-DD` into a day number; throws a RangeError naming the value when it is not a real date. */
export function parseDay(value: string): number {
  const m = DATE_RE.exec(value);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const ms = Date.UTC(y, mo - 1, d);
    const back = new Date(ms);
    // Date.UTC rolls 2026-02-31 over to March; a round trip catches it.
    if (back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d) {
      return Math.round(ms / DAY_MS);
    }
  }
  throw new RangeError(`not a calendar date (YYYY-MM-DD): ${JSON.stringify(value)}`);
}

/** Formats a day number back to `YYYY-MM-DD`. */
export function formatDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday index with Monday 0 .. Sunday 6 (day 0, 1970-01-01, was a Thursday). */
export function weekdayIndex(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/** The Monday that starts the week of `day`. */
export function mondayOf(day: number): number {
  return day - weekdayIndex(day);
}

/** Day of the month, 1..31. */
export function dayOfMonth(day: number): number {
  return new Date(day * DAY_MS).getUTCDate();
}

/** Short English month name, e.g. `Mar`. */
export function monthName(day: number): string {
  return MONTHS[new Date(day * DAY_MS).getUTCMonth()] ?? '';
}

/** Short label such as `Mar 3`. */
export function shortDate(day: number): string {
  return `${monthName(day)} ${dayOfMonth(day)}`;
}
