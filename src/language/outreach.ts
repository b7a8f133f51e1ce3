/**
 * The words of the messages Stride starts itself: nudges after quiet days, risk alerts and
 * celebrations. Short and friendly, in the tone of the chat replies; buttons run ordinary commands.
 */
import { streakText } from './format.js';
import { quote } from './tokens.js';
import type { DraftReply } from '../ports/chat.js';
import type { Schedule, StreakUnit } from '../domain/types.js';

/** Done buttons a message offers at most (as `today` does). */
const MAX_BUTTONS = 10;

/** "✓ Read" buttons that log each habit done for the day the member presses them. */
function doneButtons(names: readonly string[]): NonNullable<DraftReply['actions']> {
  return names.slice(0, MAX_BUTTONS).map((name) => ({
    label: `✓ ${name}`.slice(0, 75),
    style: 'primary' as const,
    command: `habit log ${quote([name])} today done`,
  }));
}

/** "**Read**", "**Read** and **Run**", "**Read**, **Run** and **Stretch**". */
function nameList(names: readonly string[]): string {
  const bold = names.map((name) => `**${name}**`);
  return bold.length <= 1 ? (bold[0] ?? '') : `${bold.slice(0, -1).join(', ')} and ${bold.at(-1)}`;
}

/**
 * A nudge after `quietDays` days without a log (`neverLogged`: since the member joined), with
 * today's habits as Done buttons.
 */
export function nudgeReply(input: {
  quietDays: number;
  neverLogged: boolean;
  dueToday: readonly string[];
}): DraftReply {
  const opening = input.neverLogged
    ? '👋 Ready for your first log? Small steps count.'
    : `👋 It's been ${input.quietDays} days since your last log — no pressure, a small step today counts.`;
  const lines = [opening];
  if (input.dueToday.length) lines.push(`Today: ${nameList(input.dueToday)}. Tap one when it's done.`);
  else lines.push('Nothing is due today; `today` shows your habits whenever you like.');
  lines.push('_Not now? `settings nudges off` stops these._');
  return { text: lines.join('\n'), actions: doneButtons(input.dueToday) };
}

/** An alert for habits whose last two due days (or periods) went undone, with Done buttons. */
export function riskReply(habits: readonly { name: string; schedule: Schedule }[]): DraftReply {
  const names = habits.map((habit) => habit.name);
  const only = habits.length === 1 ? habits[0]! : undefined;
  const text = !only
    ? `⚠️ ${nameList(names)} have slipped twice in a row. One done each puts them back on track.`
    : only.schedule.kind === 'per_period'
      ? `⚠️ ${nameList(names)} fell short two ${only.schedule.period}s in a row. One done puts it back on track.`
      : `⚠️ ${nameList(names)} missed its last two days. One done today puts it back on track.`;
  return { text, actions: doneButtons(names) };
}

/** A streak milestone, celebrated. */
export function milestoneReply(
  habit: { name: string; schedule: Schedule },
  streak: number,
  unit: StreakUnit,
): DraftReply {
  return {
    text: `🎉 **${habit.name}**: ${streakText(streak, unit, habit.schedule)} in a row — a milestone! Keep it going.`,
  };
}

/** A goal reached, celebrated. */
export function goalReply(title: string): DraftReply {
  return { text: `🏆 Goal reached: **${title}**. Well done — time to set the next one?` };
}

/** A "Nudge Ada" button for a mentor: `mentee nudge Ada` sends the mentee a check-in. */
function nudgeButton(menteeName: string): NonNullable<DraftReply['actions']>[number] {
  return {
    label: `Nudge ${menteeName}`.slice(0, 75),
    style: 'primary' as const,
    command: quote(['mentee', 'nudge', menteeName]),
  };
}

/**
 * A mentor's warning the evening before a likely miss: "Ada is likely to miss Run tomorrow: missed
 * 3 of the last 4 Thursdays", the chance as a whole percentage, and a Nudge button.
 */
export function earlyWarningReply(input: {
  menteeName: string;
  habitName: string;
  reason: string;
  percent: number;
}): DraftReply {
  return {
    text:
      `🔮 ${input.menteeName} is likely to miss ${input.habitName} tomorrow: ${input.reason}.\n` +
      `Chance of a miss: ${input.percent}%. A word from you tonight may help.`,
    actions: [nudgeButton(input.menteeName)],
  };
}

/** A mentor's copy of a mentee's risk alert, one habit each, with a Nudge button. */
export function riskMentorReply(input: {
  menteeName: string;
  habitName: string;
  schedule: Schedule;
}): DraftReply {
  const why =
    input.schedule.kind === 'per_period'
      ? `the last two ${input.schedule.period}s fell short`
      : 'the last two due days were missed';
  return {
    text: `⚠️ ${input.menteeName}'s ${input.habitName} is at risk: ${why}.`,
    actions: [nudgeButton(input.menteeName)],
  };
}
