/**
 * A goal's cumulative progress as a filled step line from its start to today, the dashed pace line
 * from zero at the start to the target at the deadline, and the target as a flat line: whether the
 * member is ahead or behind is where the area sits against the dashed line.
 */
import { wholePercent } from '../domain/percent.js';
import type { ChartDataset } from 'chart.js';
import { axisStyle, axisTitle, lineLegendStyle, renderChartJs } from './chartjs.js';
import { parseDay, shortDate } from './dates.js';
import { COLORS } from './theme.js';
import type { ChartScale, ChartSize, GoalProgressInput } from './types.js';

/** Size of the goal progress chart in CSS pixels. */
export const GOAL_PROGRESS_SIZE: ChartSize = { width: 800, height: 400 };

/** Formats an amount without locale data (which varies between ICU builds): at most one decimal. */
export function formatAmount(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(1);
}

/** The default subtitle: where the goal stands and how it compares with the pace to its deadline. */
export function goalSummary(input: GoalProgressInput): string {
  const { target, current, unit } = input;
  const percent = target > 0 ? wholePercent(current / target) : 0;
  const parts = [`${formatAmount(current)} of ${formatAmount(target)} ${unit} (${percent}%)`];
  if (current >= target) return `${parts[0]} · target reached`;
  if (input.deadline) {
    const [start, today, deadline] = [input.startDate, input.today, input.deadline].map(parseDay) as [
      number,
      number,
      number,
    ];
    const left = deadline - today;
    if (left < 0) parts.push('deadline passed');
    else {
      const expected = target * Math.min(1, Math.max(0, (today - start) / Math.max(1, deadline - start)));
      const gap = current - expected;
      parts.push(`${left} days left`);
      if (Math.abs(gap) >= 0.05)
        parts.push(`${formatAmount(Math.abs(gap))} ${unit} ${gap > 0 ? 'ahead of' : 'behind'} pace`);
      else parts.push('on pace');
    }
  }
  return parts.join(' · ');
}

/** Renders the goal progress chart to PNG. */
export async function renderGoalProgress(input: GoalProgressInput, scale: ChartScale): Promise<Buffer> {
  const start = parseDay(input.startDate);
  const today = Math.max(start, parseDay(input.today));
  const deadline = input.deadline === null ? null : parseDay(input.deadline);
  const end = Math.max(today, deadline ?? today, start + 7);
  // x is days since the start: a linear axis needs no date adapter, and the tick callback shows dates.
  const progress = [{ x: 0, y: 0 }];
  for (const { date, value } of [...input.history].sort((a, b) => parseDay(a.date) - parseDay(b.date))) {
    const day = parseDay(date);
    if (day >= start && day <= today) progress.push({ x: day - start, y: value });
  }
  progress.push({ x: today - start, y: input.current });
  const span = end - start;
  const stepSize = span <= 14 ? 2 : Math.ceil(span / 6 / 7) * 7;
  const top = Math.max(input.target, input.current, 1) * 1.05;
  const datasets: ChartDataset<'line', { x: number; y: number }[]>[] = [
    {
      label: 'Progress',
      data: progress,
      borderColor: COLORS.blue,
      backgroundColor: 'rgba(0, 114, 178, 0.15)',
      borderWidth: 3,
      fill: 'origin',
      // One dot where today's value stands, so the end of the area reads as "now".
      pointRadius: progress.map((_, i) => (i === progress.length - 1 ? 5 : 0)),
      pointBackgroundColor: COLORS.blue,
      // Let today's dot overhang the plot area instead of being cut in half at the start or end.
      clip: 8,
      // The value holds between logged days and rises on the day of a log.
      stepped: 'before',
    },
    {
      label: `Target ${formatAmount(input.target)} ${input.unit}`,
      data: [
        { x: 0, y: input.target },
        { x: span, y: input.target },
      ],
      borderColor: COLORS.green,
      backgroundColor: COLORS.green,
      borderWidth: 2.5,
      pointRadius: 0,
    },
  ];
  if (deadline !== null) {
    datasets.splice(1, 0, {
      label: `Pace to ${shortDate(deadline)}`,
      data: [
        { x: 0, y: 0 },
        { x: deadline - start, y: input.target },
      ],
      borderColor: COLORS.text,
      backgroundColor: COLORS.text,
      borderWidth: 2,
      pointRadius: 0,
      borderDash: [8, 6],
    });
  }
  return renderChartJs(
    {
      type: 'line',
      data: { datasets },
      options: {
        plugins: { legend: lineLegendStyle() },
        scales: {
          x: {
            ...axisStyle(),
            type: 'linear',
            min: 0,
            max: span,
            grid: { display: false },
            ticks: {
              ...axisStyle().ticks,
              stepSize,
              includeBounds: false,
              maxRotation: 0,
              callback: (value) => shortDate(start + Number(value)),
            },
          },
          y: {
            ...axisStyle(),
            beginAtZero: true,
            // A suggested (not fixed) maximum lets chart.js round the top tick to a readable number.
            suggestedMax: top,
            ticks: { ...axisStyle().ticks, maxTicksLimit: 7 },
            title: axisTitle(input.unit),
          },
        },
      },
    },
    { title: input.title, subtitle: input.subtitle ?? goalSummary(input) },
    GOAL_PROGRESS_SIZE,
    scale,
  );
}
