/**
 * What a reminder lists: the habits still to do on a day. A habit is still to do when the schedule
 * makes the day due (never before its start, never while paused) and the day's log does not settle
 * it: done, skipped or missed settle it; no log, or an amount still short of an at-least target,
 * leave it open. A per-week or per-month habit is still to do until its period's count is reached.
 */
import { toDayNumber } from './dates.js';
import { DONE, logOutcome, NONE, SHORT } from './logs.js';
import { periodOf } from './periods.js';
import { habitAsOf } from './picture.js';
import { isDue, isPaused } from './schedule.js';
import type { DayLog, HabitRules, LocalDate } from './types.js';

/** Whether a habit is still to do on a day, and for per-period habits how far the period is. */
export interface StillToDo {
  due: boolean;
  /** For per-period habits: done days so far in the period, of `times`. */
  progress?: { done: number; times: number; period: 'week' | 'month' };
}

/**
 * Whether `habit` is still to do on `date`, from its logs of that day, and for a per-period habit
 * of that day's period up to it. Other logs are ignored, so a caller reads only those.
 */
export function stillToDo(habit: HabitRules, logs: readonly DayLog[], date: LocalDate): StillToDo {
  const n = toDayNumber(date);
  const rules = habitAsOf(habit, n);
  const todays = logs.find((log) => log.date === date);
  const outcome = todays ? logOutcome(rules, todays) : NONE;
  const open = outcome === NONE || outcome === SHORT;
  const schedule = rules.schedule;
  if (schedule.kind !== 'per_period') return { due: open && isDue(rules, date) };
  if (n < toDayNumber(rules.startDate) || isPaused(rules, date)) return { due: false };
  const first = periodOf(schedule.period, n)[0];
  const done = logs.filter((log) => {
    const day = toDayNumber(log.date);
    return day >= first && day <= n && logOutcome(rules, log) === DONE;
  }).length;
  return {
    due: open && done < schedule.times,
    progress: { done, times: schedule.times, period: schedule.period },
  };
}
