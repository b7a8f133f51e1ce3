/**
 * The command catalog: every chat command, defined once. Adapters, the console, the manifests and
 * `help` all read this list.
 */
import { z } from 'zod';
import { defineCommand, type AnyCommand } from './define.js';
import { UsageError } from '../language/errors.js';
import * as account from './handlers/account.js';
import * as coach from './handlers/coach.js';
import * as goals from './handlers/goals.js';
import * as groups from './handlers/groups.js';
import * as habits from './handlers/habits.js';
import * as mentorWeb from './handlers/mentor-web.js';
import * as journal from './handlers/journal.js';
import * as mentors from './handlers/mentors.js';
import * as progress from './handlers/progress.js';
import * as reminders from './handlers/reminders.js';
import * as settings from './handlers/settings.js';

const help = defineCommand({
  name: 'help',
  summary: 'What Stride can do, or how to use one command',
  usage: 'help [command]',
  examples: ['help', 'help habit add'],
  options: [{ name: 'command', description: 'A command, e.g. "habit add"', type: 'string' }],
  args: z.array(z.string()),
  parse: (words) => words,
  async run(words) {
    if (words.length === 0) return { text: overview(), ephemeral: true };
    const found = findCommand(words.map((word) => word.toLowerCase()));
    const group = COMMANDS.filter(
      (command) => !command.hidden && command.name.startsWith(`${words[0]!.toLowerCase()} `),
    );
    // `help settings` lists the group, though `settings` alone also runs `settings show`.
    const aliasOfGroup =
      words.length === 1 && group.length > 0 && found?.command.name !== words[0]!.toLowerCase();
    if (found && !aliasOfGroup) return { text: usageOf(found.command), ephemeral: true };
    if (group.length) return { text: group.map(usageOf).join('\n\n'), ephemeral: true };
    throw new UsageError(`There is no command "${words.join(' ')}".`);
  },
});

/** Every command, in the order help lists them. */
export const COMMANDS: AnyCommand[] = [
  progress.today,
  habits.done,
  habits.habitAdd,
  habits.habitList,
  habits.habitLog,
  habits.habitUndo,
  habits.habitEdit,
  settings.habitRemind,
  habits.habitPause,
  habits.habitResume,
  habits.habitArchive,
  habits.habitDelete,
  habits.habitDeleteConfirmed,
  habits.habitKeep,
  progress.stats,
  progress.streak,
  progress.chart,
  goals.goalAdd,
  goals.goalList,
  goals.goalProgress,
  goals.goalDelete,
  goals.goalDeleteConfirmed,
  goals.goalKeep,
  groups.groupShow,
  groups.groupSetup,
  groups.groupJoin,
  groups.groupLeave,
  groups.groupMe,
  groups.groupSettings,
  groups.groupDelete,
  groups.groupDeleteConfirmed,
  groups.groupKeep,
  settings.settingsShow,
  settings.settingsRemind,
  settings.settingsQuiet,
  settings.settingsNudges,
  settings.settingsNotify,
  account.settingsTimezone,
  account.settingsDaystart,
  account.link,
  account.exportData,
  account.forgetMe,
  account.forgetMeConfirmed,
  account.forgetMeCancel,
  account.token,
  journal.journal,
  journal.mood,
  mentors.mentorInvite,
  mentors.mentorList,
  mentors.mentorRemove,
  mentors.mentorActivity,
  mentorWeb.mentorLogin,
  mentors.menteeAdd,
  mentors.menteeRequest,
  mentors.menteeAccept,
  mentors.menteeDecline,
  mentors.menteeList,
  mentors.menteeRemove,
  mentors.menteeNudge,
  coach.coach,
  coach.coachPlanConfirm,
  coach.coachDismiss,
  reminders.reminderDone,
  reminders.reminderSkip,
  reminders.reminderSnooze,
  help,
];

/**
 * The command a line starts with (two-word names first) and the words after its name. Hidden
 * commands (confirmations) are found only for button presses.
 */
export function findCommand(
  words: string[],
  includeHidden = false,
): { command: AnyCommand; rest: string[] } | undefined {
  const lower = words.map((word) => word.toLowerCase());
  for (const length of [2, 1]) {
    const name = lower.slice(0, length).join(' ');
    const command = COMMANDS.find(
      (candidate) =>
        (candidate.name === name || candidate.aliases?.includes(name)) &&
        (includeHidden || !candidate.hidden),
    );
    if (command && lower.length >= length) return { command, rest: words.slice(length) };
  }
  return undefined;
}

/** "Usage: … / Examples: …" for one command. */
export function usageOf(command: AnyCommand): string {
  const examples = command.examples.map((example) => `\`${example}\``).join(', ');
  return `**${command.name}**: ${command.summary}\nUsage: \`${command.usage}\`${examples ? `\nExamples: ${examples}` : ''}`;
}

function overview(): string {
  const lines = COMMANDS.filter((command) => !command.hidden).map(
    (command) => `- \`${command.usage}\`: ${command.summary}`,
  );
  return [
    '**Stride** keeps your habits, streaks and goals. Commands:',
    ...lines,
    'Type `help <command>` for examples.',
  ].join('\n');
}
