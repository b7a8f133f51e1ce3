/**
 * Calendar periods of `per_period` habits (Monday weeks, calendar months) and how one period went.
 * Streaks and risk judge a whole period against its required count; adherence uses the pro-rata
 * expectation over the part of a period inside its window.
 */
import { monthBoundsOfDay, weekStartOfDay } from './dates.js';
import { DONE, SKIPPED } from './logs.js';
import type { DayPicture } from './picture.js';

export type PeriodKind = 'week' | 'month';

/** First and last day numbers of the week (Monday..Sunday) or calendar month containing day `n`. */
export function periodOf(kind: PeriodKind, n: number): [first: number, last: number] {
  if (kind === 'month') return monthBoundsOfDay(n);
  const first = weekStartOfDay(n);
  return [first, first + 6];
}

/** The periods touching days [from, to] (none when from > to), oldest first. */
export function periodsCovering(kind: PeriodKind, from: number, to: number): [first: number, last: number][] {
  const out: [number, number][] = [];
  for (let n = from; n <= to;) {
    const period = periodOf(kind, n);
    out.push(period);
    n = period[1] + 1;
  }
  return out;
}

/** How a period went: the done count it needed and the done count it got. */
export interface PeriodTally {
  required: number;
  done: number;
}

/**
 * Tallies the period [first, last] of a habit due `times` per period. Days before the start date,
 * paused days and skipped days are excused: a period with excused days requires only its share,
 * `ceil(times * activeDays / periodDays)`, and a fully excused period requires 0 (it neither
 * extends nor breaks a streak). Days after `asOf` count as active: the open period is judged
 * against its whole requirement. Done logs on excused days do not count.
 */
export function tallyPeriod(pic: DayPicture, times: number, first: number, last: number): PeriodTally {
  let active = 0;
  let done = 0;
  for (let n = Math.max(first, pic.start); n <= last; n++) {
    if (n > pic.asOf) {
      active += last - n + 1;
      break;
    }
    const i = n - pic.first;
    const outcome = pic.outcome[i];
    if (pic.paused[i] === 1 || outcome === SKIPPED) continue;
    active++;
    if (outcome === DONE) done++;
  }
  const days = last - first + 1;
  // The epsilon keeps an exact share (e.g. 3 * 7 / 7) from rounding up through float error.
  const required = active === days ? times : Math.ceil((times * active) / days - 1e-9);
  return { required, done };
}
