/**
 * A group's week: one horizontal bar pair per member (pale outlined due, solid done inside it),
 * best share first so the review reads top-down like a leaderboard. Horizontal bars leave room for
 * names, which users type freely and are cut by width with an ellipsis.
 */
import { wholePercent } from '../domain/percent.js';
import { axisStyle, axisTitle, countLabels, legendStyle, renderChartJs } from './chartjs.js';
import { parseDay, shortDate } from './dates.js';
import { COLORS, TYPE, fitText, font } from './theme.js';
import type { ChartScale, ChartSize, GroupWeekInput } from './types.js';

/** Size of the group week chart in CSS pixels. */
export const GROUP_WEEK_SIZE: ChartSize = { width: 800, height: 400 };

/** Rows that stay readable at 400 pixels; larger groups show their first rows and say so. */
export const GROUP_WEEK_MAX_ROWS = 10;

const NAME_WIDTH = 170;

type Member = GroupWeekInput['members'][number];

const share = (m: Member): number => (m.due > 0 ? m.done / m.due : -1);

/**
 * Best share done first, then more done, then name. Names compare by code unit rather than
 * localeCompare, whose order depends on the ICU build and would make images differ between hosts.
 */
export function sortMembers(members: readonly Member[]): Member[] {
  return [...members].sort(
    (a, b) => share(b) - share(a) || b.done - a.done || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
}

/** Renders the group week chart to PNG. */
export async function renderGroupWeek(input: GroupWeekInput, scale: ChartScale): Promise<Buffer> {
  const sorted = sortMembers(
    input.members.map((m) => ({ ...m, done: Math.max(0, m.done), due: Math.max(0, m.due) })),
  );
  const shown = sorted.slice(0, GROUP_WEEK_MAX_ROWS);
  const highest = Math.max(1, ...shown.map((m) => Math.max(m.done, m.due)));
  const done = sorted.reduce((sum, m) => sum + Math.min(m.done, m.due), 0);
  const due = sorted.reduce((sum, m) => sum + m.due, 0);
  const week = `Week of ${shortDate(parseDay(input.weekStart))}`;
  const overall = due > 0 ? ` · ${done} of ${due} done (${wholePercent(done / due)}%)` : '';
  const more = sorted.length > shown.length ? ` · top ${shown.length} of ${sorted.length} members` : '';
  const tickFont = font(TYPE.tick);
  return renderChartJs(
    {
      type: 'bar',
      data: {
        labels: shown.map((m) => fitText(m.name, tickFont, NAME_WIDTH)),
        datasets: [
          {
            label: 'Due',
            data: shown.map((m) => m.due),
            backgroundColor: '#DCEBF7',
            borderColor: COLORS.skyBlue,
            borderWidth: 1.5,
            barPercentage: 0.85,
            // chart.js draws higher orders first: due underneath, done on top.
            order: 2,
          },
          {
            label: 'Done',
            data: shown.map((m) => m.done),
            backgroundColor: COLORS.blue,
            barPercentage: 0.5,
            order: 1,
          },
        ],
      },
      options: {
        indexAxis: 'y',
        datasets: { bar: { grouped: false, categoryPercentage: 0.9 } },
        plugins: { legend: legendStyle() },
        scales: {
          x: {
            ...axisStyle(),
            beginAtZero: true,
            // Room right of the longest bar for its label.
            suggestedMax: Math.ceil(highest * 1.12),
            ticks: { ...axisStyle().ticks, precision: 0 },
            title: axisTitle('Check-ins'),
          },
          y: {
            ...axisStyle(),
            grid: { display: false },
            // Every member keeps their name: chart.js would otherwise drop labels it thinks crowded.
            ticks: { ...axisStyle().ticks, color: COLORS.text, autoSkip: false },
          },
        },
      },
      plugins: [countLabels(shown, 'y')],
    },
    { title: input.title, subtitle: input.subtitle ?? `${week}${overall}${more}` },
    GROUP_WEEK_SIZE,
    scale,
    shown.length === 0 ? 'No members yet' : undefined,
  );
}
