/**
 * The habit strength score and the 30-day consistency over the last 90 days, both as percentages
 * on one 0-100% axis. The two lines differ by colour (blue and orange, distinct for every common
 * colour-vision deficiency) and by style (solid with a filled area against dashed).
 */
import { wholePercent } from '../domain/percent.js';
import { axisStyle, lineLegendStyle, renderChartJs } from './chartjs.js';
import { parseDay, shortDate } from './dates.js';
import { COLORS } from './theme.js';
import type { ChartScale, ChartSize, TrendInput } from './types.js';

/** Size of the trend chart in CSS pixels. */
export const TREND_SIZE: ChartSize = { width: 800, height: 400 };

const clampPercent = (value: number): number => Math.min(100, Math.max(0, value));

/**
 * The default subtitle: the latest strength and consistency, each rounded once from its own value
 * (as the stats text rounds it), never from the tenth-rounded value the line is plotted with.
 */
export function trendSummary(input: TrendInput): string {
  const last = input.points.reduce<TrendInput['points'][number] | undefined>(
    (latest, p) => (latest && parseDay(latest.date) >= parseDay(p.date) ? latest : p),
    undefined,
  );
  if (!last) return 'No history yet';
  const strength = `Now: strength ${clampPercent(wholePercent(last.score))}%`;
  return last.consistency === null
    ? strength
    : `${strength} · consistency ${clampPercent(Math.round(last.consistency))}%`;
}

/** Renders the trend chart to PNG. */
export async function renderTrend(input: TrendInput, scale: ChartScale): Promise<Buffer> {
  const points = [...input.points].sort((a, b) => parseDay(a.date) - parseDay(b.date));
  const strength = points.map((p) => Math.round(clampPercent(p.score * 100) * 10) / 10);
  const consistency = points.map((p) => (p.consistency === null ? null : clampPercent(p.consistency)));
  const subtitle = input.subtitle ?? trendSummary(input);
  return renderChartJs(
    {
      type: 'line',
      data: {
        labels: points.map((p) => shortDate(parseDay(p.date))),
        datasets: [
          {
            label: 'Strength',
            data: strength,
            borderColor: COLORS.blue,
            backgroundColor: 'rgba(0, 114, 178, 0.12)',
            borderWidth: 3,
            fill: 'origin',
            pointRadius: 0,
            tension: 0.25,
          },
          {
            label: 'Consistency (30 days)',
            data: consistency,
            borderColor: COLORS.orange,
            backgroundColor: COLORS.orange,
            borderWidth: 3,
            borderDash: [8, 5],
            pointRadius: 0,
            tension: 0.25,
            // A null before the first 30 days is "not known yet": leave the gap rather than draw zero.
            spanGaps: false,
          },
        ],
      },
      options: {
        plugins: {
          legend: lineLegendStyle(),
        },
        scales: {
          x: {
            ...axisStyle(),
            grid: { display: false },
            ticks: { ...axisStyle().ticks, autoSkip: true, maxTicksLimit: 7, maxRotation: 0 },
          },
          y: {
            ...axisStyle(),
            min: 0,
            max: 100,
            ticks: { ...axisStyle().ticks, stepSize: 25, callback: (value) => `${value}%` },
          },
        },
      },
    },
    { title: input.title, subtitle },
    TREND_SIZE,
    scale,
    points.length === 0 ? 'The trend appears after the first check-ins' : undefined,
  );
}
