/**
 * The plain-data inputs of every chart. Renderers never see ORM entities or a database: services
 * build these from their own results, so charts can be rendered, cached and tested in isolation.
 * Dates are local calendar days as `YYYY-MM-DD` (the member's day, already resolved by the domain).
 */

/** A local calendar day, `YYYY-MM-DD`. */
export type ChartDate = string;

/** What happened to one habit on one day, as the domain resolves it. */
export type HeatmapDayStatus =
  'done' | 'skipped' | 'missed' | 'open' | 'not_due' | 'paused' | 'future' | 'before_start';

/** Fields every chart accepts. */
interface ChartBase {
  /** Shown as the chart's heading; truncated with an ellipsis when too wide. */
  title: string;
  /** An optional second line under the title (e.g. "Current streak 12 days"); charts that have a useful default summary fill it themselves when omitted. */
  subtitle?: string;
}

/** One habit over its life so far, GitHub style: at least 12 weeks, at most the last 52 plus the current one. */
export interface HabitHeatmapInput extends ChartBase {
  today: ChartDate;
  /** The habit's first day (its start, or an earlier first log); when omitted, the earliest listed day that is not `before_start`. */
  since?: ChartDate;
  /** Any order; days of the grid that are missing count as `before_start` (or `future` after today). */
  days: { date: ChartDate; status: HeatmapDayStatus }[];
}

/** All of a member's habits over the same grid, coloured by the share of due habits done. */
export interface AllHabitsHeatmapInput extends ChartBase {
  today: ChartDate;
  /** `due` habits were due that day and `done` of them were done; days missing count as nothing due. */
  days: { date: ChartDate; due: number; done: number }[];
}

/** Done against due for the last weeks (12 expected; drawn in the order given). */
export interface WeeklyBarsInput extends ChartBase {
  weeks: { weekStart: ChartDate; done: number; due: number }[];
}

/** The habit strength score and the 30-day consistency over time (90 days expected). */
export interface TrendInput extends ChartBase {
  /** `score` is 0..1; `consistency` is a percentage 0..100, or null before there are enough days. */
  points: { date: ChartDate; score: number; consistency: number | null }[];
}

/** Cumulative progress of a goal toward its target, with the pace needed to meet the deadline. */
export interface GoalProgressInput extends ChartBase {
  unit: string;
  target: number;
  current: number;
  startDate: ChartDate;
  deadline: ChartDate | null;
  today: ChartDate;
  /** Cumulative value at the end of each listed day; days in between keep the previous value. */
  history: { date: ChartDate; value: number }[];
}

/** A group's week: one bar per member. */
export interface GroupWeekInput extends ChartBase {
  weekStart: ChartDate;
  members: { name: string; done: number; due: number }[];
}

/** Every chart kind and the input it takes: the single source for the renderer's typing. */
export interface ChartInputs {
  'habit-heatmap': HabitHeatmapInput;
  'all-habits-heatmap': AllHabitsHeatmapInput;
  'weekly-bars': WeeklyBarsInput;
  trend: TrendInput;
  'goal-progress': GoalProgressInput;
  'group-week': GroupWeekInput;
}

/** The name of a chart kind, e.g. `habit-heatmap`. */
export type ChartKind = keyof ChartInputs;

/** Every chart kind, in a stable order (used by tests, the benchmark and route validation). */
export const CHART_KINDS = [
  'habit-heatmap',
  'all-habits-heatmap',
  'weekly-bars',
  'trend',
  'goal-progress',
  'group-week',
] as const satisfies readonly ChartKind[];

/** Pixel density: 1 for plain, 2 for sharp images on high-density screens (the size in CSS pixels is the same). */
export type ChartScale = 1 | 2;

/** Options of one render. */
export interface RenderOptions {
  /** Defaults to 2, because every chat client shows previews on high-density screens. */
  scale?: ChartScale;
}

/** A chart's size in CSS pixels; the PNG is this times the scale. */
export interface ChartSize {
  width: number;
  height: number;
}
