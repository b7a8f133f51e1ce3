/**
 * Local calendar days. The rules work in integer day numbers (days since 1970-01-01) because a
 * habit's whole history is walked in tight loops: integer arithmetic there, strings only at the
 * edges. Conversions use Howard Hinnant's civil-calendar algorithms (proleptic Gregorian), which
 * need no Date objects and no time zone.
 */
import type { LocalDate } from './types.js';

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A calendar day on the wall clock; DST makes some days 23 or 25 hours long, never other than 1440 wall minutes. */
export const MINUTES_PER_DAY = 1440;

/** Day number of a proleptic Gregorian date (month 1..12). */
export function dayNumberOf(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Year, month (1..12) and day of a day number. */
export function civilOf(n: number): [year: number, month: number, day: number] {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** True for a strict `YYYY-MM-DD` string naming a real calendar day (2028-02-29 yes, 2100-02-29 no). */
export function isValidLocalDate(s: string): boolean {
  if (!LOCAL_DATE.test(s)) return false;
  const year = Number(s.slice(0, 4));
  const month = Number(s.slice(5, 7));
  const day = Number(s.slice(8, 10));
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/**
 * Day number of a LocalDate. Reads the digits by char code because it runs once per log when a
 * history is loaded; the input is assumed valid (callers validate with isValidLocalDate).
 */
export function toDayNumber(d: LocalDate): number {
  const year =
    d.charCodeAt(0) * 1000 + d.charCodeAt(1) * 100 + d.charCodeAt(2) * 10 + d.charCodeAt(3) - 53328;
  const month = d.charCodeAt(5) * 10 + d.charCodeAt(6) - 528;
  return dayNumberOf(year, month, d.charCodeAt(8) * 10 + d.charCodeAt(9) - 528);
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** The LocalDate of a day number. */
export function fromDayNumber(n: number): LocalDate {
  const [year, month, day] = civilOf(n);
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

/** The date `n` days after `d` (before it when `n` is negative). */
export function addDays(d: LocalDate, n: number): LocalDate {
  return fromDayNumber(toDayNumber(d) + n);
}

/** Days from `a` to `b` (`b - a`): 1 from a day to the next, negative when `b` is earlier. */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return toDayNumber(b) - toDayNumber(a);
}

/** ISO weekday of a day number: 1 = Monday .. 7 = Sunday (1970-01-01 was a Thursday). */
export function isoWeekdayOfDay(n: number): number {
  return ((((n + 3) % 7) + 7) % 7) + 1;
}

/** ISO weekday of a date: 1 = Monday .. 7 = Sunday. */
export function isoWeekday(d: LocalDate): number {
  return isoWeekdayOfDay(toDayNumber(d));
}

/** Day number of the Monday that starts the week of day `n`. */
export function weekStartOfDay(n: number): number {
  return n - isoWeekdayOfDay(n) + 1;
}

/** First and last day numbers of the calendar month containing day `n`. */
export function monthBoundsOfDay(n: number): [first: number, last: number] {
  const [year, month, day] = civilOf(n);
  const first = n - day + 1;
  return [first, first + daysInMonth(year, month) - 1];
}

/** The Monday that starts the week of `d` (weeks start on Monday, as ISO 8601 has it). */
export function startOfWeek(d: LocalDate): LocalDate {
  return fromDayNumber(weekStartOfDay(toDayNumber(d)));
}

/** The first day of the month of `d`. */
export function startOfMonth(d: LocalDate): LocalDate {
  return `${d.slice(0, 8)}01`;
}

/** The last day of the month of `d` (leap years respected). */
export function endOfMonth(d: LocalDate): LocalDate {
  return `${d.slice(0, 8)}${pad2(daysInMonth(Number(d.slice(0, 4)), Number(d.slice(5, 7))))}`;
}

// Building an Intl.DateTimeFormat costs far more than using one, and members share a few zones.
const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClockFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    // h23 because some engines print midnight as hour "24" with hour12: false.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * True for a time zone name Intl knows (IANA names such as `Europe/Berlin`, `UTC`). Bare offsets
 * like `+02:00` are refused even where the engine accepts them: an offset does not follow DST.
 */
export function isValidTimeZone(tz: string): boolean {
  if (tz.length === 0 || tz.startsWith('+') || tz.startsWith('-')) return false;
  try {
    wallClockFormatter(tz);
    return true;
  } catch {
    return false;
  }
}

/**
 * The canonical spelling of a valid time zone name (`america/new_york` -> `America/New_York`),
 * as Intl resolves it, so that one zone is stored one way. Throws RangeError for an unknown zone.
 */
export function canonicalTimeZone(tz: string): string {
  return wallClockFormatter(tz).resolvedOptions().timeZone;
}

/**
 * The wall clock in `timeZone` at `instant`, as minutes since 1970-01-01 00:00 on that clock
 * (seconds dropped): the local day number is the quotient by 1440, the minute of the day the rest.
 * One number is cheap to compare and subtract, which the reminder windows (wall-clock.ts) need.
 * Throws RangeError for an unknown zone or an invalid instant.
 */
export function localMinuteAt(instant: Date | number, timeZone: string): number {
  // Requests ask for the same minute many times (their today, each habit's day). Every zone's
  // offset has been a whole number of minutes since 1972, so from then on one UTC minute is one
  // local minute and the last answer per zone can be reused within it.
  const at = typeof instant === 'number' ? instant : instant.getTime();
  if (!(at >= WHOLE_MINUTE_OFFSETS_SINCE)) return readLocalMinute(instant, timeZone);
  const utcMinute = Math.floor(at / 60_000);
  const last = lastMinutes.get(timeZone);
  if (last?.utcMinute === utcMinute) return last.minute;
  const minute = readLocalMinute(instant, timeZone);
  lastMinutes.set(timeZone, { utcMinute, minute });
  return minute;
}

const WHOLE_MINUTE_OFFSETS_SINCE = Date.UTC(1973, 0, 1);
const lastMinutes = new Map<string, { utcMinute: number; minute: number }>();

function readLocalMinute(instant: Date | number, timeZone: string): number {
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  for (const part of wallClockFormatter(timeZone).formatToParts(instant)) {
    if (part.type === 'year') year = Number(part.value);
    else if (part.type === 'month') month = Number(part.value);
    else if (part.type === 'day') day = Number(part.value);
    // `% 24` still guards engines that print midnight as "24" despite h23.
    else if (part.type === 'hour') hour = Number(part.value) % 24;
    else if (part.type === 'minute') minute = Number(part.value);
  }
  return dayNumberOf(year, month, day) * MINUTES_PER_DAY + hour * 60 + minute;
}

/**
 * The member's local day at `instant`. The day is read from the wall clock in `timeZone`, so DST
 * changes need no offset arithmetic; with `dayStartHour` 3, 01:30 on the wall belongs to the day
 * before. Comparing wall-clock hours (not subtracting hours from the instant) keeps that right on
 * days that are 23 or 25 hours long. Throws RangeError for an unknown zone or an hour outside 0..23.
 */
export function localDateAt(instant: Date, timeZone: string, dayStartHour = 0): LocalDate {
  if (!Number.isInteger(dayStartHour) || dayStartHour < 0 || dayStartHour > 23) {
    throw new RangeError(`dayStartHour must be an integer 0..23, got ${dayStartHour}`);
  }
  const wall = localMinuteAt(instant, timeZone);
  const n = Math.floor(wall / MINUTES_PER_DAY);
  const hour = Math.floor((wall - n * MINUTES_PER_DAY) / 60);
  return fromDayNumber(hour < dayStartHour ? n - 1 : n);
}
