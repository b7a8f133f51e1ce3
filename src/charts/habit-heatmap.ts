/**
 * One habit's year as a calendar heatmap. Done is the one strong colour (Okabe-Ito blue) so a good
 * year looks full at a glance; every other status is a lighter colour plus a shape of its own.
 */
import { bordered, crossed, pauseSign, solid, striped } from './cells.js';
import { parseDay } from './dates.js';
import {
  HEATMAP_SIZE,
  HEATMAP_WEEKS,
  drawHeatmap,
  firstGridDay,
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
  before_start: solid(COLORS.empty),
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

/** Resolves the status of every day of the grid: listed days as given, the rest by their place relative to today. */
export function statusByDay(input: HabitHeatmapInput): Map<number, HeatmapDayStatus> {
  const today = parseDay(input.today);
  const first = firstGridDay(today);
  const given = new Map<number, HeatmapDayStatus>();
  for (const { date, status } of input.days) given.set(parseDay(date), status);
  const result = new Map<number, HeatmapDayStatus>();
  for (let day = first; day < first + HEATMAP_WEEKS * 7; day++) {
    result.set(day, day > today ? 'future' : (given.get(day) ?? 'before_start'));
  }
  return result;
}

/** A default subtitle: the counts that matter over the year shown. */
function summary(statuses: Iterable<HeatmapDayStatus>): string {
  const counts = { done: 0, skipped: 0, missed: 0 };
  for (const s of statuses) if (s === 'done' || s === 'skipped' || s === 'missed') counts[s] += 1;
  if (counts.done + counts.skipped + counts.missed === 0) return 'No check-ins in the last 12 months yet';
  return `${counts.done} done · ${counts.skipped} skipped · ${counts.missed} missed in the last 12 months`;
}

/** Renders the habit heatmap to PNG. */
export async function renderHabitHeatmap(input: HabitHeatmapInput, scale: ChartScale): Promise<Buffer> {
  const today = parseDay(input.today);
  const statuses = statusByDay(input);
  const present = new Set(statuses.values());
  const legend: LegendItem[] = [...ALWAYS, ...WHEN_SHOWN.filter((s) => present.has(s))].map((s) => ({
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
    subtitle: input.subtitle ?? summary(statuses.values()),
    today,
    cellPainter: (day) => PAINTERS[statuses.get(day) ?? 'future'],
    legend,
  });
  return encodePng(canvas, scale);
}
