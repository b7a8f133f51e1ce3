/** habit add | list | log | undo | pause | resume | archive | delete | edit, and `done`. */
import { z } from 'zod';
import { describeSchedule } from '../../domain/suggestions.js';
import { createHabit, deleteHabit, getHabit, listHabits, updateHabit } from '../../services/habits.js';
import { habitCreateSchema, habitPatchSchema, logInputSchema } from '../../services/inputs.js';
import { deleteLog, upsertLog } from '../../services/logs.js';
import { statsOf } from '../../services/stats.js';
import type { Habit } from '../../store/entities/index.js';
import { defineCommand, defineConfirmation, type CommandContext, type OptionSpec } from '../define.js';
import { UsageError } from '../errors.js';
import { parseDateWord } from '../parse/dates.js';
import { parseSchedule, parseTarget } from '../parse/schedule.js';
import { quote } from '../parse/tokens.js';
import { streakText } from '../format.js';
import type { DraftReply } from '../types.js';
import { findHabit, findWholeHabit, parseLogWords } from './habit-words.js';

const MILESTONES = new Set([7, 14, 21, 30, 50, 66, 100, 200, 365]);
const nameOption: OptionSpec = { name: 'habit', description: 'The habit (a name, or the start of one)', type: 'string', required: true };

/** "Morning run (3× a week, 20 pages)". */
function describeHabit(habit: Pick<Habit, 'name' | 'schedule' | 'target' | 'status'>): string {
  const target = habit.target ? `, ${habit.target.direction === 'at_most' ? 'at most ' : ''}${habit.target.amount} ${habit.target.unit}` : '';
  const status = habit.status === 'active' ? '' : ` — ${habit.status}`;
  return `**${habit.name}** (${describeSchedule(habit.schedule)}${target})${status}`;
}

export const habitAdd = defineCommand({
  name: 'habit add',
  summary: 'Start tracking a habit',
  usage: 'habit add <name> [schedule] [target]',
  examples: ['habit add "Morning run" 3x/week', 'habit add Read daily 20 pages', 'habit add Gym mon wed fri', 'habit add Water every 2 days'],
  options: [
    { name: 'name', description: 'What the habit is called', type: 'string', required: true },
    { name: 'schedule', description: 'daily, weekdays, 3x/week, mon wed fri, every 2 days…', type: 'string' },
    { name: 'target', description: 'A daily amount, e.g. "20 pages" or "at most 2 coffees"', type: 'string' },
  ],
  args: habitCreateSchema,
  parse(words) {
    // The name runs until the first word that starts a schedule or a target.
    let end = words.findIndex((_, i) => i > 0 && (parseSchedule(words, i) || parseTarget(words, i)));
    if (end === -1) end = words.length;
    const name = words.slice(0, end).join(' ');
    if (!name) throw new UsageError('Give the habit a name.');
    // "3x/fortnight" was meant as a schedule, not as part of the name.
    const attempt = words.slice(1, end).find((word) => /^\d+\s*x?\/|^\d+x$/i.test(word));
    if (attempt) throw new UsageError(`"${attempt}" is not a schedule I know (try 3x/week, 2x/month, daily, mon wed fri).`);
    let at = end;
    const schedule = parseSchedule(words, at);
    if (schedule) at += schedule.used;
    const target = parseTarget(words, at);
    if (target) at += target.used;
    if (at < words.length) throw new UsageError(`I don't understand "${words.slice(at).join(' ')}" as a schedule or a target.`);
    return { name, schedule: schedule?.value ?? { kind: 'daily' as const }, target: target?.value ?? null };
  },
  async run(args, ctx) {
    const habit = await createHabit(ctx.services, ctx.member, args);
    return {
      text: `Added ${describeHabit(habit)}. Log it with \`done ${habit.name}\`.`,
      actions: [{ label: 'Done today', style: 'primary', command: `habit log ${quote([habit.name])} today done` }],
    };
  },
});

export const habitList = defineCommand({
  name: 'habit list',
  summary: 'Your habits',
  usage: 'habit list [all]',
  examples: ['habit list', 'habit list all'],
  options: [{ name: 'all', description: 'Include archived habits', type: 'string', choices: ['all'] }],
  args: z.object({ all: z.boolean() }),
  parse: (words) => ({ all: words[0]?.toLowerCase() === 'all' }),
  async run({ all }, ctx) {
    const habits = await listHabits(ctx.services, ctx.member, { includeArchived: all });
    if (habits.length === 0) return { text: 'No habits yet. Start one: `habit add Read daily 20 pages`.' };
    return { text: ['Your habits:', ...habits.map((habit) => `- ${describeHabit(habit)}`)].join('\n') };
  },
});

