/**
 * Habit strength, 0..1, as Loop Habit Tracker computes it (DESIGN.md section 3): an exponential
 * moving average of how much of the recent window was completed. One pass with a rolling window
 * sum, so ten years of history costs ~3,650 steps whatever the window.
 */
import { fromDayNumber, toDayNumber } from './dates.js';
import { DONE, MISSED, SKIPPED } from './logs.js';
import { buildPicture } from './picture.js';
import type { DayPicture } from './picture.js';
import { frequency } from './schedule.js';
import type { DayLog, HabitRules, LocalDate, ScorePoint } from './types.js';

/**
 * What a numeric habit's day adds to the window sum: its logged amount (negative read as 0, as
 * Loop does). Without an amount, a done log counts as meeting the daily target for an at_least
 * habit and as nothing consumed for an at_most one; a missed log on an at_most habit counts as
 * twice the limit, the least amount that scores a daily habit's day as 0 (reading it as 0 would
 * reward the miss); anything else adds 0.
 */
function numericAmount(pic: DayPicture, i: number, daily: number, atMost: boolean): number {
  const amount = pic.amount[i]!;
  if (!Number.isNaN(amount)) return Math.max(0, amount);
  const outcome = pic.outcome[i];
  if (outcome === DONE) return atMost ? 0 : daily;
  return atMost && outcome === MISSED ? 2 * daily : 0;
}

/** The score's constants for one set of rules (DESIGN.md section 3). */
interface ScoreRules {
  m: number;
  num: number;
  den: number;
  atMost: boolean;
  /** The daily target, or null for a boolean habit. */
  daily: number | null;
  /** What the window's sum is compared with: num for a boolean habit, daily target × num for a numeric one. */
  windowTarget: number;
}

function scoreRules(habit: HabitRules): ScoreRules {
  const freq = frequency(habit.schedule);
  const target = habit.target;
  let { num, den } = freq;
  if (target === null && num / den < 1) {
    num *= 2;
    den *= 2;
  }
  return {
    m: Math.pow(0.5, Math.sqrt(freq.num / freq.den) / 13),
    num,
    den,
    atMost: target?.direction === 'at_most',
    daily: target === null ? null : target.amount,
    windowTarget: target === null ? num : target.amount * num,
  };
}

/**
 * Scores for every day of the picture, index-aligned with it (index 0 = the habit's first day:
 * the earlier of its start date and its first log).
 *
 * Each day: `score = prev * m + pc * (1 - m)`, `m = 0.5 ^ (sqrt(num/den) / 13)`.
 * - Boolean: `pc = min(1, done days in the last den days / num)`, num and den doubled when
 *   num/den < 1 (Loop smooths irregular schedules this way). Done logs on non-due days count.
 * - Numeric at_least: `pc = min(1, sum / T)`; at_most: `pc = clamp(1 - (sum - T) / T, 0, 1)` and
 *   `prev` starts at 0 like every habit's (a day kept under the limit builds strength like a done
 *   day; starting at 1 made a new habit over its limit read 95% strong). The sum runs over the last den
 *   days, no doubling, and `T = daily target × num`: the target of every due day in the window
 *   (Mon/Wed/Fri compares 7 days' sum with 3 × the target).
 * - A skipped day leaves the score as it was; so does a paused day (a pause must not erode a
 *   habit). Neither adds to the window.
 * - Each day is scored by the rules in force that day (habit.history), so an edit changes the
 *   score from the day it took effect, never before.
 */
export function scoresFromPicture(pic: DayPicture): Float64Array {
  const length = pic.outcome.length;
  const scores = new Float64Array(length);
  const rules = pic.segments.map((segment) => scoreRules(segment.rules));
  // Prefix sums of what each day added, so a window of any length is one subtraction.
  const prefix = new Float64Array(length + 1);
  let prev = 0;
  for (let i = 0; i < length; i++) {
    const r = rules[pic.segment[i]!]!;
    const held = pic.outcome[i] === SKIPPED || pic.paused[i] === 1;
    let add = 0;
    if (!held)
      add = r.daily === null ? (pic.outcome[i] === DONE ? 1 : 0) : numericAmount(pic, i, r.daily, r.atMost);
    prefix[i + 1] = prefix[i]! + add;
    if (!held) {
      const sum = prefix[i + 1]! - prefix[Math.max(0, i + 1 - r.den)]!;
      let pc: number;
      if (r.daily === null) pc = r.num > 0 ? sum / r.num : 0;
      else if (r.windowTarget <= 0) pc = r.atMost && sum > 0 ? 0 : 1;
      else if (r.atMost) pc = 1 - (sum - r.windowTarget) / r.windowTarget;
      else pc = sum / r.windowTarget;
      // The clamp also absorbs float drift of the prefix sums (e.g. -1e-16 after subtractions).
      pc = Math.min(1, Math.max(0, pc));
      prev = prev * r.m + pc * (1 - r.m);
    }
    scores[i] = prev;
  }
  return scores;
}

/**
 * The strength score for each day in [from, to], one entry per day. Days before the habit's first
 * day score 0 for every kind of habit, at_most included: the habit had no strength before it
 * existed. Logs after `to` are ignored.
 */
export function scoreSeries(
  habit: HabitRules,
  logs: readonly DayLog[],
  from: LocalDate,
  to: LocalDate,
): ScorePoint[] {
  const pic = buildPicture(habit, logs, toDayNumber(to));
  const scores = scoresFromPicture(pic);
  const out: ScorePoint[] = [];
  for (let n = toDayNumber(from); n <= pic.asOf; n++) {
    out.push({ date: fromDayNumber(n), score: n < pic.first ? 0 : scores[n - pic.first]! });
  }
  return out;
}

/** The strength score on `asOf` (0 before the habit's first day). */
export function scoreAt(habit: HabitRules, logs: readonly DayLog[], asOf: LocalDate): number {
  const scores = scoresFromPicture(buildPicture(habit, logs, toDayNumber(asOf)));
  return scores.length === 0 ? 0 : scores[scores.length - 1]!;
}
