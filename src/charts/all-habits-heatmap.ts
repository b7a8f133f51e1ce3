/**
 * All of a member's habits on one calendar, each day coloured by the share of its due habits that
 * were done. A single-hue sequential blue scale stays readable for every common colour-vision
 * deficiency (only lightness changes); days with nothing due are the neutral grey of the habit
 * heatmap, and a day with nothing done gets an outline so it never passes for one of those.
 */
import { wholePercent } from '../domain/percent.js';
import { bordered, solid } from './cells.js';
import { parseDay } from './dates.js';
import {
  HEATMAP_SIZE,
  drawHeatmap,
  firstGridDay,
  markToday,
  type CellPainter,
  type LegendItem,
} from './heatmap-grid.js';
import { createSurface, encodePng } from './surface.js';
import { COLORS } from './theme.js';
import type { AllHabitsHeatmapInput, ChartScale } from './types.js';

/** Bins of the share done, low to high: [upper bound (exclusive, except the last), label, painter]. */
const BINS: readonly [number, string, CellPainter][] = [
  [0, '0%', bordered('#EEF5FC', '#6BAED6')],
  [0.5, '1–49%', solid('#C6DBEF')],
  [0.75, '50–74%', solid('#6BAED6')],
  [1, '75–99%', solid('#2171B5')],
  [Infinity, '100%', solid('#08306B')],
];
const NOTHING_DUE = solid(COLORS.notDue);

/** The bin index of a share done, 0..1; exported so tests can pin the boundaries. */
export function shareBin(share: number): number {
  if (share <= 0) return 0;
  if (share >= 1) return BINS.length - 1;
  const index = BINS.findIndex(([upper], i) => i > 0 && share < upper);
  return index === -1 ? BINS.length - 1 : index;
}

/** Renders the all-habits heatmap to PNG. */
export async function renderAllHabitsHeatmap(
  input: AllHabitsHeatmapInput,
  scale: ChartScale,
): Promise<Buffer> {
  const today = parseDay(input.today);
  const first = firstGridDay(today);
  const shares = new Map<number, number>();
  let dueTotal = 0;
  let doneTotal = 0;
  for (const { date, due, done } of input.days) {
    const day = parseDay(date);
    if (day < first || day > today || !(due > 0)) continue;
    const share = Math.min(1, Math.max(0, done / due));
    shares.set(day, share);
    dueTotal += due;
    doneTotal += Math.min(done, due);
  }
  const legend: LegendItem[] = [
    { label: 'Nothing due', paint: NOTHING_DUE },
    ...BINS.map(([, label, paint]) => ({ label, paint })),
    { label: 'Today', paint: (ctx, x, y, size) => markToday(ctx, x + 1.5, y + 1.5, size - 3) },
  ];
  const summary =
    dueTotal > 0
      ? `${doneTotal} of ${dueTotal} due check-ins done (${wholePercent(doneTotal / dueTotal)}%) in the last 12 months`
      : 'Nothing was due in the last 12 months';
  const { canvas, ctx } = createSurface(HEATMAP_SIZE, scale);
  drawHeatmap(ctx, {
    title: input.title,
    subtitle: input.subtitle ?? summary,
    today,
    cellPainter: (day) => {
      if (day > today) return null;
      const share = shares.get(day);
      return share === undefined ? NOTHING_DUE : BINS[shareBin(share)]![2];
    },
    legend,
  });
  return encodePng(canvas, scale);
}
