/**
 * The coach's tools (function calling). Each is bound to the member who is talking: no tool takes
 * a member or an id, and unknown arguments are refused, so no text can reach another member's data.
 * Destructive or ambiguous actions only offer a confirmation button.
 */
import { z, type ZodObject } from 'zod';
import { UsageError } from '../language/errors.js';
import { logSentence, milestoneSentence, statsLines } from '../language/format.js';
import { parseDateWord } from '../language/dates.js';
import { matchName } from '../language/match.js';
import { parseSchedule, parseTarget } from '../language/schedule.js';
import { tokenize } from '../language/tokens.js';
import type { CoachAnswer } from './answer.js';
import type { LocalDate } from '../domain/types.js';
import { isAppError } from '../errors.js';
import type { ServiceContext } from '../services/context.js';
import { createGoal } from '../services/goals.js';
import { createHabit, listHabits } from '../services/habits.js';
import { logHabit } from '../services/log-habit.js';
import { statsOf } from '../services/stats.js';
import type { Habit, User } from '../store/entities/index.js';
import { logCommand } from './confirm.js';
import { ModelUnavailableError, type ToolDeclaration } from './model.js';
import type { GoalPlanner } from './planner.js';

/** What a tool runs with, and where it leaves what the member should see. */
export interface ToolContext {
  services: ServiceContext;
  member: User;
  today: LocalDate;
  planner: GoalPlanner;
  /** Lines confirming what was done ("✅ Logged Run …"), shown whatever the model says. */
  effects: string[];
  /** Buttons for confirmations. */
  actions: NonNullable<CoachAnswer['actions']>;
}

export interface CoachTool {
  name: string;
  description: string;
  args: ZodObject;
  run(args: Record<string, unknown>, ctx: ToolContext): Promise<Record<string, unknown>>;
}

const habitName = z
  .string()
  .min(1)
  .max(100)
  .describe("The habit's name as the member has it, or the start of it");
const dateWord = z
  .string()
  .max(20)
  .describe('YYYY-MM-DD, "today", "yesterday" or a weekday name (the last such day); never the future');

/** The one habit a name means; several candidates become buttons and a question. */
async function resolveHabit(
  ctx: ToolContext,
  name: string,
  command: (habit: Habit) => string,
  label: string,
): Promise<{ ambiguous: string[] } | { habit: Habit }> {
  const habits = await listHabits(ctx.services, ctx.member);
  const phrase = name.toLowerCase().trim();
  const candidates = habits.filter(
    (habit) => habit.name.toLowerCase().includes(phrase) || phrase.includes(habit.name.toLowerCase()),
  );
  if (candidates.length > 1 && !candidates.some((habit) => habit.name.toLowerCase() === phrase)) {
    for (const habit of candidates.slice(0, 5))
      ctx.actions.push({
        label: `${label} ${habit.name}`.slice(0, 75),
        style: 'primary',
        command: command(habit),
      });
    return { ambiguous: candidates.map((habit) => habit.name) };
  }
  return { habit: matchName(habits, tokenize(name), 'habit').item };
}

const logHabitTool: CoachTool = {
  name: 'log_habit',
  description:
    "Log one of the member's habits for a day: done, skipped or missed, with an optional amount and note.",
  args: z.strictObject({
    habit: habitName,
    date: dateWord.optional(),
    status: z.enum(['done', 'skipped', 'missed']).optional(),
    amount: z.number().min(0).optional(),
    note: z.string().max(500).optional(),
  }),
  async run(args, ctx) {
    const {
      habit: name,
      date: word,
      status = 'done',
      amount,
      note,
    } = args as {
      habit: string;
      date?: string;
      status?: 'done' | 'skipped' | 'missed';
      amount?: number;
      note?: string;
    };
    const date = word ? parseDateWord(word, ctx.today) : ctx.today;
    if (!date) return { error: `"${word}" is not a date` };
    const found = await resolveHabit(
      ctx,
      name,
      (habit) => logCommand(habit.name, date, status, amount),
      'Log',
    );
    if ('ambiguous' in found)
      return {
        status: 'needs_confirmation',
        question: `Which habit: ${found.ambiguous.join(' or ')}? The member can press a button.`,
      };
    const { habit } = found;
    const { log, stats, milestone } = await logHabit(
      ctx.services,
      ctx.member,
      habit,
      date,
      { status, amount, note },
      'coach',
    );
    // The same sentence as a typed log: partial and over-the-limit days are never a ✅.
    ctx.effects.push(logSentence(habit, date === ctx.today ? 'today' : date, log, stats));
    if (milestone !== null) ctx.effects.push(milestoneSentence(milestone, stats.streakUnit, habit.schedule));
    return {
      logged: { habit: habit.name, date, status, amount: amount ?? null },
      currentStreak: stats.currentStreak,
      streakUnit: stats.streakUnit,
      longestStreak: stats.longestStreak,
      milestone,
    };
  },
};

const createHabitTool: CoachTool = {
  name: 'create_habit',
  description: 'Start tracking a new habit for the member.',
  args: z.strictObject({
    name: z.string().min(1).max(100),
    schedule: z
      .string()
      .max(40)
      .optional()
      .describe('daily, weekdays, weekends, "3x/week", "mon wed fri", "every 2 days", "2x/month"'),
    target: z
      .string()
      .max(40)
      .optional()
      .describe('A daily amount such as "20 pages" or "at most 2 coffees"'),
  }),
  async run(args, ctx) {
    const {
      name,
      schedule: scheduleWords,
      target: targetWords,
    } = args as { name: string; schedule?: string; target?: string };
    const scheduleTokens = tokenize(scheduleWords ?? 'daily');
    const schedule = parseSchedule(scheduleTokens);
    if (!schedule || schedule.used !== scheduleTokens.length)
      return { error: `"${scheduleWords}" is not a schedule Stride knows` };
    const targetTokens = targetWords ? tokenize(targetWords) : [];
    const target = targetTokens.length ? parseTarget(targetTokens) : undefined;
    if (targetTokens.length && (!target || target.used !== targetTokens.length))
      return { error: `"${targetWords}" is not a target` };
    const habit = await createHabit(ctx.services, ctx.member, {
      name,
      schedule: schedule.value,
      target: target?.value ?? null,
    });
    ctx.effects.push(`➕ Added the habit **${habit.name}**.`);
    return { created: { name: habit.name, schedule: habit.schedule, target: habit.target } };
  },
};

