/**
 * Warnings before a miss (issue 14): the chance that a habit's next due day goes undone, so a
 * mentor hears the evening before rather than after. The model is small on purpose, so that every
 * number a mentor sees can be explained in one sentence and checked by hand.
 *
 * The day: the first day after today (member-local) that the current schedule makes due, not
 * before the start date and not in a paused span; a habit paused without an end, or with nothing
 * due in the next year, has no forecast. Per-week and per-month habits have none either: any day
 * of their period serves, so "tomorrow" cannot be missed; their slipping shows in the risk alert,
 * which counts whole periods (risk.ts).
 *
 * The evidence, from the last 8 weeks (the 56 days ending today, days before the start excluded):
 * - same weekday: the due days on the target's weekday, settled (an open today is left out),
 *   skipped ones excused and paused ones not due; `missed` are those not done (no log, a missed
 *   log, or short of an at_least target);
 * - overall: every settled due day of the habit in the same 8 weeks (1 - adherence over 56 days);
 * - trend: adherence over the last 14 days against adherence over the 56 days.
 *
 * The formula, a Beta prior twice over so one sample never reads as certainty:
 *
 *   overall = (missed56 + 1) / (due56 + 2)                     Laplace's rule of succession
 *   base    = (missedSameWeekday + 2 * overall) / (sameWeekdaySamples + 2)
 *   trend   = clamp(adherence56 - adherence14, -0.15, +0.15)   0 when either is unknown
 *   probability = clamp(base + trend, 0.02, 0.98)
 *
 * So the weekday's record speaks first, pulled towards the habit's whole record as if that were two
 * more weeks of the same weekday; a fortnight worse than the eight weeks raises the chance by the
 * drop, at most 15 points (better lowers it). A new habit with no record reads 50%.
 */
import { fromDayNumber, isoWeekdayOfDay, toDayNumber } from './dates.js';
import { adherenceOf, adherenceTally } from './adherence.js';
import { DONE, SKIPPED } from './logs.js';
import { buildPicture, habitAsOf, isOpenToday, ruleSegments } from './picture.js';
import { scheduledOnDay, weekdayMask } from './schedule.js';
import { wholePercent } from './percent.js';
import { WEEKDAYS } from './types.js';
import type { DayLog, HabitRules, LocalDate, Weekday } from './types.js';

/** Days of evidence: the last 8 weeks, today included. */
export const FORECAST_WINDOW_DAYS = 56;
/** The recent window the trend compares with the whole one. */
export const TREND_WINDOW_DAYS = 14;
/** How many weekday samples the habit's overall record counts as. */
export const PRIOR_WEIGHT = 2;
/** The most the trend moves the probability, either way. */
export const MAX_TREND = 0.15;
/** The probability never claims certainty. */
export const MIN_PROBABILITY = 0.02;
export const MAX_PROBABILITY = 0.98;
/** How far ahead the next due day is looked for. */
const LOOKAHEAD_DAYS = 366;

const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export interface MissForecast {
  /** The next due day after today. */
  date: LocalDate;
  /** The chance it goes undone, 0.02..0.98. */
  probability: number;
  /** Settled, not skipped due days on that weekday in the last 8 weeks, and how many were missed. */
  missedSameWeekday: number;
  sameWeekdaySamples: number;
  weekday: Weekday;
  /** Adherence over the last 14 and 56 days (null when nothing was due), and the trend term. */
  adherence14: number | null;
  adherence56: number | null;
  trend: number;
  /** Why, in words: "missed 3 of the last 4 Thursdays". */
  reason: string;
}

const clamp = (x: number, low: number, high: number): number => Math.min(high, Math.max(low, x));

/**
 * The forecast for `habit`'s next due day after `today`, or null when it has none (see the file
 * head: per-period habits, paused without an end, nothing due within a year).
 */
