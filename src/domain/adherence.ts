/**
 * Adherence: the share of what was planned in a recent window that got done (DESIGN.md section 3).
 * Tallies are returned raw (credited, expected) so the member risk can pool them across habits.
 */
import { toDayNumber } from './dates.js';
import { DONE, SKIPPED } from './logs.js';
import { periodsCovering } from './periods.js';
import { buildPicture, isOpenToday } from './picture.js';
import type { DayPicture } from './picture.js';
import type { DayLog, HabitRules, LocalDate } from './types.js';

/** Done (credited) against planned (expected) in a window. */
export interface AdherenceTally {
  credited: number;
  expected: number;
}

/**
 * Tallies the window [until - windowDays + 1, until] (`until` is the picture's asOf unless given:
 * a past window, such as last week, judged as of today), counting only days since the start date.
 *
 * Day-based habits: expected = due days, credited = done due days. A skipped due day is excused
 * (left out of both), like a paused day. Today counts only once settled: a done log, a missed log
 * or an at_most amount over the limit. An open today is not a miss.
 *
 * per_period habits: each period touching the window expects `times * activeDays / periodDays`,
 * where activeDays are its days inside the window, since the start, not paused, not skipped, and
 * not an open today. Its credited count is its done days there, capped at `times` per period
 * (more than the target does not make up for other periods).
 */
export function adherenceTally(pic: DayPicture, windowDays: number, until = pic.asOf): AdherenceTally {
  let credited = 0;
  let expected = 0;
  const last = Math.min(until, pic.asOf);
  const from = Math.max(last - windowDays + 1, pic.start);
  const schedule = pic.habit.schedule;
  if (schedule.kind !== 'per_period') {
    for (let n = from; n <= last; n++) {
      const i = n - pic.first;
      const outcome = pic.outcome[i]!;
      if (pic.due[i] === 0 || outcome === SKIPPED || isOpenToday(pic, n, outcome)) continue;
      expected++;
      if (outcome === DONE) credited++;
    }
    return { credited, expected };
  }
  for (const [periodFirst, periodLast] of periodsCovering(schedule.period, from, last)) {
    let active = 0;
    let done = 0;
    for (let n = Math.max(periodFirst, from); n <= Math.min(periodLast, last); n++) {
      const i = n - pic.first;
      const outcome = pic.outcome[i]!;
      if (pic.paused[i] === 1 || outcome === SKIPPED || isOpenToday(pic, n, outcome)) continue;
      active++;
      if (outcome === DONE) done++;
    }
    expected += (schedule.times * active) / (periodLast - periodFirst + 1);
    credited += Math.min(done, schedule.times);
  }
  return { credited, expected };
}

/**
 * Adherence of a tally: credited / expected, capped at 1 (a per_period habit can do its count early
 * in a period that the window only partly covers); null when nothing was expected.
 */
export function adherenceOf(tally: AdherenceTally): number | null {
  return tally.expected > 0 ? Math.min(1, tally.credited / tally.expected) : null;
}

/**
 * Adherence over the `windowDays` days ending on `asOf` (today included): done due days / due days,
 * counting only days since the start date (earlier logs do not count), skipped days excused, and
 * today only once it is settled. null when no day in the window was due. See adherenceTally.
 */
export function adherence(
  habit: HabitRules,
  logs: readonly DayLog[],
  asOf: LocalDate,
  windowDays: number,
): number | null {
  if (windowDays <= 0) return null;
  return adherenceOf(adherenceTally(buildPicture(habit, logs, toDayNumber(asOf)), windowDays));
}

/** The consistency score: adherence over 30 days as a whole percentage (null stays null). */
export function consistency(adherence30: number | null): number | null {
  return adherence30 === null ? null : Math.round(adherence30 * 100);
}
