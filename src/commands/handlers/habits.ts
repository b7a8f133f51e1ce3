/** habit add | list | log | undo | pause | resume | archive | delete | edit, and `done`. */
import { z } from 'zod';
import type { LocalDate } from '../../domain/types.js';
import { createHabit, deleteHabit, getHabit, listHabits, updateHabit } from '../../services/habits.js';
import { EARLIEST_DATE, habitCreateSchema, habitPatchSchema } from '../../services/inputs.js';
import { logHabit } from '../../services/log-habit.js';
import { deleteLog, isFarBeforeStart } from '../../services/logs.js';
import type { Habit } from '../../store/entities/index.js';
import { defineCommand, defineConfirmation, type CommandContext, type OptionSpec } from '../define.js';
import { appendWords, ChoiceError, UsageError } from '../../language/errors.js';
import { logSentence, milestoneSentence, scheduleText, targetText } from '../../language/format.js';
import { parseWholeDate } from '../../language/dates.js';
import { parseAmount, parseSchedule, parseTarget } from '../../language/schedule.js';
import { quote } from '../../language/tokens.js';
import type { DraftReply } from '../../ports/chat.js';
import { CONFIRM_WORD, dateContextOf, findHabit, findWholeHabit, parseLogWords } from './habit-words.js';

const nameOption: OptionSpec = {
  name: 'habit',
  description: 'The habit (a name, or the start of one)',
  type: 'string',
  required: true,
  complete: 'habit',
};
/** Words in a name that show a schedule was meant: refused with a hint rather than kept in the name. */
const SCHEDULE_HINT =
  /^(every|once|twice|thrice|times|per|weekly|monthly|daily|weekdays|weekends|-\d.*|\d+\s*x.*|\d+\/.*)$/i;

/** "**Read** (every day, at least 20 pages)". */
function describeHabit(habit: Pick<Habit, 'name' | 'schedule' | 'target' | 'status'>): string {
  const status = habit.status === 'active' ? '' : ` — ${habit.status}`;
  return `**${habit.name}** (${rulesText(habit)})${status}`;
}

/** "every day, at least 20 pages". */
function rulesText(habit: Pick<Habit, 'schedule' | 'target'>): string {
  return `${scheduleText(habit.schedule)}${habit.target ? `, ${targetText(habit.target)}` : ''}`;
}

