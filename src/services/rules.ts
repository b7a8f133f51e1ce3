/** Bridges stored habits to the pure domain rules (their logs: dayLogsOfHabits in src/store/repositories). */
import type { HabitRules } from '../domain/types.js';
import type { Habit } from '../store/entities/index.js';

/** The part of a habit the domain rules read. */
export function rulesOf(habit: Habit): HabitRules {
  return {
    schedule: habit.schedule,
    target: habit.target,
    startDate: habit.startDate,
    pausedSpans: habit.pausedSpans,
    difficulty: habit.difficulty,
    history: habit.ruleHistory,
  };
}
