/**
 * The GitHub-style calendar grid both heatmaps share: up to 53 week columns (the current week last,
 * Monday on top), month labels above, Mon/Wed/Fri on the left, a legend under the grid and today
 * outlined. chart.js has no calendar chart without a plugin, and the grid is only rectangles, so it
 * is drawn straight on the canvas; the header comes from the same code as the chart.js charts.
 */
import type { SKRSContext2D } from '@napi-rs/canvas';
import { dayOfMonth, mondayOf, monthName, weekdayIndex } from './dates.js';
import { drawHeader, headerHeight } from './surface.js';
import { COLORS, PADDING, TYPE, font, measure } from './theme.js';
import type { ChartSize } from './types.js';

/** Columns in the widest grid: 52 full weeks before the current one, plus the current week. */
export const HEATMAP_WEEKS = 53;

/** Columns in the narrowest grid: a young habit still gets a calendar that reads as one. */
export const MIN_HEATMAP_WEEKS = 12;

/**
 * Columns for a life that began on day `since` (null: not begun): from its week to the current
 * one, at least MIN_HEATMAP_WEEKS and at most HEATMAP_WEEKS, so a young habit is not a year of
 * empty cells and an old one still shows its last year.
 */
export function heatmapWeeks(today: number, since: number | null): number {
  const lived = since === null ? 0 : (mondayOf(today) - mondayOf(since)) / 7 + 1;
  return Math.min(HEATMAP_WEEKS, Math.max(MIN_HEATMAP_WEEKS, lived));
}

const CELL = 11;
const GAP = 2;
const PITCH = CELL + GAP;
const LABEL_GAP = 8;
const WEEKDAY_LABELS: readonly [number, string][] = [
  [0, 'Mon'],
  [2, 'Wed'],
  [4, 'Fri'],
];
const LEGEND_SWATCH = 13;

/** Draws one cell (or legend swatch) whose top-left corner is (x, y) and side `size`. */
export type CellPainter = (ctx: SKRSContext2D, x: number, y: number, size: number) => void;

/** One legend entry: a swatch drawn by the same painter as the cells, and its label. */
export interface LegendItem {
  label: string;
  paint: CellPainter;
}

/** What a heatmap chart supplies to the shared grid. */
export interface HeatmapSpec {
  title: string;
  subtitle: string;
  today: number;
  /** Columns to draw, ending with the current week; HEATMAP_WEEKS when omitted. */
  weeks?: number;
  /** The painter of each day in the grid, or null to leave the day blank (days after today). */
  cellPainter: (day: number) => CellPainter | null;
  legend: LegendItem[];
}

// Vertically: header (always with a subtitle), month labels, seven rows, legend, padding.
const GRID_TOP = headerHeight('x') + 26;
const LEGEND_TOP = GRID_TOP + 7 * PITCH - GAP + 22;

/** The fixed size of both heatmaps; wide enough for 53 columns, no taller than the grid needs. */
export const HEATMAP_SIZE: ChartSize = { width: 800, height: LEGEND_TOP + LEGEND_SWATCH + PADDING + 4 };

/** The first day (a Monday) shown in a grid of `weeks` columns that ends with the week of `today`. */
export function firstGridDay(today: number, weeks: number = HEATMAP_WEEKS): number {
  return mondayOf(today) - (weeks - 1) * 7;
}

/** Month labels as [column, name], one at each column holding a month's first day, never crowding. */
export function monthLabels(today: number, weeks: number = HEATMAP_WEEKS): [number, string][] {
  const first = firstGridDay(today, weeks);
  const labels: [number, string][] = [];
  for (let col = 0; col < weeks; col++) {
    for (let row = 0; row < 7; row++) {
      const day = first + col * 7 + row;
      if (dayOfMonth(day) === 1) labels.push([col, monthName(day)]);
    }
  }
  // The partial month the grid opens with gets a label only when it has room before the next one.
  if (labels.length === 0 || labels[0]![0] >= 3) labels.unshift([0, monthName(first)]);
  return labels;
}

/** Draws the whole heatmap: header, labels, cells, today's outline and the legend. */
export function drawHeatmap(ctx: SKRSContext2D, spec: HeatmapSpec): void {
  const { width } = HEATMAP_SIZE;
  drawHeader(ctx, width, spec.title, spec.subtitle);
  ctx.font = font(TYPE.small);
  const labelWidth = Math.max(...WEEKDAY_LABELS.map(([, l]) => measure(l, ctx.font)));
  const weeks = spec.weeks ?? HEATMAP_WEEKS;
  const fullWidth = HEATMAP_WEEKS * PITCH - GAP;
  // Place the grid where the widest one sits, centred with its labels, so a shorter one grows to
  // the right week by week and the legend under it always fits; whole pixels keep cells crisp.
  const left = Math.round((width - (labelWidth + LABEL_GAP + fullWidth)) / 2 + labelWidth + LABEL_GAP);
  const first = firstGridDay(spec.today, weeks);

  ctx.fillStyle = COLORS.muted;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'right';
  for (const [row, label] of WEEKDAY_LABELS)
    ctx.fillText(label, left - LABEL_GAP, GRID_TOP + row * PITCH + CELL / 2);
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
  for (const [col, label] of monthLabels(spec.today, weeks))
    ctx.fillText(label, left + col * PITCH, GRID_TOP - 8);

  for (let col = 0; col < weeks; col++) {
    for (let row = 0; row < 7; row++) {
      const painter = spec.cellPainter(first + col * 7 + row);
      if (painter) painter(ctx, left + col * PITCH, GRID_TOP + row * PITCH, CELL);
    }
  }
  const todayCol = (mondayOf(spec.today) - first) / 7;
  markToday(ctx, left + todayCol * PITCH, GRID_TOP + weekdayIndex(spec.today) * PITCH, CELL);
  drawLegend(ctx, spec.legend, left - labelWidth - LABEL_GAP, LEGEND_TOP);
}

/** Today's outline: a dark ring just outside the cell, so the cell keeps its own fill and mark. */
export function markToday(ctx: SKRSContext2D, x: number, y: number, size: number): void {
  ctx.save();
  ctx.strokeStyle = COLORS.text;
  ctx.lineWidth = 2;
  ctx.strokeRect(x - 1.5, y - 1.5, size + 3, size + 3);
  ctx.restore();
}

function drawLegend(ctx: SKRSContext2D, items: LegendItem[], x: number, y: number): void {
  ctx.font = font(TYPE.small);
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  let cursor = x;
  for (const item of items) {
    item.paint(ctx, cursor, y, LEGEND_SWATCH);
    ctx.fillStyle = COLORS.text;
    ctx.font = font(TYPE.small);
    ctx.fillText(item.label, cursor + LEGEND_SWATCH + 6, y + LEGEND_SWATCH / 2 + 0.5);
    cursor += LEGEND_SWATCH + 6 + measure(item.label, ctx.font) + 18;
  }
}
