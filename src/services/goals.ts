/** Goals: a target fed by the done logs of contributing habits, completed once when reached. */
import { goalContribution, goalProgress } from '../domain/goals.js';
import type { HabitRules, NumericTarget } from '../domain/types.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { Goal, GoalHabit, Habit, type User } from '../store/entities/index.js';
import { doneLogsOfGoals, topLevelGoalTitled } from '../store/repositories/index.js';
import { flushOrForget, GOAL_TITLE_UNIQUE, isUniqueViolation, type PendingWrite } from './constraints.js';
import { todayFor, type ServiceContext } from './context.js';
import { goalCreateSchema, goalPatchSchema, type GoalCreateInput, type GoalPatchInput } from './inputs.js';

export interface GoalProgress {
  current: number;
  target: number;
  fraction: number;
  completed: boolean;
  completedAt: Date | null;
}

/** The member's top-level goals, oldest first. */
export async function listGoals(ctx: ServiceContext, user: User): Promise<Goal[]> {
  return ctx.em.find(Goal, { owner: user, parent: null }, { orderBy: { createdAt: 'asc', id: 'asc' } });
}

/** One of the member's goals; another member's goal is "not found". */
export async function getGoal(ctx: ServiceContext, user: User, goalId: string): Promise<Goal> {
  const goal = await ctx.em.findOne(Goal, { id: goalId, owner: user });
  if (!goal) throw NotFoundError('Goal');
  return goal;
}

/** The ids of the habits that feed each goal, in one query. */
export async function habitIdsOfGoals(ctx: ServiceContext, goals: Goal[]): Promise<Map<string, string[]>> {
  const ids = new Map<string, string[]>(goals.map((goal) => [goal.id, []]));
  if (goals.length === 0) return ids;
  const links = await ctx.em.find(
    GoalHabit,
    { goal: { $in: goals } },
    { fields: ['goal', 'habit'], orderBy: { createdAt: 'asc' } },
  );
  for (const link of links) ids.get(link.goal.id)?.push(link.habit.id);
  return ids;
}

/**
 * Creates a goal fed by some of the member's habits. A top-level goal of the same title (in any
 * case) answers 409 `goal_exists`, decided by the unique index so that concurrent creates make one.
 */
export async function createGoal(ctx: ServiceContext, user: User, input: GoalCreateInput): Promise<Goal> {
  const values = goalCreateSchema.parse(input);
  const startDate = values.startDate ?? todayFor(ctx, user);
  checkDeadline(startDate, values.deadline ?? null);
  const habits = await ownHabits(ctx, user, values.habits ?? []);
  const goal = ctx.em.create(Goal, {
    owner: user,
    title: values.title,
    target: values.target,
    unit: values.unit ?? null,
    startDate,
    deadline: values.deadline ?? null,
  });
  const links = habits.map((habit) => ctx.em.create(GoalHabit, { goal, habit }));
  await flushTitled(ctx, user, goal.title, { created: [goal, ...links] });
  await refreshCompletion(ctx, user, [goal]);
  return goal;
}

/**
 * Edits a goal; `habits`, when given, replaces the list of contributing habits. Everything is
 * written in one flush (one transaction), so a refused title leaves the habits as they were.
 */
export async function updateGoal(
  ctx: ServiceContext,
  user: User,
  goalId: string,
  patch: GoalPatchInput,
): Promise<Goal> {
  const values = goalPatchSchema.parse(patch);
  const goal = await getGoal(ctx, user, goalId);
  const { habits: habitIds, ...fields } = values;
  if (fields.deadline !== undefined) checkDeadline(goal.startDate, fields.deadline);
  // Read before anything is assigned, so no auto-flush writes half the edit early.
  const habits = habitIds ? await ownHabits(ctx, user, habitIds) : undefined;
  const links = habits ? await ctx.em.find(GoalHabit, { goal }) : [];
  ctx.em.assign(goal, fields);
  const created: GoalHabit[] = [];
  if (habits) {
    // Links that stay are kept (so are their dates); only the difference is written.
    const wanted = new Set(habits.map((habit) => habit.id));
    const linked = new Set(links.map((link) => link.habit.id));
    for (const link of links) if (!wanted.has(link.habit.id)) ctx.em.remove(link);
    for (const habit of habits) {
      if (!linked.has(habit.id)) created.push(ctx.em.create(GoalHabit, { goal, habit }));
    }
  }
  await flushTitled(ctx, user, goal.title, { created, changed: [goal] });
  await refreshCompletion(ctx, user, [goal]);
  return goal;
}

/** Deletes a goal and its subgoals; its habits stay. */
export async function deleteGoal(ctx: ServiceContext, user: User, goalId: string): Promise<void> {
  const goal = await getGoal(ctx, user, goalId);
  await ctx.em.remove(goal).flush();
}

