/** today, stats, streak and chart: how a member is doing. */
import { z } from 'zod';
import { allHabitsChart, HABIT_CHART_KINDS, habitChart, type HabitChartKind } from '../../services/charts.js';
import { dashboardOf, statsOf } from '../../services/stats.js';
import { defineCommand, type CommandContext, type OptionSpec } from '../define.js';
import { UsageError } from '../errors.js';
import { percent, statsLines, streakText } from '../format.js';
import { quote } from '../parse/tokens.js';
import type { DraftReply } from '../types.js';
import { findHabit, findWholeHabit } from './habit-words.js';

const MAX_TODAY_BUTTONS = 10;
const optionalHabit: OptionSpec = { name: 'habit', description: 'One habit (default: all of them)', type: 'string' };

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
    if (active.length === 0) return { text: 'Nothing to track yet. Start with `habit add Read daily 20 pages`.' };
    const icons: Record<string, string> = { done: '✅', skipped: '⏭️', missed: '❌', open: '⬜', not_due: '▫️' };
    const lines = active.map(({ habit, today: cell, stats }) => {
      const due = cell.status === 'not_due' ? ' _(not due today)_' : '';
      return `${icons[cell.status] ?? '▫️'} **${habit.name}**${due} · streak ${streakText(stats.currentStreak, stats.streakUnit)}`;
    });
    // per_period habits are never "due" on one day, so they keep their buttons until logged.
    const open = active.filter(({ habit, today: cell }) => cell.status === 'open' || (habit.schedule.kind === 'per_period' && cell.status === 'not_due'));
    const actions = open.slice(0, MAX_TODAY_BUTTONS).flatMap(({ habit }) => [
      { label: `✓ ${habit.name}`.slice(0, 75), style: 'primary' as const, command: `habit log ${quote([habit.name])} today done` },
      { label: `Skip ${habit.name}`.slice(0, 75), style: 'default' as const, command: `habit log ${quote([habit.name])} today skip` },
    ]);
    const doneCount = active.filter(({ today: cell }) => cell.status === 'done').length;
    return { text: [`**Today, ${dashboard.today}** · ${doneCount} of ${active.length} done`, ...lines].join('\n'), actions };
  },
});

async function overview(ctx: CommandContext): Promise<DraftReply> {
  const dashboard = await dashboardOf(ctx.services, ctx.member);
  if (dashboard.habits.length === 0) return { text: 'No habits yet. Start with `habit add Read daily 20 pages`.' };
  const lines = dashboard.habits.map(
    ({ habit, stats }) =>
      `- **${habit.name}**: streak ${streakText(stats.currentStreak, stats.streakUnit)} · strength ${percent(stats.score)}${stats.atRisk ? ' · ⚠️ at risk' : ''}`,
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
    return { text: [`**${habit.name}**`, ...statsLines(result)].join('\n'), image };
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
        ({ habit, stats: s }) => `- **${habit.name}**: ${streakText(s.currentStreak, s.streakUnit)} (best ${streakText(s.longestStreak, s.streakUnit)})`,
      );
      return { text: ['🔥 **Streaks**', ...lines].join('\n') };
    }
    const habit = await findWholeHabit(ctx, words, true);
    const s = await statsOf(ctx.services, ctx.member, habit.id);
    const best = s.bestStreaks.map((run) => `- ${streakText(run.length, s.streakUnit)}: ${run.start} → ${run.end}`);
    return {
      text: [`🔥 **${habit.name}**: ${streakText(s.currentStreak, s.streakUnit)} now, best ${streakText(s.longestStreak, s.streakUnit)}`, ...(best.length ? ['Best runs:', ...best] : [])].join('\n'),
    };
  },
});

export const chart = defineCommand({
  name: 'chart',
  summary: 'A chart of one habit: heatmap, weekly or trend',
  usage: 'chart <habit> [heatmap|weekly|trend]',
  examples: ['chart run', 'chart read weekly', 'chart meditate trend'],
  options: [
    { name: 'habit', description: 'The habit', type: 'string', required: true },
    { name: 'kind', description: 'heatmap (default), weekly or trend', type: 'string', choices: [...HABIT_CHART_KINDS] },
  ],
  args: z.object({ words: z.array(z.string()), kind: z.enum(HABIT_CHART_KINDS) }),
  parse(words) {
    const last = words.at(-1)?.toLowerCase();
    const kind = (HABIT_CHART_KINDS as readonly string[]).includes(last ?? '') ? (last as HabitChartKind) : 'heatmap';
    return { words: kind === last ? words.slice(0, -1) : words, kind };
  },
  async run({ words, kind }, ctx) {
    const { item: habit, rest } = await findHabit(ctx, words, true);
    if (rest.length) throw new UsageError(`"${rest.join(' ')}" is not a chart kind; use heatmap, weekly or trend.`);
    const image = await habitChart(ctx.services, ctx.charts, ctx.member, habit.id, kind);
    return { text: `**${habit.name}** · ${kind}`, image };
  },
});
