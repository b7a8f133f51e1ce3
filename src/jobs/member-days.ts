/** Each member's "today" for the scans: their zone and day start hour, read once per distinct pair. */
import { fromDayNumber, localDateAt } from '../domain/dates.js';
import type { LocalDate } from '../domain/types.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** The furthest any zone runs ahead of UTC (Pacific/Kiritimati, UTC+14). */
const MOST_AHEAD_MS = 14 * 60 * 60 * 1000;

/**
 * The latest local date anywhere at `now`: no member's today is later (a day start hour only moves
 * it earlier), so it bounds the scans' index reads before each member's own day is applied.
 */
export function latestLocalDate(now: Date): LocalDate {
  return fromDayNumber(Math.floor((now.getTime() + MOST_AHEAD_MS) / DAY_MS));
}

/** A member's today at `now`, memoised per zone and day start hour (thousands of members, few zones). */
export function memberToday(now: Date): (member: { timezone: string; dayStartHour: number }) => LocalDate {
  const days = new Map<string, LocalDate>();
  return ({ timezone, dayStartHour }) => {
    const key = `${timezone}|${dayStartHour}`;
    let day = days.get(key);
    if (day === undefined) {
      day = localDateAt(now, timezone, dayStartHour);
      days.set(key, day);
    }
    return day;
  };
}
