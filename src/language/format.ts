/** Words and numbers as the chat replies show them. */
import { wholePercent } from '../domain/percent.js';
import { describeSchedule } from '../domain/suggestions.js';
import type { HabitStats, LogStatus, NumericTarget, Schedule, StreakUnit } from '../domain/types.js';
import { amountText } from './units.js';

/** 0.6234 → "62%"; null → "–". Every percentage Stride shows is rounded here, once. */
export function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? '–' : `${wholePercent(value)}%`;
}

/**
 * 1 day, 3 weeks, 2 months. A streak of a habit due on some weekdays or every few days counts
 * sessions, not calendar days, so with its schedule it says so ("3 sessions").
 */
export function streakText(length: number, unit: StreakUnit = 'days', schedule?: Schedule): string {
  const sessions = unit === 'days' && schedule !== undefined && countsSessions(schedule);
  const plural = sessions ? 'sessions' : unit;
  return `${length} ${length === 1 ? plural.slice(0, -1) : plural}`;
}

function countsSessions(schedule: Schedule): boolean {
  if (schedule.kind === 'weekdays') return new Set(schedule.days).size < 7;
  return schedule.kind === 'every_n_days' && schedule.n > 1;
}

/** A schedule in words: "every day", "on Mon, Wed and Fri", "twice a week", "every 2 weeks". */
export function scheduleText(schedule: Schedule): string {
  if (schedule.kind === 'every_n_days' && schedule.n % 7 === 0) {
    const weeks = schedule.n / 7;
    return weeks === 1 ? 'every week' : `every ${weeks} weeks`;
  }
  if (schedule.kind === 'per_period')
    return `${schedule.times === 1 ? 'once' : `${schedule.times} times`} a ${schedule.period}`;
  return describeSchedule(schedule);
}

/** "at least 20 pages", "at most 1 can". */
export function targetText(target: NumericTarget): string {
  return `${target.direction === 'at_most' ? 'at most' : 'at least'} ${amountText(target.amount, target.unit)}`;
}

/** The lines of a habit's stats, markdown. */
export function statsLines(stats: HabitStats, schedule?: Schedule): string[] {
  const lines = [
    `Current streak: **${streakText(stats.currentStreak, stats.streakUnit, schedule)}** · best ${streakText(stats.longestStreak, stats.streakUnit, schedule)}`,
    `Strength: **${percent(stats.score)}** · consistency (30 days): **${stats.consistency === null ? '–' : `${stats.consistency}%`}**`,
    `Done when due: 7 days ${percent(stats.adherence.d7)} · 30 days ${percent(stats.adherence.d30)} · 90 days ${percent(stats.adherence.d90)}`,
  ];
  if (stats.atRisk) lines.push('⚠️ _At risk: the last two due days were missed._');
  for (const suggestion of stats.suggestions) lines.push(`💡 ${suggestion.message}`);
  return lines;
}

/**
 * One line that says how the day was judged: done, partial (short of an at-least target), or
 * over the limit (an at-most habit), with the streak as it now stands.
 */
export function logSentence(
  habit: { name: string; schedule: Schedule; target: NumericTarget | null },
  when: string,
  log: { status: LogStatus; amount?: number | null },
  stats: Pick<HabitStats, 'currentStreak' | 'streakUnit'>,
): string {
  const streak = ` Streak: **${streakText(stats.currentStreak, stats.streakUnit, habit.schedule)}**.`;
  const target = habit.target;
  const amount = log.amount;
  if (log.status === 'skipped') return `⏭️ **${habit.name}** skipped for ${when}.${streak}`;
  if (log.status === 'missed') return `❌ **${habit.name}** missed for ${when}.${streak}`;
  if (!target || amount === null || amount === undefined)
    return `✅ **${habit.name}** done for ${when}.${streak}`;
  const logged = amountText(amount, target.unit);
  if (target.direction === 'at_most') {
    return amount <= target.amount
      ? `✅ **${habit.name}** done for ${when} (${logged}, within your limit of ${amountText(target.amount, target.unit)}).${streak}`
      : `❌ **${habit.name}**: ${logged} for ${when}, over your limit of ${amountText(target.amount, target.unit)}.${streak}`;
  }
  if (amount >= target.amount) return `✅ **${habit.name}** done for ${when} (${logged}).${streak}`;
  const missing = amountText(target.amount - amount, target.unit);
  const short = when === 'today' ? `${missing} to go` : `${missing} short`;
  return `🟡 **${habit.name}**: ${logged} of ${amountText(target.amount, target.unit)} for ${when} — partial, ${short}.${streak}`;
}

/** "🎉 7 sessions in a row — a milestone!" */
export function milestoneSentence(milestone: number, unit: StreakUnit, schedule: Schedule): string {
  return `🎉 ${streakText(milestone, unit, schedule)} in a row — a milestone!`;
}
