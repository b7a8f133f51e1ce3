/**
 * Times of day on a member's wall clock, for reminders and quiet hours, across DST changes.
 *
 * One rule settles every odd night: a reminder for wall-clock time (date D, minute W) fires at the
 * first whole UTC minute at which the zone's wall clock has reached (D, W), i.e. the running maximum
 * of the wall clock. So a reminder inside a spring-forward gap fires when the clock jumps past it,
 * and one inside a repeated autumn hour fires the first time round only. Reminders that fired in
 * the half-open span (from, to] are then exactly the wall-clock minutes in
 * (reached(from), reached(to)], which is why no minute-by-minute walk is needed.
 *
 * Time is counted in whole minutes: UTC minutes since the epoch for instants, and "local minutes"
 * (minutes since 1970-01-01 00:00 on the zone's wall clock, see localMinuteAt) for wall-clock times.
 * Offsets come from Intl only.
 */
import { fromDayNumber, isValidLocalDate, localMinuteAt, MINUTES_PER_DAY, toDayNumber } from './dates.js';
import type { LocalDate } from './types.js';

/** Minutes since midnight on the wall clock, 0..1439. */
export type WallMinute = number;

/** Reminders due on `date` from `fromMinute` to `toMinute`, both inclusive. */
export interface FiringWindow {
  date: LocalDate;
  fromMinute: WallMinute;
  toMinute: WallMinute;
}

/** A member's quiet hours: from `start` (inclusive) to `end` (exclusive); start > end spans midnight. */
export interface QuietHours {
  start: WallMinute;
  end: WallMinute;
}

const MS_PER_MINUTE = 60_000;
/**
 * How far back the running maximum of the wall clock looks. After the clock falls back by d
 * minutes it takes d minutes to catch up, so this bounds the fall-backs handled exactly. Most are
 * an hour; Antarctica/Troll's, the largest in use today, is two.
 */
const LOOKBACK_MINUTES = 180;
/**
 * Offsets are read this often, and bisected to the minute where two readings differ. An offset
 * that changed and changed back between two readings would go unseen; we know of no zone that does.
 */
const SAMPLE_MINUTES = 60;

/** The offset in force from UTC minute `start` on (until the next span's start). */
interface OffsetSpan {
  start: number;
  offset: number;
}

function utcMinuteOf(instant: Date): number {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Invalid Date');
  return Math.floor(ms / MS_PER_MINUTE);
}

function offsetAt(utcMinute: number, timeZone: string): number {
  return localMinuteAt(utcMinute * MS_PER_MINUTE, timeZone) - utcMinute;
}

/**
 * The offsets of `timeZone` over UTC minutes first..last, as spans in order. A handful of Intl
 * reads when nothing changes; about six more for each change, found by bisection.
 */
function offsetSpans(timeZone: string, first: number, last: number): OffsetSpan[] {
  let previous = first;
  let previousOffset = offsetAt(first, timeZone);
  const spans: OffsetSpan[] = [{ start: first, offset: previousOffset }];
  // Appends, in order, the changes after minute `a` up to and including minute `b`.
  const addChanges = (a: number, aOffset: number, b: number, bOffset: number): void => {
    if (aOffset === bOffset) return;
    if (b - a === 1) {
      spans.push({ start: b, offset: bOffset });
      return;
    }
    const middle = Math.floor((a + b) / 2);
    const middleOffset = offsetAt(middle, timeZone);
    addChanges(a, aOffset, middle, middleOffset);
    addChanges(middle, middleOffset, b, bOffset);
  };
  while (previous < last) {
    const next = Math.min(previous + SAMPLE_MINUTES, last);
    const nextOffset = offsetAt(next, timeZone);
    addChanges(previous, previousOffset, next, nextOffset);
    previous = next;
    previousOffset = nextOffset;
  }
  return spans;
}

/** The last UTC minute of span `i` (the spans' own range is open-ended at the end). */
const spanEnd = (spans: readonly OffsetSpan[], i: number): number =>
  i + 1 < spans.length ? spans[i + 1]!.start - 1 : Infinity;

/**
 * The furthest local minute the wall clock has shown by UTC minute `t`: its running maximum, which
 * only differs from the clock itself in the minutes after a fall-back. `spans` must cover
 * t - LOOKBACK_MINUTES .. t.
 */
function reachedAt(spans: readonly OffsetSpan[], t: number): number {
  let reached = -Infinity;
  for (let i = 0; i < spans.length && spans[i]!.start <= t; i++) {
    const end = spanEnd(spans, i);
    if (end >= t - LOOKBACK_MINUTES) reached = Math.max(reached, Math.min(end, t) + spans[i]!.offset);
  }
  return reached;
}

