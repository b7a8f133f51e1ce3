/**
 * chart.js 4 on @napi-rs/canvas. Only what these charts draw is registered (chart.js/auto would
 * also bring the tooltip and other plugins that exist for pointer events), animation and
 * responsiveness are off (there is no screen and no frame loop), and chart.js's own device pixel
 * ratio handling gives the 2x images: it resizes the canvas and scales the context itself.
 */
import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  PointElement,
  type ChartConfiguration,
  type ChartItem,
  type ChartType,
  type Plugin,
} from 'chart.js';
import { FONT_STACK, ensureChartFonts } from './fonts.js';
import { drawHeader, encodePng, fillBackground, headerHeight } from './surface.js';
import { COLORS, PADDING, TYPE, font } from './theme.js';
import type { ChartScale, ChartSize } from './types.js';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement);
Chart.register(CategoryScale, LinearScale, Legend, Filler);
// Every text element sets its font, but a forgotten one must still not fall back to a system font.
Chart.defaults.font.family = FONT_STACK;

/** The header every chart.js chart gets, drawn by the same code as the heatmaps' header. */
export interface ChartHeader {
  title: string;
  subtitle?: string;
}

/** The chart.js font object for a size and weight in the chart family. */
export function chartFont(
  size: number,
  weight: 400 | 600 = 400,
): { family: string; size: number; weight: number } {
  return { family: FONT_STACK, size, weight };
}

/** Tick fonts, colours and grid lines shared by every axis. */
export function axisStyle() {
  return {
    ticks: { font: chartFont(TYPE.tick), color: COLORS.muted },
    grid: { color: COLORS.grid },
    border: { color: COLORS.grid },
  };
}

/** An axis title in the shared style. */
export function axisTitle(text: string) {
  return { display: true, text, font: chartFont(TYPE.small), color: COLORS.muted };
}

/** Legend labels in the shared style: square swatches at the label size, left aligned under the header. */
export function legendStyle() {
  return {
    display: true,
    position: 'top' as const,
    align: 'start' as const,
    labels: { font: chartFont(TYPE.label), color: COLORS.text, boxWidth: 16, boxHeight: 16, padding: 16 },
  };
}

/**
 * Legend for line charts: each entry a short line in its dataset's colour, width and dash.
 * chart.js takes point-style legend entries from the point options, which have no dash, so a dashed
 * series would show as solid in the legend without this.
 */
export function lineLegendStyle() {
  const base = legendStyle();
  return {
    ...base,
    labels: {
      ...base.labels,
      boxWidth: 40,
      usePointStyle: true,
      pointStyle: 'line' as const,
      pointStyleWidth: 40,
      generateLabels: (chart: Chart) =>
        Chart.defaults.plugins.legend.labels.generateLabels(chart).map((item) => {
          const dataset = chart.data.datasets[item.datasetIndex ?? 0] as {
            borderDash?: number[];
            borderWidth?: number;
          };
          return { ...item, lineDash: dataset.borderDash ?? [], lineWidth: dataset.borderWidth ?? 2 };
        }),
    },
  };
}

/**
 * Writes `done/due` past the end of each category's taller bar (dataset 0 is due, 1 is done):
 * exact counts are what people compare week to week and member to member.
 */
export function countLabels(pairs: readonly { done: number; due: number }[], axis: 'x' | 'y'): Plugin<'bar'> {
  return {
    id: 'strideCountLabels',
    afterDatasetsDraw(chart) {
      const [due, done] = [chart.getDatasetMeta(0).data, chart.getDatasetMeta(1).data];
      const { ctx } = chart;
      ctx.save();
      ctx.font = font(TYPE.small);
      ctx.fillStyle = COLORS.text;
      ctx.textAlign = axis === 'x' ? 'center' : 'left';
      ctx.textBaseline = axis === 'x' ? 'bottom' : 'middle';
      pairs.forEach((pair, i) => {
        const [a, b] = [due[i], done[i]];
        if (!a) return;
        const text = `${pair.done}/${pair.due}`;
        if (axis === 'x') ctx.fillText(text, a.x, Math.min(a.y, b?.y ?? a.y) - 4);
        else ctx.fillText(text, Math.max(a.x, b?.x ?? a.x) + 6, a.y);
      });
      ctx.restore();
    },
  };
}

/** Says why the plot area is empty (a new habit, goal or group) instead of showing bare axes. */
export function emptyMessage(text: string): Plugin {
  return {
    id: 'strideEmptyMessage',
    afterDraw(chart) {
      const { ctx, chartArea } = chart;
      ctx.save();
      ctx.font = font(TYPE.label);
      ctx.fillStyle = COLORS.muted;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText(text, (chartArea.left + chartArea.right) / 2, (chartArea.top + chartArea.bottom) / 2);
      ctx.restore();
    },
  };
}

/** chart.js types its context as the DOM one; here it is always the napi-rs context it was given. */
function napiContext(chart: { ctx: unknown }): SKRSContext2D {
  return chart.ctx as unknown as SKRSContext2D;
}

/**
 * Renders a chart.js configuration to PNG with the shared header and background, and `empty` as a
 * message in the plot area when there is no data to plot. chart.js draws synchronously when
 * animation is off; the chart is destroyed only after encoding because destroy() clears the canvas.
 */
export async function renderChartJs<T extends ChartType>(
  config: ChartConfiguration<T>,
  header: ChartHeader,
  size: ChartSize,
  scale: ChartScale,
  empty?: string,
): Promise<Buffer> {
  ensureChartFonts();
  const canvas = createCanvas(size.width, size.height);
  const frame: Plugin<T> = {
    id: 'strideFrame',
    // chart.js clears the canvas before drawing, so the background goes in after that.
    beforeDraw: (chart) => fillBackground(napiContext(chart), size),
    afterDraw: (chart) => drawHeader(napiContext(chart), size.width, header.title, header.subtitle),
  };
  const options = config.options ?? {};
  const chart = new Chart(
    canvas as unknown as ChartItem,
    {
      ...config,
      plugins: [
        ...(config.plugins ?? []),
        frame,
        ...(empty === undefined ? [] : [emptyMessage(empty) as Plugin<T>]),
      ],
      options: {
        ...options,
        animation: false,
        responsive: false,
        devicePixelRatio: scale,
        events: [],
        layout: {
          padding: {
            top: headerHeight(header.subtitle),
            left: PADDING,
            right: PADDING + 4,
            bottom: PADDING - 6,
          },
        },
      },
    } as ChartConfiguration<T>,
  );
  try {
    return await encodePng(canvas, scale);
  } finally {
    chart.destroy();
  }
}
