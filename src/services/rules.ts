/** Bridges stored habits and logs to the pure domain rules. */
import type { DayLog, HabitRules } from '../domain/types.js';
import type { Habit } from '../store/entities/index.js';
import type { ServiceContext } from './context.js';

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

interface LogRow {
  habit_id: string;
  date: string;
  status: DayLog['status'];
  amount: number | null;
}

/**
 * Every log of the given habits, grouped by habit, in one query over the (habit_id, date) unique
 * index: lists and dashboards never query per habit.
 */
export async function loadDayLogs(
  ctx: ServiceContext,
  habitIds: string[],
  until?: string,
): Promise<Map<string, DayLog[]>> {
  const byHabit = new Map<string, DayLog[]>(habitIds.map((id) => [id, []]));
  if (habitIds.length === 0) return byHabit;
  const rows = await ctx.em.getConnection().execute<LogRow[]>(
    `select habit_id, date::text as date, status, amount from habit_logs
     where habit_id in (?) ${until ? 'and date <= ?' : ''} order by habit_id, date`,
    until ? [habitIds, until] : [habitIds],
  );
  for (const row of rows) {
    byHabit.get(row.habit_id)?.push({ date: row.date, status: row.status, amount: row.amount });
  }
  return byHabit;
}
