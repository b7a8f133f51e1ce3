/** goal add | list | progress | delete. */
import { z } from 'zod';
import { goalChart } from '../../services/charts.js';
import {
  createGoal,
  deleteGoal,
  getGoal,
  listGoals,
  progressOf,
  progressOfGoals,
} from '../../services/goals.js';
import { goalCreateSchema } from '../../services/inputs.js';
import { defineCommand, defineConfirmation, type CommandContext } from '../define.js';
import { UsageError } from '../../language/errors.js';
import { percent } from '../../language/format.js';
import { parseDatePhrase } from '../../language/dates.js';
import { matchName } from '../../language/match.js';
import { parseAmount } from '../../language/schedule.js';
import { dateContextOf, findHabit } from './habit-words.js';

async function findGoal(ctx: CommandContext, words: string[]) {
  const goals = await listGoals(ctx.services, ctx.member);
  const { item, rest } = matchName(
    goals.map((goal) => ({ name: goal.title, goal })),
    words,
    'goal',
  );
  if (rest.length) throw new UsageError(`"${rest.join(' ')}" is not part of any goal's title.`);
  return item.goal;
}

const goalOption = {
  name: 'goal',
  description: 'The goal (its title, or the start of it)',
  type: 'string',
  required: true,
  complete: 'goal',
} as const;

export const goalAdd = defineCommand({
  name: 'goal add',
  summary: 'Set a goal, optionally fed by habits',
  usage: 'goal add <title> target <n> [unit] [by <date>] [with <habit>, …]',
  examples: [
    'goal add Half marathon target 200 km by 2027-06-01 with run',
    'goal add "Read 12 books" target 12 books',
  ],
  options: [
    { name: 'title', description: 'What you are aiming for', type: 'string', required: true },
    {
      name: 'target',
      description: 'The number to reach',
      type: 'number',
      required: true,
      keyword: 'target',
      min: 0,
    },
    { name: 'unit', description: 'km, books, sessions…', type: 'string' },
    { name: 'deadline', description: 'By when: 2027-06-01, june 1 2027', type: 'string', keyword: 'by' },
    { name: 'habits', description: 'Habits that feed it, comma separated', type: 'string', keyword: 'with' },
  ],
  args: goalCreateSchema,
  async parse(words, ctx) {
    // Structured platforms send "title target n unit by date with habits" in order; typed text too.
    const at = words.findIndex((word, i) => i > 0 && word.toLowerCase() === 'target');
    if (at === -1) throw new UsageError('Say the target: `… target 100 km`.');
    const title = words.slice(0, at).join(' ');
    const target = parseAmount(words[at + 1]);
    if (target === undefined) throw new UsageError(`"${words[at + 1] ?? ''}" is not a number.`);
    let i = at + 2;
    let unit: string | undefined;
    if (words[i] && !['by', 'with'].includes(words[i]!.toLowerCase())) unit = words[i++];
    let deadline: string | undefined;
    if (words[i]?.toLowerCase() === 'by') {
      const date = parseDatePhrase(words, i + 1, dateContextOf(ctx, true));
      if (!date)
        throw new UsageError('Give the deadline as a date, e.g. `by 2027-06-01` or `by june 1 2027`.');
      if (date.value < ctx.today) throw new UsageError(`The deadline ${date.value} has already passed.`);
      deadline = date.value;
      i += 1 + date.used;
    }
    const habits: string[] = [];
    if (words[i]?.toLowerCase() === 'with') {
      const names = words
        .slice(i + 1)
        .join(' ')
        .split(/\s*,\s*|\s+and\s+/)
        .filter(Boolean);
      for (const name of names) habits.push((await findHabit(ctx, name.split(/\s+/))).item.id);
      i = words.length;
    }
    if (i < words.length) throw new UsageError(`I don't understand "${words.slice(i).join(' ')}".`);
    return { title, target, unit, deadline, habits };
  },
  async run(args, ctx) {
    const goal = await createGoal(ctx.services, ctx.member, args);
    const by = goal.deadline ? ` by ${goal.deadline}` : '';
    return {
      text: `🎯 New goal: **${goal.title}**, ${goal.target}${goal.unit ? ` ${goal.unit}` : ''}${by}.`,
    };
  },
});

export const goalList = defineCommand({
  name: 'goal list',
  summary: 'Your goals and how far along they are',
  usage: 'goal list',
  examples: ['goal list'],
  options: [],
  args: z.object({}),
  parse: () => ({}),
  async run(_args, ctx) {
    const goals = await listGoals(ctx.services, ctx.member);
    if (goals.length === 0) return { text: 'No goals yet. Try `goal add Read 12 books target 12 books`.' };
    const progress = await progressOfGoals(ctx.services, goals);
    const lines = goals.map((goal, i) => {
      const { current, fraction, completed } = progress[i]!;
      return `- **${goal.title}**: ${current} / ${goal.target}${goal.unit ? ` ${goal.unit}` : ''} (${percent(fraction)})${completed ? ' ✅' : ''}`;
    });
    return { text: ['🎯 **Goals**', ...lines].join('\n') };
  },
});

export const goalProgress = defineCommand({
  name: 'goal progress',
  summary: "A goal's progress, with a chart",
  usage: 'goal progress <goal>',
  examples: ['goal progress half marathon'],
  options: [goalOption],
  args: z.array(z.string()),
  parse: (words) => words,
  async run(words, ctx) {
    const goal = await findGoal(ctx, words);
    const progress = await progressOf(ctx.services, ctx.member, goal.id);
    const image = await goalChart(ctx.services, ctx.charts, ctx.member, goal.id);
    const status = progress.completed
      ? ' — completed 🎉'
      : goal.deadline
        ? ` — deadline ${goal.deadline}`
        : '';
    return {
      text: `🎯 **${goal.title}**: ${progress.current} of ${goal.target}${goal.unit ? ` ${goal.unit}` : ''} (${percent(progress.fraction)})${status}`,
      image,
    };
  },
});

export const goalDelete = defineCommand({
  name: 'goal delete',
  summary: 'Delete a goal (asks first; its habits stay)',
  usage: 'goal delete <goal>',
  examples: ['goal delete half marathon'],
  options: [goalOption],
  args: z.array(z.string()),
  parse: (words) => words,
  async run(words, ctx) {
    const goal = await findGoal(ctx, words);
    return {
      text: `Delete the goal **${goal.title}**? Its habits and their logs stay.`,
      ephemeral: true,
      actions: [
        { label: 'Delete', style: 'danger', command: `goal delete-confirmed ${goal.id}` },
        { label: 'Keep it', style: 'default', command: `goal keep ${goal.id}` },
      ],
    };
  },
});

export const goalDeleteConfirmed = defineConfirmation(
  'goal delete-confirmed',
  'Delete a goal after confirmation',
  async (id, ctx) => {
    await deleteGoal(ctx.services, ctx.member, id);
    return { text: '🗑️ Goal deleted.' };
  },
);

/** The delete confirmation's "Keep it": says what was kept, nothing more. */
export const goalKeep = defineConfirmation(
  'goal keep',
  'Keep a goal after a delete confirmation',
  async (id, ctx) => {
    const goal = await getGoal(ctx.services, ctx.member, id);
    return { text: `Kept **${goal.title}**.`, ephemeral: true };
  },
);
