/**
 * Logging a habit, the one use case every path that writes a log goes through: a chat command, a
 * pressed button, the coach's log_habit tool, the REST routes and imports. It writes the log (one
 * transaction with the start date it may move), completes goals it reached, and answers with the
 * log, the habit's stats and any streak milestone, publishing habit_logged, goal_completed and
 * streak_milestone on the event bus, so every surface announces the same things.
 */
import { milestoneReached } from '../domain/milestones.js';
import { habitStats } from '../domain/stats.js';
import type { DayLog, HabitStats, LocalDate } from '../domain/types.js';
import type { Habit, User } from '../store/entities/index.js';
import { todayFor, type ServiceContext } from './context.js';
import { getHabit } from './habits.js';
import { logImportSchema, type DatedLogInput, type LogInput } from './inputs.js';
import { logOn, upsertLog, writeImport, type WrittenDayLog } from './logs.js';
import { rulesOf } from './rules.js';
import { dayLogsOf } from './stats.js';

export interface LoggedHabit {
  habit: Habit;
  log: WrittenDayLog;
  /** The habit's stats as of today, the new log included. */
  stats: HabitStats;
  /** The milestone the live streak reached with this log (see milestoneReached), or null. */
  milestone: number | null;
}

/** Logs a habit for one local day and tells what it changed (see the module comment). */
export async function logHabit(
  ctx: ServiceContext,
  user: User,
  habitOrId: Habit | string,
  date: LocalDate,
  input: LogInput,
  source = 'api',
): Promise<LoggedHabit> {
  const habit = await getHabit(ctx, user, habitOrId);
  const { log, previous, history } = await upsertLog(ctx, user, habit, date, input, source);
  const { stats, milestone } = await announce(ctx, user, habit, date, previous, history);
  return { habit, log, stats: stats ?? (await statsOf(ctx, user, habit)), milestone };
}

/**
 * Logs a habit for one local day, as logHabit does, for a caller that answers with the log alone
 * (the REST API): the habit's logs are read only when the day is today, which alone can reach a
 * milestone, so a backfilled day costs one write and no read of the history.
 */
export async function logDay(
  ctx: ServiceContext,
  user: User,
  habitId: string,
  date: LocalDate,
  input: LogInput,
): Promise<WrittenDayLog> {
  const habit = await getHabit(ctx, user, habitId);
  const { log, previous, history } = await upsertLog(ctx, user, habit, date, input, 'api');
  await announce(ctx, user, habit, date, previous, history);
  return log;
}

/**
 * Imports many logs into one habit, all or nothing (writeImport), then publishes habit_logged for
 * each and the milestone a log for today reached, exactly as logging them one by one would.
 */
export async function importLogs(
  ctx: ServiceContext,
  user: User,
  habitId: string,
  body: { logs: DatedLogInput[] },
  source = 'import',
): Promise<{ imported: number }> {
  const { logs } = logImportSchema.parse(body);
  const habit = await getHabit(ctx, user, habitId);
  const today = todayFor(ctx, user);
  const todays = logs.some((log) => log.date === today) ? await logOn(ctx, habit, today) : undefined;
  const result = await writeImport(ctx, user, habit, logs, source);
  for (const log of logs) {
    await ctx.events.publish({
      type: 'habit_logged',
      userId: user.id,
      habitId: habit.id,
      date: log.date,
      status: log.status,
      source,
    });
  }
  if (todays !== undefined) await announce(ctx, user, habit, today, todays);
  return result;
}

/**
 * The milestone a log on `date` reached (published as streak_milestone), found by comparing with
 * the logs as they were (`previous` is the day's log before, or null), and the stats after it,
 * which come with it when the logs were read: only a log for today can reach a milestone, so for
 * another day nothing is read. `history`: the logs up to today, when the write read them already.
 */
async function announce(
  ctx: ServiceContext,
  user: User,
  habit: Habit,
  date: LocalDate,
  previous: (Pick<DayLog, 'status'> & { amount?: number | null }) | null,
  history?: DayLog[],
): Promise<{ stats?: HabitStats; milestone: number | null }> {
  const today = todayFor(ctx, user);
  if (date !== today) return { milestone: null };
  const logs = history ?? (await dayLogsOf(ctx, habit, today));
  const before: DayLog[] = logs.filter((day) => day.date !== date);
  if (previous) before.push({ date, status: previous.status, amount: previous.amount ?? null });
  const rules = rulesOf(habit);
  const stats = habitStats(rules, logs, today);
  const milestone = milestoneReached(rules, before, stats.currentStreak, date, today);
  if (milestone !== null) {
    await ctx.events.publish({
      type: 'streak_milestone',
      userId: user.id,
      habitId: habit.id,
      streak: milestone,
      date,
    });
  }
  return { stats, milestone };
}

/** The habit's stats as of the member's today. */
async function statsOf(ctx: ServiceContext, user: User, habit: Habit): Promise<HabitStats> {
  const today = todayFor(ctx, user);
  return habitStats(rulesOf(habit), await dayLogsOf(ctx, habit, today), today);
}
