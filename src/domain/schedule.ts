/**
 * When a habit is due. `per_period` habits have no single due day: their rules count done days
 * per week or month instead (see periods.ts).
 */
import { isoWeekdayOfDay, toDayNumber } from './dates.js';
import { WEEKDAYS } from './types.js';
import type { HabitRules, LocalDate, Schedule } from './types.js';

/** A schedule's frequency as a fraction of days, `num / den`. */
export interface Frequency {
  num: number;
  den: number;
}

/** Distinct ISO weekdays (1..7) of a `weekdays` schedule, as a lookup indexed by ISO weekday. */
export function weekdayMask(days: readonly string[]): boolean[] {
  const mask = [false, false, false, false, false, false, false, false];
  for (const day of days) {
    const i = WEEKDAYS.indexOf(day as (typeof WEEKDAYS)[number]);
    if (i >= 0) mask[i + 1] = true;
  }
  return mask;
}

/**
 * The schedule's frequency as DESIGN.md defines it for the strength score: daily 1/1; k weekdays
 * k/7; every n days 1/n; N per week N/7; N per month N/30, kept with those numbers (7 weekdays is
 * 7/7, not 1/1: the window is then the last 7 days, as the specification writes it).
 */
export function frequency(schedule: Schedule): Frequency {
  let f: Frequency;
  switch (schedule.kind) {
    case 'daily':
      f = { num: 1, den: 1 };
      break;
    case 'weekdays':
      f = { num: weekdayMask(schedule.days).filter(Boolean).length, den: 7 };
      break;
    case 'every_n_days':
      f = { num: 1, den: schedule.n };
      break;
    case 'per_period':
      f = { num: schedule.times, den: schedule.period === 'week' ? 7 : 30 };
      break;
  }
  return f;
}

/** Whether `date` falls in one of the habit's paused spans (both ends inclusive; open `to` = still paused). */
export function isPaused(habit: HabitRules, date: LocalDate): boolean {
  const n = toDayNumber(date);
  return habit.pausedSpans.some(
    (span) => n >= toDayNumber(span.from) && (span.to === null || n <= toDayNumber(span.to)),
  );
}

/**
 * Whether the schedule alone makes day number `n` due, given the start day. Ignores pauses and
 * days before the start; `every_n_days` counts from the start date (the start day itself is due).
 */
export function scheduledOnDay(schedule: Schedule, start: number, n: number, mask: boolean[]): boolean {
  switch (schedule.kind) {
    case 'daily':
      return true;
    case 'weekdays':
      return mask[isoWeekdayOfDay(n)] === true;
    case 'every_n_days':
      return (n - start) % schedule.n === 0;
    case 'per_period':
      return false;
  }
}

/**
 * Whether the habit is due on `date`: never before its start date, never on a paused day, and
 * never for `per_period` habits, which have no single due day.
 */
export function isDue(habit: HabitRules, date: LocalDate): boolean {
  const start = toDayNumber(habit.startDate);
  const n = toDayNumber(date);
  if (n < start || isPaused(habit, date)) return false;
  const mask = habit.schedule.kind === 'weekdays' ? weekdayMask(habit.schedule.days) : [];
  return scheduledOnDay(habit.schedule, start, n, mask);
}
