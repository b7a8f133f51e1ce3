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

/**
 * Rules a habit had before an edit: its schedule and target, in force up to and including `until`.
 * Each day is judged by the rules in force that day, so an edit never rewrites the past.
 */
export interface PastRules {
  until: LocalDate;
  schedule: Schedule;
  target: NumericTarget | null;
}

/** What the rules need to know about a habit. */
export interface HabitRules {
  /** The rules in force now (and after the last of `history`). */
  schedule: Schedule;
  target: NumericTarget | null;
  startDate: LocalDate;
  pausedSpans: PausedSpan[];
  difficulty: Difficulty;
  /** Earlier rules, oldest first; absent or empty when the rules never changed. */
  history?: readonly PastRules[];
}

export type LogStatus = 'done' | 'skipped' | 'missed';

/** One day's log of one habit (at most one per habit per local date). */
export interface DayLog {
  date: LocalDate;
  status: LogStatus;
  amount: number | null;
}

/** One unbroken streak. Its length is in done due days, or in periods for `per_period` habits. */
export interface StreakRun {
  start: LocalDate;
  end: LocalDate;
  length: number;
}

/** What a streak length counts: done due days, or weeks / months whose target was reached. */
export type StreakUnit = 'days' | 'weeks' | 'months';

export interface Streaks {
  /** The run still alive as of today; 0 once broken. */
  current: number;
  longest: number;
  /** The best runs, longest first; equal lengths most recent first. */
  best: StreakRun[];
  unit: StreakUnit;
}

export interface ScorePoint {
  date: LocalDate;
  score: number;
}

/** How a heatmap paints one day. */
export type HeatmapStatus =
  | 'done'
  | 'skipped'
  | 'missed'
  /** Due today, nothing settled yet. */
  | 'open'
  | 'not_due'
  | 'paused'
  | 'future'
  | 'before_start';

export interface HeatmapDay {
  date: LocalDate;
  status: HeatmapStatus;
  amount: number | null;
}

export type Suggestion =
  | { kind: 'lower_frequency'; schedule: Schedule; message: string }
  /** An at-most habit that keeps going over: a looser limit to hold first, then tighten. */
  | { kind: 'looser_limit'; target: NumericTarget; message: string }
  | { kind: 'easier_difficulty'; difficulty: Difficulty; message: string }
  | { kind: 'restart'; message: string };

export type RiskLevel = 'low' | 'medium' | 'high';

/** The inputs of a member's risk score, each reported so a mentor can see why. */
export interface RiskFactors {
  /** Missed due days over settled due days in the last 3 days (0 when none were due). */
  missRate3: number;
  /** The same over the last 7 days. */
  missRate7: number;
  adherence7: number | null;
  adherence30: number | null;
  /** max(0, adherence30 - adherence7); 0 when either is unknown. */
  adherenceDrop: number;
  /** Days since the member's latest log on any habit; null when there is none. */
  daysSinceLastLog: number | null;
}

export interface MemberRisk {
  score: number;
  level: RiskLevel;
  factors: RiskFactors;
}

export interface GoalProgress {
  current: number;
  target: number;
  /** current / target, between 0 and 1. */
  fraction: number;
  completed: boolean;
}

export interface HabitStats {
  currentStreak: number;
  longestStreak: number;
  bestStreaks: StreakRun[];
  streakUnit: StreakUnit;
  score: number;
  adherence: { d7: number | null; d30: number | null; d90: number | null };
  /** adherence.d30 as a whole percentage; null when nothing was due. */
  consistency: number | null;
  atRisk: boolean;
  suggestions: Suggestion[];
}
