/**
 * The table from chart kind to renderer and size. Keeping the dispatch in one typed record means a
 * new kind fails to compile until it has both a renderer and a size.
 */
import { renderAllHabitsHeatmap } from './all-habits-heatmap.js';
import { renderGoalProgress, GOAL_PROGRESS_SIZE } from './goal-progress.js';
import { renderGroupWeek, GROUP_WEEK_SIZE } from './group-week.js';
import { renderHabitHeatmap } from './habit-heatmap.js';
import { HEATMAP_SIZE } from './heatmap-grid.js';
import { renderTrend, TREND_SIZE } from './trend.js';
import type { ChartInputs, ChartKind, ChartScale, ChartSize } from './types.js';
import { renderWeeklyBars, WEEKLY_BARS_SIZE } from './weekly-bars.js';

/** Draws one chart to PNG bytes, without any caching. */
export type DrawChart = <K extends ChartKind>(
  kind: K,
  input: ChartInputs[K],
  scale: ChartScale,
) => Promise<Buffer>;

const RENDERERS: { [K in ChartKind]: (input: ChartInputs[K], scale: ChartScale) => Promise<Buffer> } = {
  'habit-heatmap': renderHabitHeatmap,
  'all-habits-heatmap': renderAllHabitsHeatmap,
  'weekly-bars': renderWeeklyBars,
  trend: renderTrend,
  'goal-progress': renderGoalProgress,
  'group-week': renderGroupWeek,
};

/** Each kind's size in CSS pixels (the PNG is this times the scale). Heatmaps are as tall as their grid needs. */
export const CHART_SIZES: Readonly<Record<ChartKind, ChartSize>> = {
  'habit-heatmap': HEATMAP_SIZE,
  'all-habits-heatmap': HEATMAP_SIZE,
  'weekly-bars': WEEKLY_BARS_SIZE,
  trend: TREND_SIZE,
  'goal-progress': GOAL_PROGRESS_SIZE,
  'group-week': GROUP_WEEK_SIZE,
};

/** Draws `kind` from `input` at `scale`: the uncached path behind the renderer. */
export const drawChart: DrawChart = (kind, input, scale) => RENDERERS[kind](input, scale);