async function logHabit(ctx: CommandContext, words: string[], forcedStatus?: 'done'): Promise<DraftReply> {
  const { item: habit, rest } = await findHabit(ctx, words);
  const parsed = parseLogWords(rest, ctx.today, habit.target?.unit);
  const status = forcedStatus ?? parsed.status ?? 'done';
  const input = logInputSchema.parse({ status, amount: parsed.amount ?? null, note: parsed.note ?? null });
  await upsertLog(ctx.services, ctx.member, habit, parsed.date, input, ctx.invocation.platform);
  const stats = await statsOf(ctx.services, ctx.member, habit);
  const when = parsed.date === ctx.today ? 'today' : parsed.date;
  const amount = input.amount != null ? ` (${input.amount}${habit.target ? ` ${habit.target.unit}` : ''})` : '';
  const icon = status === 'done' ? '✅' : status === 'skipped' ? '⏭️' : '❌';
  const lines = [`${icon} **${habit.name}** ${status} for ${when}${amount}. Streak: **${streakText(stats.currentStreak, stats.streakUnit)}**.`];
  if (status === 'done' && stats.streakUnit === 'days' && MILESTONES.has(stats.currentStreak)) {
    lines.push(`🎉 ${stats.currentStreak} days in a row — a milestone!`);
  }
  return {
    text: lines.join('\n'),
    actions: [{ label: 'Undo', style: 'default', command: `habit undo ${quote([habit.name])} ${parsed.date}` }],
  };
}

const logOptions: OptionSpec[] = [
  nameOption,
  { name: 'date', description: 'today, yesterday, a weekday or YYYY-MM-DD (default today)', type: 'string' },
  { name: 'status', description: 'done, skip or miss (default done)', type: 'string', choices: ['done', 'skip', 'miss'] },
  { name: 'amount', description: 'How much, for habits with a target', type: 'number' },
  { name: 'note', description: 'A note to keep with the log', type: 'string' },
];

export const habitLog = defineCommand({
  name: 'habit log',
  summary: 'Log a habit for today or another day',
  usage: 'habit log <habit> [date] [done|skip|miss] [amount] [note…]',
  examples: ['habit log run', 'habit log read yesterday 30 pages', 'habit log gym skip sore knee'],
  options: logOptions,
  args: z.array(z.string()),
  parse: (words) => words,
  run: (words, ctx) => logHabit(ctx, words),
});

export const done = defineCommand({
  name: 'done',
  summary: 'Mark a habit done (today unless you name a day)',
  usage: 'done <habit> [date] [amount] [note…]',
  examples: ['done run', 'done read 25 pages', 'done meditate yesterday'],
  options: logOptions.filter((option) => option.name !== 'status'),
  args: z.array(z.string()),
  parse: (words) => words,
  run: (words, ctx) => logHabit(ctx, words, 'done'),
});

export const habitUndo = defineCommand({
  name: 'habit undo',
  summary: "Undo a day's log",
  usage: 'habit undo <habit> [date]',
  examples: ['habit undo run', 'habit undo read yesterday'],
  options: logOptions.slice(0, 2),
  args: z.array(z.string()),
  parse: (words) => words,
  async run(words, ctx) {
    const { item: habit, rest } = await findHabit(ctx, words);
    const date = (rest[0] && parseDateWord(rest[0], ctx.today)) || ctx.today;
    if (rest.length > 1 || (rest[0] && !parseDateWord(rest[0], ctx.today))) throw new UsageError(`"${rest.join(' ')}" is not a day.`);
    await deleteLog(ctx.services, ctx.member, habit.id, date);
    return { text: `↩️ Removed the log of **${habit.name}** for ${date === ctx.today ? 'today' : date}.` };
  },
});

function statusCommand(verb: 'pause' | 'resume' | 'archive', status: 'paused' | 'active' | 'archived', summary: string) {
  return defineCommand({
    name: `habit ${verb}`,
    summary,
    usage: `habit ${verb} <habit>`,
    examples: [`habit ${verb} gym`],
    options: [nameOption],
    args: z.array(z.string()),
    parse: (words) => words,
    async run(words, ctx) {
      const habit = await findWholeHabit(ctx, words, verb === 'resume');
      await updateHabit(ctx.services, ctx.member, habit.id, { status });
      const done = { pause: 'Paused', resume: 'Resumed', archive: 'Archived' }[verb];
      const note = verb === 'pause' ? ' Paused days never break its streak.' : '';
      return { text: `${done} **${habit.name}**.${note}` };
    },
  });
}

