/** Words and numbers as the chat replies show them. */
import { wholePercent } from '../domain/percent.js';
import type { HabitStats, StreakUnit } from '../domain/types.js';

/** 0.6234 → "62%"; null → "–". */
export function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? '–' : `${wholePercent(value)}%`;
}

/** 1 day, 3 weeks, 2 months. */
export function streakText(length: number, unit: StreakUnit = 'days'): string {
  const singular = unit.slice(0, -1);
  return `${length} ${length === 1 ? singular : unit}`;
}

/** The lines of a habit's stats, markdown. */
export function statsLines(stats: HabitStats): string[] {
  const lines = [
    `Current streak: **${streakText(stats.currentStreak, stats.streakUnit)}** · best ${streakText(stats.longestStreak, stats.streakUnit)}`,
    `Strength: **${percent(stats.score)}** · consistency (30 days): **${stats.consistency === null ? '–' : `${stats.consistency}%`}**`,
    `Done when due: 7 days ${percent(stats.adherence.d7)} · 30 days ${percent(stats.adherence.d30)} · 90 days ${percent(stats.adherence.d90)}`,
  ];
  if (stats.atRisk) lines.push('⚠️ _At risk: the last two due days were missed._');
  for (const suggestion of stats.suggestions) lines.push(`💡 ${suggestion.message}`);
  return lines;
}
