/** today, stats, streak and chart: how a member is doing. */
import { z } from 'zod';
import { allHabitsChart, HABIT_CHART_KINDS, habitChart, type HabitChartKind } from '../../services/charts.js';
import { startOfMonth, startOfWeek } from '../../domain/dates.js';
import { isDoneLog } from '../../domain/logs.js';
import type { LocalDate } from '../../domain/types.js';
import { rulesOf } from '../../services/rules.js';
import { dashboardOf, statsOf } from '../../services/stats.js';
import { defineCommand, type CommandContext, type OptionSpec } from '../define.js';
import { UsageError } from '../../language/errors.js';
import { percent, statsLines, streakText } from '../../language/format.js';
import { quote } from '../../language/tokens.js';
import type { DraftReply } from '../../ports/chat.js';
import { findHabit, findWholeHabit } from './habit-words.js';

const MAX_TODAY_BUTTONS = 10;
const optionalHabit: OptionSpec = {
  name: 'habit',
  description: 'One habit (default: all of them)',
  type: 'string',
  complete: 'habit',
};

export const today = defineCommand({
  name: 'today',
  summary: 'What is due today, with Done and Skip buttons',
  usage: 'today',
  examples: ['today'],
  options: [],
  args: z.object({}),
  parse: () => ({}),
  async run(_args, ctx) {
    const dashboard = await dashboardOf(ctx.services, ctx.member);
    const active = dashboard.habits.filter((entry) => entry.habit.status === 'active');
    if (active.length === 0)
      return { text: 'Nothing to track yet. Start with `habit add Read daily 20 pages`.' };
    const rows = active.map((entry) => todayRow(entry, dashboard.today));
    const due = rows.filter((row) => row.due);
    const notDue = rows.filter((row) => !row.due).map((row) => row.name);
    const doneCount = due.filter((row) => row.doneToday).length;
    const header = due.length
      ? `**Today, ${dashboard.today}** · ${doneCount} of ${due.length} done`
      : `**Today, ${dashboard.today}** · nothing is due today`;
    const lines = [header, ...due.map((row) => row.line)];
    if (notDue.length) lines.push(`_Not due today: ${notDue.join(', ')}._`);
    const actions = due
      .filter((row) => row.open)
      .slice(0, MAX_TODAY_BUTTONS)
      .flatMap(({ name }) => [
        {
          label: `✓ ${name}`.slice(0, 75),
          style: 'primary' as const,
          command: `habit log ${quote([name])} today done`,
        },
        {
          label: `Skip ${name}`.slice(0, 75),
          style: 'default' as const,
          command: `habit log ${quote([name])} today skip`,
        },
      ]);
    return { text: lines.join('\n'), actions };
  },
});

type DashboardEntry = Awaited<ReturnType<typeof dashboardOf>>['habits'][number];
const TODAY_ICONS: Record<string, string> = { done: '✅', skipped: '⏭️', missed: '❌', open: '⬜' };

/**
 * One habit's line on `today`. A habit counts as due when its schedule makes today due; a per-week
 * or per-month habit is due while its period still needs doing (or it was done today), and says
 * how many are left, never "not due" beside a Done button.
 */
function todayRow({ habit, logs, stats, today: cell }: DashboardEntry, today: LocalDate) {
  const streak = `streak ${streakText(stats.currentStreak, stats.streakUnit, habit.schedule)}`;
  const row = { name: habit.name, due: false, open: false, doneToday: cell.status === 'done', line: '' };
  if (habit.schedule.kind === 'per_period') {
    const { times, period } = habit.schedule;
    const from = period === 'week' ? startOfWeek(today) : startOfMonth(today);
    const rules = rulesOf(habit);
    const done = logs.filter((log) => log.date >= from && log.date <= today && isDoneLog(rules, log)).length;
    const left = Math.max(0, times - done);
    const loggedToday = logs.some((log) => log.date === today);
    row.due = left > 0 || row.doneToday;
    row.open = left > 0 && !loggedToday;
    const icon = row.doneToday || left === 0 ? '✅' : (TODAY_ICONS[cell.status] ?? '⬜');
    const progress =
      left === 0
        ? `${done} of ${times} this ${period} — done for the ${period}`
        : `${done} of ${times} this ${period}, ${left} left`;
    row.line = `${icon} **${habit.name}** · ${progress} · ${streak}`;
    return row;
  }
  row.due = cell.status !== 'not_due';
  row.open = cell.status === 'open';
  row.line = `${TODAY_ICONS[cell.status] ?? '⬜'} **${habit.name}** · ${streak}`;
  return row;
}