export const habitPause = statusCommand('pause', 'paused', 'Pause a habit (paused days never break a streak)');
export const habitResume = statusCommand('resume', 'active', 'Resume a paused or archived habit');
export const habitArchive = statusCommand('archive', 'archived', 'Archive a habit you no longer track');

export const habitDelete = defineCommand({
  name: 'habit delete',
  summary: 'Delete a habit and all its logs (asks first)',
  usage: 'habit delete <habit>',
  examples: ['habit delete gym'],
  options: [nameOption],
  args: z.array(z.string()),
  parse: (words) => words,
  async run(words, ctx) {
    const habit = await findWholeHabit(ctx, words, true);
    return {
      text: `Delete **${habit.name}** and all its logs? This cannot be undone.`,
      ephemeral: true,
      actions: [
        { label: 'Delete', style: 'danger', command: `habit delete-confirmed ${habit.id}` },
        { label: 'Keep it', style: 'default', command: `habit keep ${habit.id}` },
      ],
    };
  },
});

export const habitDeleteConfirmed = defineConfirmation('habit delete-confirmed', 'Delete a habit after confirmation', async (id, ctx) => {
  await deleteHabit(ctx.services, ctx.member, id);
  return { text: '🗑️ Deleted.' };
});

/** The delete confirmation's "Keep it": says what was kept, nothing more. */
export const habitKeep = defineConfirmation('habit keep', 'Keep a habit after a delete confirmation', async (id, ctx) => {
  const habit = await getHabit(ctx.services, ctx.member, id);
  return { text: `Kept **${habit.name}**.`, ephemeral: true };
});

const EDIT_FIELDS = ['name', 'schedule', 'target', 'difficulty', 'priority', 'contribution'] as const;

export const habitEdit = defineCommand({
  name: 'habit edit',
  summary: "Change a habit's name, schedule, target, difficulty, priority or goal contribution",
  usage: 'habit edit <habit> name|schedule|target|difficulty|priority|contribution <value>',
  examples: ['habit edit run schedule 4x/week', 'habit edit read target 30 pages', 'habit edit gym name "Strength training"', 'habit edit coffee target none'],
  options: [
    nameOption,
    { name: 'field', description: 'What to change', type: 'string', required: true, choices: [...EDIT_FIELDS] },
    { name: 'value', description: 'The new value', type: 'string', required: true },
  ],
  args: z.object({ habitId: z.uuid(), patch: habitPatchSchema }),
  async parse(words, ctx) {
    const fieldAt = words.findIndex((word, i) => i > 0 && (EDIT_FIELDS as readonly string[]).includes(word.toLowerCase()));
    if (fieldAt === -1) throw new UsageError(`Say what to change: ${EDIT_FIELDS.join(', ')}.`);
    const habit = await findWholeHabit(ctx, words.slice(0, fieldAt));
    const field = words[fieldAt]!.toLowerCase() as (typeof EDIT_FIELDS)[number];
    const value = words.slice(fieldAt + 1);
    if (value.length === 0) throw new UsageError(`Give the new ${field}.`);
    return { habitId: habit.id, patch: editPatch(field, value) };
  },
  async run({ habitId, patch }, ctx) {
    const habit = await updateHabit(ctx.services, ctx.member, habitId, patch);
    return { text: `Updated: ${describeHabit(habit)}.` };
  },
});

function editPatch(field: (typeof EDIT_FIELDS)[number], value: string[]): Record<string, unknown> {
  switch (field) {
    case 'name':
      return { name: value.join(' ') };
    case 'schedule': {
      const schedule = parseSchedule(value);
      if (!schedule || schedule.used !== value.length) throw new UsageError(`"${value.join(' ')}" is not a schedule I know (try daily, 3x/week, mon wed fri, every 2 days).`);
      return { schedule: schedule.value };
    }
    case 'target': {
      if (['none', 'off', 'remove'].includes(value[0]!.toLowerCase())) return { target: null };
      const target = parseTarget(value);
      if (!target || target.used !== value.length) throw new UsageError(`"${value.join(' ')}" is not a target (try "20 pages" or "at most 2 coffees").`);
      return { target: target.value };
    }
    case 'contribution':
      return { goalContribution: Number(value[0]) };
    default:
      return { [field]: value[0]!.toLowerCase() };
  }
}
