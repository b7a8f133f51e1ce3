/**
 * Chart images of a member's progress: the services gather the numbers, the chart renderer
 * (src/charts) draws them. Every chart here is one query for the logs plus domain rules.
 */
import { habitHeatmapWeeks, heatmapSpanText } from '../charts/habit-heatmap.js';
import type { ChartRenderer } from '../charts/index.js';
import { adherence } from '../domain/adherence.js';
import { addDays, daysBetween, startOfWeek } from '../domain/dates.js';
import { isDoneLog } from '../domain/logs.js';
import { isDue } from '../domain/schedule.js';
import { wholePercent } from '../domain/percent.js';
import { scoreSeries } from '../domain/score.js';
import { heatmap } from '../domain/stats.js';
import type { DayLog, HabitRules, LocalDate } from '../domain/types.js';
import type { User } from '../store/entities/index.js';
import { dayLogsOfHabits } from '../store/repositories/index.js';
import { todayFor, type ServiceContext } from './context.js';
import { getGoal, goalHistory, progressOf } from './goals.js';
import { getHabit, listHabits } from './habits.js';
import { rulesOf } from './rules.js';
import { countText } from '../language/units.js';

export type HabitChartKind = 'heatmap' | 'weekly' | 'trend';
export const HABIT_CHART_KINDS: readonly HabitChartKind[] = ['heatmap', 'weekly', 'trend'];

export interface ChartImage {
  png: Buffer;
  alt: string;
}

/** One habit's chart: the heatmap of its life (12 to 53 weeks), the last 12 weeks' bars, or the 90-day trend. */
export async function habitChart(
  ctx: ServiceContext,
  charts: ChartRenderer,
  user: User,
  habitId: string,
  kind: HabitChartKind,
): Promise<ChartImage> {
  const habit = await getHabit(ctx, user, habitId);
  const today = todayFor(ctx, user);
  const logs = (await dayLogsOfHabits(ctx.em, [habit.id], today)).get(habit.id) ?? [];
  const rules = rulesOf(habit);
  if (kind === 'heatmap') {
    // The habit's life begins at its start, or at an earlier first log (logs may predate the start).
    const since = logs.reduce((first, log) => (log.date < first ? log.date : first), rules.startDate);
    // The chart decides how many weeks that life spans; the days are resolved for those weeks only.
    const weeks = habitHeatmapWeeks({ title: habit.name, today, since, days: [] });
    const from = addDays(startOfWeek(today), -(weeks - 1) * 7);
    const days = heatmap(rules, logs, from, today, today).map(({ date, status }) => ({ date, status }));
    const png = await charts.render('habit-heatmap', { title: habit.name, today, since, days });
    const done = days.filter((day) => day.status === 'done').length;
    return {
      png,
      alt: `${habit.name}: a calendar of ${heatmapSpanText(weeks)}, ${countText(done, 'day')} done.`,
    };
  }
  if (kind === 'weekly') {
    const weeks = weeklyCounts(rules, logs, today, 12);
    const png = await charts.render('weekly-bars', { title: `${habit.name} · last 12 weeks`, weeks });
    const summary = weeks.map((week) => `${week.done}/${week.due}`).join(', ');
    return { png, alt: `${habit.name}: done against due for each of the last 12 weeks: ${summary}.` };
  }
  const from = addDays(today, -89);
  const scores = scoreSeries(rules, logs, from, today);
  const points = scores.map(({ date, score }) => {
    const d30 = date < rules.startDate ? null : adherence(rules, logs, date, 30);
    return { date, score, consistency: d30 === null ? null : wholePercent(d30) };
  });
  const png = await charts.render('trend', { title: `${habit.name} · strength and consistency`, points });
  const last = points.at(-1)!;
  return {
    png,
    alt: `${habit.name}: strength ${wholePercent(last.score)}% and consistency ${last.consistency ?? '–'}% over 90 days.`,
  };
}

/**
 * All of the member's current habits over the last 52 weeks, each day coloured by the share of
 * due habits done: one query for every habit's logs.
 */
