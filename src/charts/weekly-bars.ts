/**
 * Done against due for the last weeks: a pale outlined bar for what was due, with the done bar
 * drawn inside it, so "how much of the week" reads as how full the pale bar is, even in greyscale.
 * Each pair is labelled `done/due` because exact counts are what people compare week to week.
 */
import { wholePercent } from '../domain/percent.js';
import { axisStyle, axisTitle, countLabels, legendStyle, renderChartJs } from './chartjs.js';
import { parseDay, shortDate } from './dates.js';
import { COLORS } from './theme.js';
import type { ChartScale, ChartSize, WeeklyBarsInput } from './types.js';

/** Size of the weekly bars chart in CSS pixels. */
export const WEEKLY_BARS_SIZE: ChartSize = { width: 800, height: 400 };

/** Renders the weekly bars chart to PNG. */
export async function renderWeeklyBars(input: WeeklyBarsInput, scale: ChartScale): Promise<Buffer> {
  const weeks = input.weeks.map((w) => ({ ...w, done: Math.max(0, w.done), due: Math.max(0, w.due) }));
  const labels = weeks.map((w) => shortDate(parseDay(w.weekStart)));
  const highest = Math.max(1, ...weeks.map((w) => Math.max(w.done, w.due)));
  const totalDone = weeks.reduce((sum, w) => sum + w.done, 0);
  const totalDue = weeks.reduce((sum, w) => sum + w.due, 0);
  const subtitle =
    input.subtitle ??
    (totalDue > 0
      ? `${totalDone} of ${totalDue} done (${wholePercent(totalDone / totalDue)}%) in ${weeks.length} weeks`
      : 'Nothing was due in these weeks');
  return renderChartJs(
    {
      type: 'bar',
      data: {
        labels,
        datasets: [
          {
            label: 'Due',
            data: weeks.map((w) => w.due),
            backgroundColor: '#DCEBF7',
            borderColor: COLORS.skyBlue,
            borderWidth: 1.5,
            barPercentage: 0.8,
            // chart.js draws higher orders first: due underneath, done on top.
            order: 2,
          },
          {
            label: 'Done',
            data: weeks.map((w) => w.done),
            backgroundColor: COLORS.blue,
            barPercentage: 0.5,
            order: 1,
          },
        ],
      },
      options: {
        datasets: { bar: { grouped: false, categoryPercentage: 0.9 } },
        plugins: { legend: legendStyle() },
        scales: {
          x: { ...axisStyle(), grid: { display: false }, title: axisTitle('Week starting') },
          y: {
            ...axisStyle(),
            beginAtZero: true,
            // Room above the tallest bar for its label.
            suggestedMax: Math.ceil(highest * 1.15),
            ticks: { ...axisStyle().ticks, precision: 0, maxTicksLimit: 6 },
            title: axisTitle('Days'),
          },
        },
      },
      plugins: [countLabels(weeks, 'x')],
    },
    { title: input.title, subtitle },
    WEEKLY_BARS_SIZE,
    scale,
    weeks.length === 0 ? 'No weeks to show yet' : undefined,
  );
}
