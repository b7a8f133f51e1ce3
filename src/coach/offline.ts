/**
 * The offline coach: answers from the member's own numbers when no LLM is configured, or when it
 * is down, slow or over budget. Every line it says is about this member's habits and goals.
 */
import { daysBetween } from '../domain/dates.js';
import { percent, streakText } from '../language/format.js';
import { quote } from '../language/tokens.js';
import type { CoachAnswer } from './answer.js';
import type { MemberSnapshot } from './snapshot.js';
import { countText } from '../language/units.js';

const MAX_BUTTONS = 6;

/** A status report with what to do next, and Done buttons for what is still open today. */
export function offlineAnswer(snapshot: MemberSnapshot, note?: string): CoachAnswer {
  const active = snapshot.habits.filter((habit) => habit.status === 'active');
  if (active.length === 0) {
    return {
      text: [
        note,
        `Hi ${snapshot.name}! You are not tracking any habit yet. Tell me one with \`habit add Read daily 20 pages\`, and I will keep count.`,
      ]
        .filter(Boolean)
        .join('\n'),
    };
  }
  const lines: string[] = [];
  if (note) lines.push(`_${note}_`);
  const due = active.filter((habit) => ['open', 'done', 'missed'].includes(habit.today));
  const done = due.filter((habit) => habit.today === 'done');
  const open = active.filter((habit) => habit.today === 'open');
  lines.push(
    `**Today (${snapshot.localTime})**: ${done.length} of ${due.length} due habits done.` +
      (open.length ? ` Still open: ${open.map((h) => h.name).join(', ')}.` : ' 🎉'),
  );

  const best = [...active].sort((a, b) => b.stats.currentStreak - a.stats.currentStreak)[0]!;
  if (best.stats.currentStreak > 0) {
    const toRecord = best.stats.longestStreak - best.stats.currentStreak;
    const record =
      toRecord > 0
        ? ` — ${streakText(toRecord, best.stats.streakUnit)} short of your best`
        : ' — your best ever';
    lines.push(
      `🔥 **${best.name}**: ${streakText(best.stats.currentStreak, best.stats.streakUnit)} in a row${record}.`,
    );
  }
  for (const habit of active.filter((h) => h.stats.atRisk).slice(0, 3)) {
    lines.push(
      `⚠️ **${habit.name}** slipped: the last two due days were missed (consistency ${habit.stats.consistency ?? '–'}%). One done today turns it around.`,
    );
  }
  const suggestion = active.flatMap((habit) => habit.stats.suggestions.map((s) => s.message))[0];
  if (suggestion) lines.push(`💡 ${suggestion}`);
  for (const goal of snapshot.goals.filter((g) => !g.completed).slice(0, 2)) {
    const unit = goal.unit ? ` ${goal.unit}` : '';
    const days = goal.deadline ? daysBetween(snapshot.today, goal.deadline) : null;
    const deadline =
      days === null ? '' : days >= 0 ? `, ${countText(days, 'day')} left` : ', past its deadline';
    lines.push(
      `🎯 **${goal.title}**: ${goal.current} of ${goal.target}${unit} (${percent(goal.fraction)})${deadline}.`,
    );
  }
  const lastMood = snapshot.journal.filter((entry) => entry.mood !== null).at(-1);
  if (lastMood && lastMood.mood! <= 2)
    lines.push(
      `💙 Your mood has been low lately (${lastMood.mood}/5 on ${lastMood.date}). Be kind to yourself: one small habit is plenty today.`,
    );
  else if (snapshot.risk.level === 'high')
    lines.push('It has been a rough stretch. Pick the easiest habit and do just that one today.');
  return {
    text: lines.join('\n'),
    actions: open.slice(0, MAX_BUTTONS).map((habit) => ({
      label: `✓ ${habit.name}`.slice(0, 75),
      style: 'primary' as const,
      command: `habit log ${quote([habit.name])} today done`,
    })),
  };
}