export async function allHabitsChart(
  ctx: ServiceContext,
  charts: ChartRenderer,
  user: User,
): Promise<ChartImage> {
  const today = todayFor(ctx, user);
  const from = addDays(startOfWeek(today), -52 * 7);
  const habits = await listHabits(ctx, user);
  const logsByHabit = await dayLogsOfHabits(
    ctx.em,
    habits.map((habit) => habit.id),
    today,
  );
  const counts = new Map<LocalDate, { due: number; done: number }>();
  for (const habit of habits) {
    for (const day of heatmap(rulesOf(habit), logsByHabit.get(habit.id) ?? [], from, today, today)) {
      // A due day is one that was done, missed, or is still open today; per_period days count when done.
      const due = day.status === 'done' || day.status === 'missed' || day.status === 'open';
      if (!due) continue;
      const cell = counts.get(day.date) ?? { due: 0, done: 0 };
      cell.due++;
      if (day.status === 'done') cell.done++;
      counts.set(day.date, cell);
    }
  }
  const days = [...counts].map(([date, cell]) => ({ date, ...cell }));
  const png = await charts.render('all-habits-heatmap', { title: 'All habits', today, days });
  const perfect = days.filter((day) => day.due > 0 && day.done === day.due).length;
  return {
    png,
    alt: `All ${countText(habits.length, 'habit')} over the last 12 months: ${countText(perfect, 'day')} with everything due done.`,
  };
}

/** A goal's progress toward its target, with the pace line to its deadline. */
export async function goalChart(
  ctx: ServiceContext,
  charts: ChartRenderer,
  user: User,
  goalId: string,
): Promise<ChartImage> {
  const goal = await getGoal(ctx, user, goalId);
  const [progress, history] = await Promise.all([progressOf(ctx, user, goalId), goalHistory(ctx, goal)]);
  const png = await charts.render('goal-progress', {
    title: goal.title,
    unit: goal.unit ?? '',
    target: goal.target,
    current: progress.current,
    startDate: goal.startDate,
    deadline: goal.deadline,
    today: todayFor(ctx, user),
    history,
  });
  const unit = goal.unit ? ` ${goal.unit}` : '';
  return {
    png,
    alt: `${goal.title}: ${progress.current} of ${goal.target}${unit} (${wholePercent(progress.fraction)}%).`,
  };
}

/**
 * Done against due for each of the last `count` weeks (Monday starts), the current one up to
 * today. A per_period habit is due N times a week (a monthly one, its weekly share); logs on
 * days that were not due count as done, capped at what was due; skipped days are excused.
 */
export function weeklyCounts(rules: HabitRules, logs: DayLog[], today: LocalDate, count: number) {
  const done = new Set(logs.filter((log) => isDoneLog(rules, log)).map((log) => log.date));
  // A skipped day is excused, as in adherence: it is neither done nor due.
  const skipped = new Set(logs.filter((log) => log.status === 'skipped').map((log) => log.date));
  const schedule = rules.schedule;
  const weeks = [];
  for (let w = count - 1; w >= 0; w--) {
    const weekStart = addDays(startOfWeek(today), -7 * w);
    let due = 0;
    let doneCount = 0;
    for (let d = 0; d < 7; d++) {
      const date = addDays(weekStart, d);
      if (date > today || date < rules.startDate) continue;
      if (isDue(rules, date) && !skipped.has(date)) due++;
      if (done.has(date)) doneCount++;
    }
    if (schedule.kind === 'per_period') {
      const activeDays = Math.max(
        0,
        Math.min(7, daysBetween(maxDate(weekStart, rules.startDate), addDays(weekStart, 7))),
      );
      const perWeek = schedule.period === 'week' ? schedule.times : (schedule.times * 7) / 30;
      due = Math.round((perWeek * activeDays) / 7);
    }
    weeks.push({ weekStart, done: Math.min(doneCount, due), due });
  }
  return weeks;
}

function maxDate(a: LocalDate, b: LocalDate): LocalDate {
  return a > b ? a : b;
}
