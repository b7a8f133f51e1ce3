/**
 * The vocabulary of the domain rules (DESIGN.md section 3). Everything here is plain data so the
 * rules stay pure: no I/O, no ORM entities, no clocks.
 */

/** A calendar day in the member's local time, as `YYYY-MM-DD`. */
export type LocalDate = string;

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
/** A weekday by its short English name; `mon` is ISO weekday 1. */
export type Weekday = (typeof WEEKDAYS)[number];

export type Schedule =
  | { kind: 'daily' }
  | { kind: 'weekdays'; days: Weekday[] }
  | { kind: 'every_n_days'; n: number }
  | { kind: 'per_period'; times: number; period: 'week' | 'month' };

export type TargetDirection = 'at_least' | 'at_most';

/** A numeric habit's daily target, e.g. at least 2 km, or at most 3 coffees. */
export interface NumericTarget {
  amount: number;
  unit: string;
  direction: TargetDirection;
}

export type Difficulty = 'easy' | 'medium' | 'hard';

/** A span during which a habit was paused; both ends inclusive, `to` null while still paused. */
export interface PausedSpan {
  from: LocalDate;
  to: LocalDate | null;
}

/** What the rules need to know about a habit. */
export interface HabitRules {
  schedule: Schedule;
  target: NumericTarget | null;
  startDate: LocalDate;
  pausedSpans: PausedSpan[];
  difficulty: Difficulty;
}

export type LogStatus = 'done' | 'skipped' | 'missed';

/** One day's log of one habit (at most one per habit per local date). */
export interface DayLog {
  date: LocalDate;
  status: LogStatus;
  amount: number | null;
}
