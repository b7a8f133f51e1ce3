/**
 * Warnings before a miss, for a member's active habits: the chance of missing each one's next due
 * day (the model: src/domain/forecast.ts). The mentor web page shows those above WARNING_THRESHOLD;
 * the early-warning job tells mentors the evening before (src/jobs/early-warning.ts).
 */
import { missForecast, type MissForecast } from '../domain/forecast.js';
import type { User } from '../store/entities/index.js';
import { dayLogsOfHabits } from '../store/repositories/index.js';
import { todayFor, type ServiceContext } from './context.js';
import { listHabits } from './habits.js';
import { rulesOf } from './rules.js';

/** Above this chance of a miss, a mentor is warned. */
export const WARNING_THRESHOLD = 0.6;

export interface HabitForecast extends MissForecast {
  habitId: string;
  habitName: string;
}

/**
 * The forecast of each active habit of `member` that has a next due day (per-period habits and
 * habits paused without an end have none), likeliest miss first, then by name: two queries.
 */
export async function missForecasts(ctx: ServiceContext, member: User): Promise<HabitForecast[]> {
  const today = todayFor(ctx, member);
  const habits = (await listHabits(ctx, member)).filter((habit) => habit.status === 'active');
  const logs = await dayLogsOfHabits(
    ctx.em,
    habits.map((habit) => habit.id),
    today,
  );
  return habits
    .flatMap((habit): HabitForecast[] => {
      const forecast = missForecast(rulesOf(habit), logs.get(habit.id) ?? [], today);
      return forecast ? [{ habitId: habit.id, habitName: habit.name, ...forecast }] : [];
    })
    .sort((a, b) => b.probability - a.probability || a.habitName.localeCompare(b.habitName));
}