export function missForecast(
  habit: HabitRules,
  logs: readonly DayLog[],
  today: LocalDate,
): MissForecast | null {
  const next = nextDueDay(habit, toDayNumber(today));
  if (next === null) return null;
  const pic = buildPicture(habit, logs, toDayNumber(today));
  const isoDay = isoWeekdayOfDay(next);
  let samples = 0;
  let missed = 0;
  for (let n = Math.max(pic.asOf - FORECAST_WINDOW_DAYS + 1, pic.start); n <= pic.asOf; n++) {
    if (isoWeekdayOfDay(n) !== isoDay) continue;
    const i = n - pic.first;
    const outcome = pic.outcome[i]!;
    if (pic.due[i] === 0 || outcome === SKIPPED || isOpenToday(pic, n, outcome)) continue;
    samples++;
    if (outcome !== DONE) missed++;
  }
  const t56 = adherenceTally(pic, FORECAST_WINDOW_DAYS);
  const adherence56 = adherenceOf(t56);
  const adherence14 = adherenceOf(adherenceTally(pic, TREND_WINDOW_DAYS));
  const overall = (t56.expected - t56.credited + 1) / (t56.expected + 2);
  const base = (missed + PRIOR_WEIGHT * overall) / (samples + PRIOR_WEIGHT);
  const trend =
    adherence14 === null || adherence56 === null
      ? 0
      : clamp(adherence56 - adherence14, -MAX_TREND, MAX_TREND);
  return {
    date: fromDayNumber(next),
    probability: clamp(base + trend, MIN_PROBABILITY, MAX_PROBABILITY),
    missedSameWeekday: missed,
    sameWeekdaySamples: samples,
    weekday: WEEKDAYS[isoDay - 1]!,
    adherence14,
    adherence56,
    trend,
    reason: reasonOf(WEEKDAY_NAMES[isoDay - 1]!, missed, samples, adherence14, adherence56, trend),
  };
}

/**
 * The first day after `today` that the habit's current rules make due (not before its start, not
 * paused), or null: per-period habits, a pause without an end, nothing due within a year.
 */
export function nextDueDate(habit: HabitRules, today: LocalDate): LocalDate | null {
  const next = nextDueDay(habit, toDayNumber(today));
  return next === null ? null : fromDayNumber(next);
}

function nextDueDay(rules: HabitRules, asOf: number): number | null {
  const habit = habitAsOf(rules, asOf);
  const current = ruleSegments(habit).at(-1)!;
  const schedule = current.rules.schedule;
  if (schedule.kind === 'per_period') return null;
  const start = toDayNumber(habit.startDate);
  // An every-N-days rule counts from the day it took effect, as buildPicture counts it.
  const anchor = Math.max(start, current.from);
  const mask = schedule.kind === 'weekdays' ? weekdayMask(schedule.days) : [];
  const paused = habit.pausedSpans.map((span) => ({
    from: toDayNumber(span.from),
    to: span.to === null ? Infinity : toDayNumber(span.to),
  }));
  for (let n = Math.max(asOf + 1, start); n <= asOf + LOOKAHEAD_DAYS; n++) {
    if (!scheduledOnDay(schedule, anchor, n, mask)) continue;
    if (!paused.some((span) => n >= span.from && n <= span.to)) return n;
  }
  return null;
}

function reasonOf(
  day: string,
  missed: number,
  samples: number,
  adherence14: number | null,
  adherence56: number | null,
  trend: number,
): string {
  const record =
    samples === 0
      ? `no ${day} on record yet`
      : samples === 1
        ? `${missed ? 'missed' : 'did'} the one ${day} on record`
        : `missed ${missed} of the last ${samples} ${day}s`;
  if (adherence14 === null || adherence56 === null || Math.abs(trend) < 0.05) return record;
  const numbers = `${wholePercent(adherence14)}% done in the last 2 weeks against ${wholePercent(adherence56)}% over 8`;
  return trend > 0 ? `${record}, and slipping (${numbers})` : `${record}, though picking up (${numbers})`;
}