/**
 * The local minutes from..to (inclusive) cut into one window per calendar date; none when `to`
 * is before `from`, as it is while the clock replays a repeated hour.
 */
function windowsOver(from: number, to: number): FiringWindow[] {
  const windows: FiringWindow[] = [];
  if (to < from) return windows;
  for (let day = Math.floor(from / MINUTES_PER_DAY); day * MINUTES_PER_DAY <= to; day++) {
    const midnight = day * MINUTES_PER_DAY;
    windows.push({
      date: fromDayNumber(day),
      fromMinute: Math.max(from, midnight) - midnight,
      toMinute: Math.min(to, midnight + MINUTES_PER_DAY - 1) - midnight,
    });
  }
  return windows;
}

/** The calendar date and minute on the wall clock of `timeZone` at `instant` (seconds dropped). */
export function localWallAt(instant: Date, timeZone: string): { date: LocalDate; minute: WallMinute } {
  const local = localMinuteAt(instant, timeZone);
  const day = Math.floor(local / MINUTES_PER_DAY);
  return { date: fromDayNumber(day), minute: local - day * MINUTES_PER_DAY };
}

/**
 * The reminders (wall-clock date and minute) whose fire instant lies in (from, to], both rounded
 * down to the minute: each wall-clock minute is reported by exactly one of a run of adjacent
 * windows, even across DST changes and midnight. Empty when `to` is not after `from`; any length
 * works (a day replayed after downtime gives 24+ hours). Throws RangeError for an unknown zone.
 */
export function firingWindows(timeZone: string, from: Date, to: Date): FiringWindow[] {
  const first = utcMinuteOf(from);
  const last = utcMinuteOf(to);
  if (last <= first) return [];
  const spans = offsetSpans(timeZone, first - LOOKBACK_MINUTES, last);
  return windowsOver(reachedAt(spans, first) + 1, reachedAt(spans, last));
}

/**
 * When a reminder for `minute` on `date` fires: the first instant the wall clock of `timeZone`
 * reaches that time. In a spring-forward gap that is the end of the gap; in a repeated hour, the
 * first time round. Throws RangeError for an invalid date, minute or zone.
 */
export function wallInstant(date: LocalDate, minute: WallMinute, timeZone: string): Date {
  if (!isValidLocalDate(date)) throw new RangeError(`Not a YYYY-MM-DD date: ${date}`);
  if (!Number.isInteger(minute) || minute < 0 || minute >= MINUTES_PER_DAY) {
    throw new RangeError(`A wall minute must be an integer 0..1439, got ${minute}`);
  }
  const target = toDayNumber(date) * MINUTES_PER_DAY + minute;
  // Two rounds of "local minus offset" land on the answer except near a change, which the spans
  // around the guess then settle.
  const guess = target - offsetAt(target - offsetAt(target, timeZone), timeZone);
  const spans = offsetSpans(timeZone, guess - LOOKBACK_MINUTES, guess + LOOKBACK_MINUTES);
  let fire = Infinity;
  for (let i = 0; i < spans.length; i++) {
    // The first minute of this span whose wall clock shows `target` or later.
    const candidate = Math.max(spans[i]!.start, target - spans[i]!.offset);
    if (candidate <= spanEnd(spans, i)) fire = Math.min(fire, candidate);
  }
  return new Date(fire * MS_PER_MINUTE);
}

/** True when `minute` falls in the quiet hours; start == end is never quiet. */
export function isQuietAt(minute: WallMinute, quiet: QuietHours): boolean {
  return quiet.start <= quiet.end
    ? minute >= quiet.start && minute < quiet.end
    : minute >= quiet.start || minute < quiet.end;
}

/**
 * When the member's quiet hours around `instant` end, or undefined when it is not in them. The
 * clock is read as reminders read it (its running maximum), so in a repeated hour the quiet hours
 * are over once their end was reached the first time round, and the answer is always after `instant`.
 */
export function quietUntil(instant: Date, timeZone: string, quiet: QuietHours): Date | undefined {
  const now = utcMinuteOf(instant);
  const reached = reachedAt(offsetSpans(timeZone, now - LOOKBACK_MINUTES, now), now);
  const day = Math.floor(reached / MINUTES_PER_DAY);
  const minute = reached - day * MINUTES_PER_DAY;
  if (!isQuietAt(minute, quiet)) return undefined;
  // Past the start of quiet hours that span midnight, they end tomorrow.
  const endDay = quiet.start > quiet.end && minute >= quiet.start ? day + 1 : day;
  return wallInstant(fromDayNumber(endDay), quiet.end, timeZone);
}
