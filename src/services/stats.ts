/** Numbers and pictures of progress: stats, score series, heatmaps, the member's dashboard. */
import { addDays, daysBetween } from '../domain/dates.js';
import { memberRisk } from '../domain/risk.js';
import { habitStats, heatmap } from '../domain/stats.js';
import { scoreSeries } from '../domain/score.js';
import type { DayLog, HabitStats, LocalDate } from '../domain/types.js';
import { ValidationError } from '../errors.js';
import type { Habit, User } from '../store/entities/index.js';
import { dayLogsOfHabits } from '../store/repositories/index.js';
import { todayFor, type ServiceContext } from './context.js';
import { getHabit, listHabits } from './habits.js';
import { localDateSchema } from './inputs.js';
import { rulesOf } from './rules.js';

/** The longest range a series may cover: ten years and a bit. */
export const MAX_RANGE_DAYS = 3700;

export interface DateRange {
  from?: LocalDate;
  to?: LocalDate;
}

/** A habit's streaks, score, adherence, risk and suggestions as of a day (default: today). */
export async function statsOf(
  ctx: ServiceContext,
  user: User,
  habitOrId: Habit | string,
  asOf?: LocalDate,
): Promise<HabitStats> {
  const habit = await getHabit(ctx, user, habitOrId);
  const day = asOf ? localDateSchema.parse(asOf) : todayFor(ctx, user);
  const logs = await dayLogsOf(ctx, habit, day);
  return habitStats(rulesOf(habit), logs, day);
}

/** The habit strength score of each day in a range (default: the last 90 days). */
export async function scoresOf(ctx: ServiceContext, user: User, habitId: string, range: DateRange) {
  const habit = await getHabit(ctx, user, habitId);
  const { from, to } = resolveRange(range, todayFor(ctx, user), 90);
  return scoreSeries(rulesOf(habit), await dayLogsOf(ctx, habit, to), from, to);
}

/** Each day's status in a range (default: the last 365 days). */
export async function heatmapOf(ctx: ServiceContext, user: User, habitId: string, range: DateRange) {
  const habit = await getHabit(ctx, user, habitId);
  const today = todayFor(ctx, user);
  const { from, to } = resolveRange(range, today, 365);
  return heatmap(rulesOf(habit), await dayLogsOf(ctx, habit, to), from, to, today);
}

/** Every current habit with today's status, streaks and score, plus the member's risk: two queries. */
export async function dashboardOf(ctx: ServiceContext, user: User) {
  const today = todayFor(ctx, user);
  const habits = await listHabits(ctx, user);
  const logsByHabit = await dayLogsOfHabits(
    ctx.em,
    habits.map((habit) => habit.id),
    today,
  );
  const entries = habits.map((habit) => {
    const logs = logsByHabit.get(habit.id) ?? [];
    const stats = habitStats(rulesOf(habit), logs, today);
    const [todayCell] = heatmap(rulesOf(habit), logs, today, today, today);
    return { habit, logs, stats, today: todayCell! };
  });
  const active = entries.filter((entry) => entry.habit.status === 'active');
  const risk = memberRisk(
    active.map((entry) => ({ habit: rulesOf(entry.habit), logs: entry.logs })),
    today,
  );
  return { today, habits: entries, risk };
}

/** Every log of one habit up to a day, as the domain rules read them. */
export async function dayLogsOf(ctx: ServiceContext, habit: Habit, until: LocalDate): Promise<DayLog[]> {
  return (await dayLogsOfHabits(ctx.em, [habit.id], until)).get(habit.id) ?? [];
}

function resolveRange(
  range: DateRange,
  today: LocalDate,
  defaultDays: number,
): { from: LocalDate; to: LocalDate } {
  const to = range.to ?? today;
  const from = range.from ?? addDays(to, -(defaultDays - 1));
  if (from > to) throw ValidationError(`from (${from}) must not be after to (${to}).`);
  if (daysBetween(from, to) >= MAX_RANGE_DAYS) {
    throw ValidationError(`A range covers at most ${MAX_RANGE_DAYS} days.`);
  }
  return { from, to };
}
