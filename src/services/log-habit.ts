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
import type { Habit, HabitLog, User } from '../store/entities/index.js';
import { todayFor, type ServiceContext } from './context.js';
import { getHabit } from './habits.js';
import { logImportSchema, type DatedLogInput, type LogInput } from './inputs.js';
import { logOn, upsertLog, writeImport } from './logs.js';
import { rulesOf } from './rules.js';
import { dayLogsOf } from './stats.js';

export interface LoggedHabit {
  habit: Habit;
  log: HabitLog;
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
  // Only a log for today can reach a milestone, so only then is the day's earlier log needed.
  const previous = date === todayFor(ctx, user) ? await logOn(ctx, habit, date) : null;
  const log = await upsertLog(ctx, user, habit, date, input, source);
  const { stats, milestone } = await announce(ctx, user, habit, date, previous);
  return { habit, log, stats, milestone };
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
 * The stats after a log on `date`, and the milestone it reached (published as streak_milestone),
 * found by comparing with the logs as they were: `previous` is the day's log before, or null.
 */
async function announce(
  ctx: ServiceContext,
  user: User,
  habit: Habit,
  date: LocalDate,
  previous: HabitLog | null,
): Promise<{ stats: HabitStats; milestone: number | null }> {
  const today = todayFor(ctx, user);
  const logs = await dayLogsOf(ctx, habit, today);
  const before: DayLog[] = logs.filter((day) => day.date !== date);
  if (previous) before.push({ date, status: previous.status, amount: previous.amount ?? null });
  const rules = rulesOf(habit);
  const milestone = milestoneReached(rules, before, logs, date, today);
  if (milestone !== null) {
    await ctx.events.publish({
      type: 'streak_milestone',
      userId: user.id,
      habitId: habit.id,
      streak: milestone,
      date,
    });
  }
  return { stats: habitStats(rules, logs, today), milestone };
}