async function overview(ctx: CommandContext): Promise<DraftReply> {
  const dashboard = await dashboardOf(ctx.services, ctx.member);
  if (dashboard.habits.length === 0)
    return { text: 'No habits yet. Start with `habit add Read daily 20 pages`.' };
  const lines = dashboard.habits.map(
    ({ habit, stats }) =>
      `- **${habit.name}**: streak ${streakText(stats.currentStreak, stats.streakUnit, habit.schedule)} · strength ${percent(stats.score)}${stats.atRisk ? ' · ⚠️ at risk' : ''}`,
  );
  const risk = { low: 'on track', medium: 'slipping a little', high: 'falling behind' }[dashboard.risk.level];
  const image = await allHabitsChart(ctx.services, ctx.charts, ctx.member);
  return { text: ['**Your habits**', ...lines, `Overall you are ${risk}.`].join('\n'), image };
}

export const stats = defineCommand({
  name: 'stats',
  summary: 'Streaks, strength and consistency, with a calendar heatmap',
  usage: 'stats [habit]',
  examples: ['stats', 'stats run'],
  options: [optionalHabit],
  args: z.array(z.string()),
  parse: (words) => words,
  async run(words, ctx) {
    if (words.length === 0) return overview(ctx);
    const habit = await findWholeHabit(ctx, words, true);
    const result = await statsOf(ctx.services, ctx.member, habit.id);
    const image = await habitChart(ctx.services, ctx.charts, ctx.member, habit.id, 'heatmap');
    return { text: [`**${habit.name}**`, ...statsLines(result, habit.schedule)].join('\n'), image };
  },
});

export const streak = defineCommand({
  name: 'streak',
  summary: 'Current and best streaks',
  usage: 'streak [habit]',
  examples: ['streak', 'streak read'],
  options: [optionalHabit],
  args: z.array(z.string()),
  parse: (words) => words,
  async run(words, ctx) {
    if (words.length === 0) {
      const dashboard = await dashboardOf(ctx.services, ctx.member);
      if (dashboard.habits.length === 0) return { text: 'No habits yet, so no streaks yet.' };
      const lines = dashboard.habits.map(
        ({ habit, stats: s }) =>
          `- **${habit.name}**: ${streakText(s.currentStreak, s.streakUnit, habit.schedule)} (best ${streakText(s.longestStreak, s.streakUnit, habit.schedule)})`,
      );
      return { text: ['🔥 **Streaks**', ...lines].join('\n') };
    }
    const habit = await findWholeHabit(ctx, words, true);
    const s = await statsOf(ctx.services, ctx.member, habit.id);
    const best = s.bestStreaks.map(
      (run) => `- ${streakText(run.length, s.streakUnit, habit.schedule)}: ${run.start} → ${run.end}`,
    );
    return {
      text: [
        `🔥 **${habit.name}**: ${streakText(s.currentStreak, s.streakUnit, habit.schedule)} now, best ${streakText(s.longestStreak, s.streakUnit, habit.schedule)}`,
        ...(best.length ? ['Best runs:', ...best] : []),
      ].join('\n'),
    };
  },
});

export const chart = defineCommand({
  name: 'chart',
  summary: 'A chart of one habit: heatmap, weekly or trend',
  usage: 'chart <habit> [heatmap|weekly|trend]',
  examples: ['chart run', 'chart read weekly', 'chart meditate trend'],
  options: [
    { name: 'habit', description: 'The habit', type: 'string', required: true, complete: 'habit' },
    {
      name: 'kind',
      description: 'heatmap (default), weekly or trend',
      type: 'string',
      choices: [...HABIT_CHART_KINDS],
    },
  ],
  args: z.object({ words: z.array(z.string()), kind: z.enum(HABIT_CHART_KINDS) }),
  parse(words) {
    const last = words.at(-1)?.toLowerCase();
    const kind = (HABIT_CHART_KINDS as readonly string[]).includes(last ?? '')
      ? (last as HabitChartKind)
      : 'heatmap';
    return { words: kind === last ? words.slice(0, -1) : words, kind };
  },
  async run({ words, kind }, ctx) {
    const { item: habit, rest } = await findHabit(ctx, words, true);
    if (rest.length)
      throw new UsageError(`"${rest.join(' ')}" is not a chart kind; use heatmap, weekly or trend.`);
    const image = await habitChart(ctx.services, ctx.charts, ctx.member, habit.id, kind);
    return { text: `**${habit.name}** · ${kind}`, image };
  },
});
