/** A member's habits: create, read, edit, pause, resume, archive, delete. */
import { addDays } from '../domain/dates.js';
import type { LocalDate, PausedSpan } from '../domain/types.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { Habit, type HabitStatus, type User } from '../store/entities/index.js';
import { findHabitOf, findHabitsOf, refreshLastLogged } from '../store/repositories/index.js';
import { flushOrForget, HABIT_NAME_UNIQUE, isUniqueViolation, type PendingWrite } from './constraints.js';
import { todayFor, type ServiceContext } from './context.js';
import {
  habitCreateSchema,
  habitPatchSchema,
  type HabitCreateInput,
  type HabitPatchInput,
} from './inputs.js';

/** The member's habits, oldest first; archived ones only when asked. */
export async function listHabits(
  ctx: ServiceContext,
  user: User,
  options: { includeArchived?: boolean } = {},
): Promise<Habit[]> {
  return findHabitsOf(ctx.em, user, options.includeArchived ?? false);
}

/**
 * One of the member's habits; another member's habit is "not found", never "forbidden". A habit
 * the caller already loaded is checked and returned as it is, saving the hot paths a query.
 */
export async function getHabit(ctx: ServiceContext, user: User, habitOrId: Habit | string): Promise<Habit> {
  if (typeof habitOrId !== 'string') {
    if (habitOrId.owner.id !== user.id) throw NotFoundError('Habit');
    return habitOrId;
  }
  const read = ctx.habitRead;
  delete ctx.habitRead;
  if (read?.id === habitOrId && read.owner.id === user.id) return read;
  const habit = await findHabitOf(ctx.em, user, habitOrId);
  if (!habit) throw NotFoundError('Habit');
  return habit;
}

/**
 * Creates a habit that starts today unless another start date is given. A live habit of the same
 * name (in any case) answers 409 `habit_exists`; the unique index decides, so concurrent creates
 * make exactly one habit.
 */
export async function createHabit(ctx: ServiceContext, user: User, input: HabitCreateInput): Promise<Habit> {
  const values = habitCreateSchema.parse(input);
  const habit = ctx.em.create(Habit, {
    owner: user,
    name: values.name,
    schedule: values.schedule,
    target: values.target ?? null,
    difficulty: values.difficulty ?? 'medium',
    priority: values.priority ?? 'medium',
    startDate: values.startDate ?? todayFor(ctx, user),
    goalContribution: values.goalContribution ?? 1,
  });
  await flushNamed(ctx, user, habit, { created: [habit] });
  return habit;
}

/**
 * Edits a habit; a status change pauses, resumes or archives it. Logs are never touched, so a new
 * start date may not come after the habit's first log (400 `start_after_logs`).
 */
export async function updateHabit(
  ctx: ServiceContext,
  user: User,
  habitId: string,
  patch: HabitPatchInput,
): Promise<Habit> {
  const values = habitPatchSchema.parse(patch);
  const habit = await getHabit(ctx, user, habitId);
  const { status, ...fields } = values;
  if (fields.startDate !== undefined) await checkStart(ctx, habit, fields.startDate);
  keepPastRules(habit, fields, todayFor(ctx, user));
  // The start a member gives is the one undoing backdated logs goes back to.
  ctx.em.assign(
    habit,
    fields.startDate === undefined ? fields : { ...fields, declaredStartDate: fields.startDate },
  );
  if (status !== undefined && status !== habit.status) {
    changeStatus(habit, status, todayFor(ctx, user));
  }
  // New rules or a resume may put the habit at risk today: the risk scan judges it again.
  habit.riskCheckedOn = null;
  // A rename, or unarchiving next to a newer habit of the same name, can clash.
  await flushNamed(ctx, user, habit, { changed: [habit] });
  return habit;
}

/**
 * Before a new schedule or target takes effect today, records the old rules as in force until
 * yesterday, so past days keep being judged by them (DESIGN.md section 3, "Rules over time"). A
 * habit that has not begun yet, or rules set earlier today, are simply replaced: no past day was
 * ever judged by them.
 */
function keepPastRules(
  habit: Habit,
  fields: Pick<HabitPatchInput, 'schedule' | 'target'>,
  today: LocalDate,
): void {
  const schedule = fields.schedule ?? habit.schedule;
  const target = fields.target === undefined ? habit.target : fields.target;
  if (sameRules(schedule, habit.schedule) && sameRules(target, habit.target)) return;
  const yesterday = addDays(today, -1);
  if (habit.startDate > yesterday || habit.ruleHistory.at(-1)?.until === yesterday) return;
  habit.ruleHistory = [
    ...habit.ruleHistory,
    { until: yesterday, schedule: habit.schedule, target: habit.target },
  ];
}

const sameRules = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Deletes a habit with all its logs (the member's last log day is then read again). */
export async function deleteHabit(ctx: ServiceContext, user: User, habitId: string): Promise<void> {
  const habit = await getHabit(ctx, user, habitId);
  await ctx.em.remove(habit).flush();
  await refreshLastLogged(ctx.em, user.id);
}

/**
 * Moves a habit between active, paused and archived. Pauses are kept as spans (from the day of the
 * pause to the day before the resume) so paused days stay transparent to streaks forever after.
 */
function changeStatus(habit: Habit, status: HabitStatus, today: LocalDate): void {
  const spans = habit.pausedSpans.map((span) => ({ ...span }));
  const open = spans.find((span) => span.to === null);
  if (status === 'paused' && !open) {
    spans.push({ from: today, to: null });
  } else if (status !== 'paused' && open) {
    open.to = addDays(today, -1);
  }
  // A pause undone on the day it began covers no day at all.
  habit.pausedSpans = spans.filter((span: PausedSpan) => span.to === null || span.to >= span.from);
  habit.status = status;
}

/** A start after the first log would hide that log from streaks and scores: refused. */
async function checkStart(ctx: ServiceContext, habit: Habit, startDate: LocalDate): Promise<void> {
  const [row] = await ctx.em
    .getConnection()
    .execute<{ first: string | null }[]>(
      `select min(date)::text as first from habit_logs where habit_id = ?`,
      [habit.id],
    );
  const first = row?.first;
  if (first && startDate > first) {
    throw ValidationError(
      `"${habit.name}" has a log on ${first}, so it can start on ${first} at the latest.`,
      'start_after_logs',
    );
  }
}

/** Flushes a habit's changes; a clash on the live-name index becomes 409 `habit_exists`. */
async function flushNamed(
  ctx: ServiceContext,
  user: User,
  habit: Habit,
  pending: PendingWrite,
): Promise<void> {
  const name = habit.name;
  try {
    await flushOrForget(ctx.em, pending);
  } catch (error) {
    if (!isUniqueViolation(error, HABIT_NAME_UNIQUE)) throw error;
    throw ConflictError(
      `You already have a habit called "${await liveName(ctx, user, name)}".`,
      'habit_exists',
    );
  }
}

/** How the member spelled the live habit `name` clashed with (a raw query: the failed flush is still pending). */
async function liveName(ctx: ServiceContext, user: User, name: string): Promise<string> {
  try {
    const rows = await ctx.em
      .getConnection()
      .execute<{ name: string }[]>(
        `select name from habits where owner_id = ? and lower(name) = lower(?) and status <> 'archived' limit 1`,
        [user.id, name],
      );
    return rows[0]?.name ?? name;
  } catch {
    // Inside a caller's transaction the failed insert aborted it: the member's spelling will do.
    return name;
  }
}
