/**
 * What a day's log means for a habit. The rules classify each log once, into an outcome code, so
 * the per-day loops compare small integers instead of re-reading statuses and targets.
 */
import type { DayLog, HabitRules } from './types.js';

/** No log on the day. */
export const NONE = 0;
/** A done log (for numeric habits, one whose amount meets the target). */
export const DONE = 1;
/** A skipped log: an excused day, never a miss. */
export const SKIPPED = 2;
/** A missed log, or an at_most log over its limit: the day is settled as not done. */
export const MISSED = 3;
/**
 * A done log whose amount is still short of an at_least target. On a past day it is a miss; on
 * today it is progress, and today stays open because the member can still log more.
 */
export const SHORT = 4;

export type Outcome = typeof NONE | typeof DONE | typeof SKIPPED | typeof MISSED | typeof SHORT;

/**
 * Whether a log counts as done. Skipped and missed never do. A numeric habit's done log counts when
 * its amount meets the target (at_least: amount >= target; at_most: amount <= target); a done log
 * without an amount counts as done, since the member said so and gave no number to contradict it.
 */
export function isDoneLog(habit: HabitRules, log: DayLog): boolean {
  if (log.status !== 'done') return false;
  const target = habit.target;
  if (target === null || log.amount === null) return true;
  return target.direction === 'at_least' ? log.amount >= target.amount : log.amount <= target.amount;
}

/** The outcome code of a log (see the constants above). */
export function logOutcome(habit: HabitRules, log: DayLog): Outcome {
  if (log.status === 'skipped') return SKIPPED;
  if (log.status === 'missed') return MISSED;
  if (isDoneLog(habit, log)) return DONE;
  // An at_most amount only grows during a day, so going over the limit settles the day.
  return habit.target?.direction === 'at_most' ? MISSED : SHORT;
}
