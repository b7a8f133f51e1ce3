/** Streak milestones (DESIGN.md section 3): announced when a live streak first reaches one. */
import { streaks } from './streaks.js';
import type { DayLog, HabitRules, LocalDate } from './types.js';

export const MILESTONES = [7, 14, 21, 30, 50, 66, 100, 200, 365] as const;

/**
 * The milestone that a log on `date` made the live streak reach, or null: `logsBefore` are the
 * habit's logs as they were, `streakAfter` the live streak with the log (the caller's stats have
 * it already). Only a log for today counts (a backfill fills in history, it does not make a
 * moment), and only a change that crosses a milestone: re-logging a day that already reached it
 * announces nothing. Lengths are in the habit's own streak unit (due days, weeks or months).
 */
export function milestoneReached(
  habit: HabitRules,
  logsBefore: readonly DayLog[],
  streakAfter: number,
  date: LocalDate,
  today: LocalDate,
): number | null {
  if (date !== today) return null;
  const before = streaks(habit, logsBefore, today, 0).current;
  return MILESTONES.filter((milestone) => before < milestone && streakAfter >= milestone).at(-1) ?? null;
}