/** How far a goal has come: the contributions of done logs since the goal began. */
export async function progressOf(ctx: ServiceContext, user: User, goalId: string): Promise<GoalProgress> {
  const goal = await getGoal(ctx, user, goalId);
  const [progress] = await progressOfGoals(ctx, [goal]);
  return progress!;
}

/** Completes, once, every open goal of a habit that its logs have brought to the target. */
export async function refreshGoalsOfHabit(ctx: ServiceContext, user: User, habitId: string): Promise<void> {
  const links = await ctx.em.find(
    GoalHabit,
    { habit: habitId, goal: { completedAt: null } },
    { populate: ['goal'] },
  );
  await refreshCompletion(
    ctx,
    user,
    links.map((link) => link.goal),
  );
}

async function refreshCompletion(ctx: ServiceContext, user: User, goals: Goal[]): Promise<void> {
  const open = goals.filter((goal) => !goal.completedAt);
  if (open.length === 0) return;
  const progress = await progressOfGoals(ctx, open);
  const reached = open.filter((_, index) => progress[index]!.current >= open[index]!.target);
  for (const goal of reached) goal.completedAt = ctx.now();
  await ctx.em.flush();
  for (const goal of reached)
    await ctx.events.publish({ type: 'goal_completed', userId: user.id, goalId: goal.id });
}

/** What each done log since each goal began added to it, oldest first: one query for all goals. */
async function contributionsOf(
  ctx: ServiceContext,
  goals: Goal[],
): Promise<{ goalId: string; date: string; value: number }[]> {
  const logs = await doneLogsOfGoals(
    ctx.em,
    goals.map((goal) => goal.id),
  );
  return logs.map((log) => ({
    goalId: log.goalId,
    date: log.date,
    value: goalContribution(contributionRules(log.target), log.goalContribution, {
      date: log.date,
      status: log.status,
      amount: log.amount,
    }),
  }));
}

/** Progress of several goals in one query over their habits' done logs (lists never query per goal). */
export async function progressOfGoals(ctx: ServiceContext, goals: Goal[]): Promise<GoalProgress[]> {
  const sums = new Map<string, number>();
  for (const { goalId, value } of await contributionsOf(ctx, goals))
    sums.set(goalId, (sums.get(goalId) ?? 0) + value);
  return goals.map((goal) => ({
    ...goalProgress(goal.target, sums.get(goal.id) ?? 0),
    completed: goal.completedAt !== null,
    completedAt: goal.completedAt,
  }));
}

/** A goal's cumulative progress at the end of each day that added to it (for its chart). */
export async function goalHistory(
  ctx: ServiceContext,
  goal: Goal,
): Promise<{ date: string; value: number }[]> {
  const history: { date: string; value: number }[] = [];
  let total = 0;
  for (const { date, value } of await contributionsOf(ctx, [goal])) {
    total += value;
    if (history.at(-1)?.date === date) history.at(-1)!.value = total;
    else history.push({ date, value: total });
  }
  return history;
}

/** Only the target decides what a log contributes; the schedule and dates play no part. */
function contributionRules(target: NumericTarget | null): HabitRules {
  return {
    schedule: { kind: 'daily' },
    target,
    startDate: '1970-01-01',
    pausedSpans: [],
    difficulty: 'medium',
  };
}

/** A deadline before the goal starts could never be met. */
function checkDeadline(startDate: string, deadline: string | null): void {
  if (deadline !== null && deadline < startDate) {
    throw ValidationError(`The deadline (${deadline}) is before the goal starts (${startDate}).`);
  }
}

/** Flushes a goal's changes; a clash on the title index becomes 409 `goal_exists`. */
async function flushTitled(
  ctx: ServiceContext,
  user: User,
  title: string,
  pending: PendingWrite,
): Promise<void> {
  try {
    await flushOrForget(ctx.em, pending);
  } catch (error) {
    if (!isUniqueViolation(error, GOAL_TITLE_UNIQUE)) throw error;
    throw ConflictError(
      `You already have a goal called "${await existingTitle(ctx, user, title)}".`,
      'goal_exists',
    );
  }
}

/** How the member spelled the goal `title` clashed with (a raw query: the failed flush is still pending). */
async function existingTitle(ctx: ServiceContext, user: User, title: string): Promise<string> {
  try {
    return (await topLevelGoalTitled(ctx.em, user.id, title)) ?? title;
  } catch {
    return title;
  }
}

async function ownHabits(ctx: ServiceContext, user: User, habitIds: string[]): Promise<Habit[]> {
  const unique = [...new Set(habitIds)];
  const habits = unique.length ? await ctx.em.find(Habit, { id: { $in: unique }, owner: user }) : [];
  if (habits.length !== unique.length) throw NotFoundError('Habit');
  return habits;
}