const getStats: CoachTool = {
  name: 'get_stats',
  description: "The member's streaks, strength score, consistency, risk and suggestions for one habit.",
  args: z.strictObject({ habit: habitName }),
  async run(args, ctx) {
    const habits = await listHabits(ctx.services, ctx.member, { includeArchived: true });
    const { item: habit } = matchName(habits, tokenize(String(args.habit)), 'habit');
    const stats = await statsOf(ctx.services, ctx.member, habit.id);
    return { habit: habit.name, ...stats, summary: statsLines(stats, habit.schedule).join('\n') };
  },
};

const createGoalTool: CoachTool = {
  name: 'create_goal',
  description:
    'Set a goal for the member: a target number, an optional unit and deadline, fed by some of their habits.',
  args: z.strictObject({
    title: z.string().min(1).max(200),
    target: z.number().positive(),
    unit: z.string().max(30).optional(),
    deadline: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
    habits: z.array(habitName).max(10).optional(),
  }),
  async run(args, ctx) {
    const {
      title,
      target,
      unit,
      deadline,
      habits = [],
    } = args as { title: string; target: number; unit?: string; deadline?: string; habits?: string[] };
    const own = await listHabits(ctx.services, ctx.member);
    const ids = habits.map((name) => matchName(own, tokenize(name), 'habit').item.id);
    const goal = await createGoal(ctx.services, ctx.member, { title, target, unit, deadline, habits: ids });
    ctx.effects.push(
      `🎯 Set the goal **${goal.title}** (${goal.target}${goal.unit ? ` ${goal.unit}` : ''}).`,
    );
    return { created: { title: goal.title, target: goal.target, unit: goal.unit, deadline: goal.deadline } };
  },
};

const planGoal: CoachTool = {
  name: 'plan_goal',
  description:
    'Draft a structured plan (subgoals in order, habits with schedules) for a bigger goal; the member confirms it with a button before anything is created.',
  args: z.strictObject({
    goal: z
      .string()
      .min(3)
      .max(300)
      .describe('The goal in the member\'s words, e.g. "run a half marathon by June"'),
  }),
  async run(args, ctx) {
    let proposal;
    try {
      proposal = await ctx.planner.propose(ctx.services, ctx.member, String(args.goal), ctx.today);
    } catch (error) {
      // Two invalid plans in a row: say so plainly; a slow or failing model falls back as usual.
      if (!(error instanceof ModelUnavailableError) || error.reason !== 'bad_request') throw error;
      ctx.effects.push(
        "⚠️ I couldn't put a valid plan together this time. Try rephrasing, or set the goal yourself with `goal add`.",
      );
      return { error: 'no valid plan could be produced' };
    }
    const { id, plan } = proposal;
    ctx.actions.push({ label: 'Create this plan', style: 'primary', command: `coach plan-confirm ${id}` });
    ctx.effects.push(ctx.planner.describe(plan));
    return { status: 'proposed; the member sees it with a "Create this plan" button', plan };
  },
};

const deleteHabit: CoachTool = {
  name: 'delete_habit',
  description:
    "Offer to delete one of the member's habits with all its logs. It only shows a confirmation button; nothing is deleted until the member presses it.",
  args: z.strictObject({ habit: habitName }),
  async run(args, ctx) {
    const habits = await listHabits(ctx.services, ctx.member, { includeArchived: true });
    const { item: habit } = matchName(habits, tokenize(String(args.habit)), 'habit');
    ctx.actions.push({
      label: `Delete ${habit.name}`.slice(0, 75),
      style: 'danger',
      command: `habit delete-confirmed ${habit.id}`,
    });
    return { status: 'needs_confirmation', habit: habit.name };
  },
};

export const COACH_TOOLS: CoachTool[] = [
  logHabitTool,
  createHabitTool,
  getStats,
  createGoalTool,
  planGoal,
  deleteHabit,
];

/** The tools as the model sees them. */
export function toolDeclarations(): ToolDeclaration[] {
  return COACH_TOOLS.map((tool) => {
    const { $schema: _schema, ...parameters } = z.toJSONSchema(tool.args) as Record<string, unknown>;
    return { name: tool.name, description: tool.description, parameters };
  });
}

/**
 * Runs one function call for the member. Failures are returned to the model as `{error}` so it
 * can tell the member; nothing thrown here ever reaches the chat.
 */
export async function runTool(
  name: string,
  rawArgs: Record<string, unknown>,
  ctx: ToolContext,
): Promise<Record<string, unknown>> {
  const tool = COACH_TOOLS.find((candidate) => candidate.name === name);
  if (!tool) return { error: `There is no tool called ${name}.` };
  const parsed = tool.args.safeParse(rawArgs);
  if (!parsed.success)
    return {
      error: `Invalid arguments: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`,
    };
  try {
    return await tool.run(parsed.data as Record<string, unknown>, ctx);
  } catch (error) {
    if (error instanceof UsageError || (isAppError(error) && error.status < 500))
      return { error: error.message };
    throw error;
  }
}
