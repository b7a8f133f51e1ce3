/**
 * One habit's life as a calendar heatmap, up to its last year: a young habit gets a short calendar
 * rather than a year of empty cells. Done is the one strong colour (Okabe-Ito blue) so a good year
 * looks full at a glance; every other status is a lighter colour plus a shape of its own.
 */
import { bordered, crossed, dotted, pauseSign, solid, striped } from './cells.js';
import { parseDay } from './dates.js';
import {
  HEATMAP_SIZE,
  HEATMAP_WEEKS,
  drawHeatmap,
  firstGridDay,
  heatmapWeeks,
  markToday,
  type CellPainter,
  type LegendItem,
} from './heatmap-grid.js';
import { createSurface, encodePng } from './surface.js';
import { COLORS } from './theme.js';
import type { ChartScale, HabitHeatmapInput, HeatmapDayStatus } from './types.js';

const PAINTERS: Record<HeatmapDayStatus, CellPainter | null> = {
  done: solid(COLORS.blue),
  skipped: striped('#FBE7BD', COLORS.orange),
  missed: crossed(COLORS.vermillion, '#FFFFFF'),
  open: bordered('#FFFFFF', COLORS.blue),
  not_due: solid(COLORS.notDue),
  paused: pauseSign(COLORS.paused, '#FFFFFF'),
  before_start: dotted(COLORS.notStarted, COLORS.grid, COLORS.notStartedMark),
  future: null,
};

const LABELS: Record<HeatmapDayStatus, string> = {
  done: 'Done',
  skipped: 'Skipped',
  missed: 'Missed',
  open: 'Due today',
  not_due: 'Not due',
  paused: 'Paused',
  before_start: 'Not started',
  future: 'Future',
};

// The core statuses always appear in the legend; the rare ones only when the grid shows them.
const ALWAYS: HeatmapDayStatus[] = ['done', 'skipped', 'missed', 'not_due'];
const WHEN_SHOWN: HeatmapDayStatus[] = ['open', 'paused', 'before_start'];

/** The painter of a status's cells and legend swatch; null for days the grid leaves blank. */
export function habitCellPainter(status: HeatmapDayStatus): CellPainter | null {
  return PAINTERS[status];
}

/** Week columns of the habit's grid: its life from `since` (or its earliest listed day), 12 to 53. */
export function habitHeatmapWeeks(input: HabitHeatmapInput): number {
  const today = parseDay(input.today);
  if (input.since !== undefined) return heatmapWeeks(today, parseDay(input.since));
  let since: number | null = null;
  for (const { date, status } of input.days) {
    if (status === 'before_start' || status === 'future') continue;
    const day = parseDay(date);
    if (since === null || day < since) since = day;
  }
  return heatmapWeeks(today, since);
}

/** "the last 12 months" for the widest grid, "the last N weeks" for a shorter one. */
export function heatmapSpanText(weeks: number): string {
  return weeks >= HEATMAP_WEEKS ? 'the last 12 months' : `the last ${weeks} weeks`;
}

/** Resolves the status of every day of the grid: listed days as given, the rest by their place relative to today. */
export function statusByDay(input: HabitHeatmapInput): Map<number, HeatmapDayStatus> {
  const today = parseDay(input.today);
  const weeks = habitHeatmapWeeks(input);
  const first = firstGridDay(today, weeks);
  const given = new Map<number, HeatmapDayStatus>();
  for (const { date, status } of input.days) given.set(parseDay(date), status);
  const result = new Map<number, HeatmapDayStatus>();
  for (let day = first; day < first + weeks * 7; day++) {
    result.set(day, day > today ? 'future' : (given.get(day) ?? 'before_start'));
  }
  return result;
}

/** The statuses the legend names, in order: the core ones always, the rare ones when the grid shows them. */
export function legendStatuses(shown: ReadonlySet<HeatmapDayStatus>): HeatmapDayStatus[] {
  return [...ALWAYS, ...WHEN_SHOWN.filter((s) => shown.has(s))];
}

/** A default subtitle: the counts that matter over the span shown. */
function summary(statuses: Iterable<HeatmapDayStatus>, weeks: number): string {
  const counts = { done: 0, skipped: 0, missed: 0 };
  for (const s of statuses) if (s === 'done' || s === 'skipped' || s === 'missed') counts[s] += 1;
  if (counts.done + counts.skipped + counts.missed === 0) return 'No check-ins yet';
  return `${counts.done} done · ${counts.skipped} skipped · ${counts.missed} missed in ${heatmapSpanText(weeks)}`;
}

/** Renders the habit heatmap to PNG. */
export async function renderHabitHeatmap(input: HabitHeatmapInput, scale: ChartScale): Promise<Buffer> {
  const today = parseDay(input.today);
  const weeks = habitHeatmapWeeks(input);
  const statuses = statusByDay(input);
  const legend: LegendItem[] = legendStatuses(new Set(statuses.values())).map((s) => ({
    label: LABELS[s],
    paint: PAINTERS[s]!,
  }));
  legend.push({
    label: 'Today',
    paint: (ctx, x, y, size) => {
      solid(COLORS.background)(ctx, x, y, size);
      markToday(ctx, x + 1.5, y + 1.5, size - 3);
    },
  });
  const { canvas, ctx } = createSurface(HEATMAP_SIZE, scale);
  drawHeatmap(ctx, {
    title: input.title,
    subtitle: input.subtitle ?? summary(statuses.values(), weeks),
    today,
    weeks,
    cellPainter: (day) => PAINTERS[statuses.get(day) ?? 'future'],
    legend,
  });
  return encodePng(canvas, scale);
}