export const habitAdd = defineCommand({
  name: 'habit add',
  summary: 'Start tracking a habit',
  usage: 'habit add <name> [schedule] [target]',
  examples: [
    'habit add "Morning run" 3x/week',
    'habit add Read daily 20 pages',
    'habit add Gym mon wed fri',
    'habit add Stretch twice a week',
    'habit add Water every 2 days',
  ],
  options: [
    { name: 'name', description: 'What the habit is called', type: 'string', required: true },
    {
      name: 'schedule',
      description: 'daily, weekdays, 3x/week, twice a month, mon wed fri, every 2 weeks…',
      type: 'string',
    },
    { name: 'target', description: 'A daily amount, e.g. "20 pages" or "at most 2 coffees"', type: 'string' },
  ],
  args: habitCreateSchema,
  parse(words) {
    // The name runs until the first word that starts a schedule or a target.
    let end = words.findIndex((_, i) => i > 0 && (parseSchedule(words, i) || parseTarget(words, i)));
    if (end === -1) end = words.length;
    const nameWords = words.slice(0, end);
    const name = nameWords.join(' ').trim();
    if (!name || parseSchedule(nameWords)?.used === nameWords.length)
      throw new UsageError('Give the habit a name, then its schedule: `habit add Stretch twice a week`.');
    // "every 2 fortnights" or "3x/fortnight" was meant as a schedule, not as part of the name.
    const hint = nameWords.findIndex((word, i) => i > 0 && SCHEDULE_HINT.test(word));
    if (hint !== -1) {
      const unread = nameWords.slice(hint).join(' ');
      throw new UsageError(
        `I can't read "${unread}" as a schedule (try daily, weekdays, 3x/week, twice a month, every 2 weeks, mon wed fri). If it is part of the name, put the name in quotes: \`habit add "${name}" daily\`.`,
      );
    }
    let at = end;
    const schedule = parseSchedule(words, at);
    if (schedule) at += schedule.used;
    const target = parseTarget(words, at);
    if (target) at += target.used;
    if (at < words.length)
      throw new UsageError(`I don't understand "${words.slice(at).join(' ')}" as a schedule or a target.`);
    return { name, schedule: schedule?.value ?? { kind: 'daily' as const }, target: target?.value ?? null };
  },
  async run(args, ctx) {
    const habit = await createHabit(ctx.services, ctx.member, args);
    return {
      text: `Added **${habit.name}**: ${rulesText(habit)}. Log it with \`done ${quote([habit.name])}\`.`,
      actions: [
        { label: 'Done today', style: 'primary', command: `habit log ${quote([habit.name])} today done` },
      ],
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

async function logFromWords(
  ctx: CommandContext,
  words: string[],
  forcedStatus?: 'done',
): Promise<DraftReply> {
  const { item: habit, rest } = await findHabit(ctx, words);
  const parsed = parseLogWords(rest, dateContextOf(ctx), habit);
  if (forcedStatus && parsed.status && parsed.status !== forcedStatus) {
    throw new UsageError(
      `\`done\` marks a habit done; to skip or miss a day, use \`habit log ${habit.name} ${parsed.status === 'skipped' ? 'skip' : 'miss'}\`.`,
    );
  }
  checkFarPast(habit, parsed.date, parsed.confirmed);
  const status = forcedStatus ?? parsed.status ?? 'done';
  const outcome = await logHabit(
    ctx.services,
    ctx.member,
    habit,
    parsed.date,
    { status, amount: parsed.amount, note: parsed.note },
    ctx.invocation.platform,
  );
  const lines = [
    logSentence(habit, parsed.date === ctx.today ? 'today' : parsed.date, outcome.log, outcome.stats),
  ];
  if (parsed.conversion) lines.push(`_(${parsed.conversion})_`);
  if (outcome.milestone !== null)
    lines.push(milestoneSentence(outcome.milestone, outcome.stats.streakUnit, habit.schedule));
  return {
    text: lines.join('\n'),
    actions: [
      { label: 'Undo', style: 'default', command: `habit undo ${quote([habit.name])} ${parsed.date}` },
    ],
  };
}

/** A log dated before 1970 is refused; one over a year before the habit began is asked about first. */
function checkFarPast(habit: Habit, date: LocalDate, confirmed: boolean): void {
  if (date < EARLIEST_DATE)
    throw new UsageError(`${date} is before ${EARLIEST_DATE}; I keep logs from then on.`);
  // A typo of a year would move the habit's start back by years and wreck its adherence.
  if (isFarBeforeStart(habit, date) && !confirmed) {
    throw new ChoiceError(
      `**${habit.name}** began on ${habit.startDate}; ${date} is more than a year earlier. Log it anyway? (Its start date then moves back to ${date}.)`,
      [{ label: `Log ${date}`, rewrite: appendWords(CONFIRM_WORD) }],
    );
  }
}

const logOptions: OptionSpec[] = [
  nameOption,
  {
    name: 'date',
    description: 'today, yesterday, friday, last friday, 2 days ago, nov 20, 2026-11-20 (default today)',
    type: 'string',
  },
  {
    name: 'status',
    description: 'done, skip or miss (default done)',
    type: 'string',
    choices: ['done', 'skip', 'miss'],
  },
  { name: 'amount', description: 'How much, for habits with a target', type: 'number' },
  { name: 'note', description: 'A note to keep with the log', type: 'string', keyword: 'note:' },
];

export const habitLog = defineCommand({
  name: 'habit log',
  summary: 'Log a habit for today or another day',
  usage: 'habit log <habit> [date] [done|skip|miss] [amount [unit]] [note: …]',
  examples: [
    'habit log run',
    'habit log read yesterday 30 pages',
    'habit log run last friday 5 mi',
    'habit log gym skip note: sore knee',
  ],
  options: logOptions,
  args: z.array(z.string()),
  parse: (words) => words,
  run: (words, ctx) => logFromWords(ctx, words),
});

export const done = defineCommand({
  name: 'done',
  summary: 'Mark a habit done (today unless you name a day)',
  usage: 'done <habit> [date] [amount [unit]] [note: …]',
  examples: [
    'done run',
    'done read 25 pages',
    'done meditate yesterday',
    'done walk 2 days ago 3 km - after dinner',
  ],
  options: logOptions.filter((option) => option.name !== 'status'),
  args: z.array(z.string()),
  parse: (words) => words,
  run: (words, ctx) => logFromWords(ctx, words, 'done'),
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
    // A day "in the future" can hold a log written before a change of time zone: it can be undone.
    const date = rest.length ? parseWholeDate(rest, dateContextOf(ctx, true)) : ctx.today;
    if (date === undefined) throw new UsageError(`"${rest.join(' ')}" is not a day.`);
    await deleteLog(ctx.services, ctx.member, habit.id, date);
    return { text: `↩️ Removed the log of **${habit.name}** for ${date === ctx.today ? 'today' : date}.` };
  },
});

function statusCommand(
  verb: 'pause' | 'resume' | 'archive',
  status: 'paused' | 'active' | 'archived',
  summary: string,
) {
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

export const habitPause = statusCommand(
  'pause',
  'paused',
  'Pause a habit (paused days never break a streak)',
);
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

export const habitDeleteConfirmed = defineConfirmation(
  'habit delete-confirmed',
  'Delete a habit after confirmation',
  async (id, ctx) => {
    await deleteHabit(ctx.services, ctx.member, id);
    return { text: '🗑️ Deleted.' };
  },
);

/** The delete confirmation's "Keep it": says what was kept, nothing more. */
export const habitKeep = defineConfirmation(
  'habit keep',
  'Keep a habit after a delete confirmation',
  async (id, ctx) => {
    const habit = await getHabit(ctx.services, ctx.member, id);
    return { text: `Kept **${habit.name}**.`, ephemeral: true };
  },
);

const EDIT_FIELDS = [
  'name',
  'schedule',
  'target',
  'start',
  'difficulty',
  'priority',
  'contribution',
] as const;

export const habitEdit = defineCommand({
  name: 'habit edit',
  summary: "Change a habit's name, schedule, target, start date, difficulty, priority or goal contribution",
  usage: 'habit edit <habit> name|schedule|target|start|difficulty|priority|contribution <value>',
  examples: [
    'habit edit run schedule 4x/week',
    'habit edit read target 30 pages',
    'habit edit gym name "Strength training"',
    'habit edit read start 2026-11-01',
    'habit edit coffee target none',
  ],
  options: [
    nameOption,
    {
      name: 'field',
      description: 'What to change',
      type: 'string',
      required: true,
      choices: [...EDIT_FIELDS],
    },
    { name: 'value', description: 'The new value', type: 'string', required: true },
  ],
  args: z.object({ habitId: z.uuid(), patch: habitPatchSchema }),
  async parse(words, ctx) {
    const fieldAt = words.findIndex(
      (word, i) => i > 0 && (EDIT_FIELDS as readonly string[]).includes(word.toLowerCase()),
    );
    if (fieldAt === -1) throw new UsageError(`Say what to change: ${EDIT_FIELDS.join(', ')}.`);
    const habit = await findWholeHabit(ctx, words.slice(0, fieldAt));
    const field = words[fieldAt]!.toLowerCase() as (typeof EDIT_FIELDS)[number];
    const value = words.slice(fieldAt + 1);
    if (value.length === 0) throw new UsageError(`Give the new ${field}.`);
    return { habitId: habit.id, patch: editPatch(field, value, ctx) };
  },
  async run({ habitId, patch }, ctx) {
    const habit = await updateHabit(ctx.services, ctx.member, habitId, patch);
    const rulesChanged = patch.schedule !== undefined || patch.target !== undefined;
    const history = rulesChanged
      ? ' From today on; days before today keep the rules they had, so past streaks and scores stay as they were.'
      : '';
    return { text: `Updated: ${describeHabit(habit)}.${history}` };
  },
});

function editPatch(
  field: (typeof EDIT_FIELDS)[number],
  value: string[],
  ctx: CommandContext,
): Record<string, unknown> {
  switch (field) {
    case 'start': {
      const date = parseWholeDate(value, dateContextOf(ctx));
      if (date === undefined)
        throw new UsageError(`"${value.join(' ')}" is not a date (try 2026-11-01, nov 1 or last monday).`);
      if (date < EARLIEST_DATE)
        throw new UsageError(`${date} is before ${EARLIEST_DATE}; a habit starts then or later.`);
      return { startDate: date };
    }
    case 'name':
      return { name: value.join(' ') };
    case 'schedule': {
      const schedule = parseSchedule(value);
      if (!schedule || schedule.used !== value.length)
        throw new UsageError(
          `"${value.join(' ')}" is not a schedule I know (try daily, 3x/week, mon wed fri, every 2 days).`,
        );
      return { schedule: schedule.value };
    }
    case 'target': {
      if (['none', 'off', 'remove'].includes(value[0]!.toLowerCase())) return { target: null };
      const target = parseTarget(value);
      if (!target || target.used !== value.length)
        throw new UsageError(`"${value.join(' ')}" is not a target (try "20 pages" or "at most 2 coffees").`);
      return { target: target.value };
    }
    case 'contribution': {
      const amount = value.length === 1 ? parseAmount(value[0]) : undefined;
      if (amount === undefined)
        throw new UsageError(
          `"${value.join(' ')}" is not a number (try \`habit edit read contribution 2\`).`,
        );
      return { goalContribution: amount };
    }
    default:
      return { [field]: value[0]!.toLowerCase() };
  }
}
