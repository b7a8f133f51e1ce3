/** Logging habits: one log per habit per local day, upserted, undone, imported, listed. */
import { randomUUID } from 'node:crypto';
import type { UpsertOptions } from '@mikro-orm/core';
import type { LocalDate } from '../domain/types.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { Habit, HabitLog, type User } from '../store/entities/index.js';
import { todayFor, type ServiceContext } from './context.js';
import { refreshGoalsOfHabit } from './goals.js';
import { getHabit } from './habits.js';
import {
  localDateSchema,
  logImportSchema,
  logInputSchema,
  type DatedLogInput,
  type LogInput,
} from './inputs.js';

/** One log per habit and day: a second write of a day overwrites it; its id and createdAt stay. */
const UPSERT_BY_DAY: UpsertOptions<HabitLog, 'status' | 'amount' | 'note' | 'source' | 'updatedAt'> = {
  onConflictFields: ['habit', 'date'],
  onConflictAction: 'merge',
  onConflictMergeFields: ['status', 'amount', 'note', 'source', 'updatedAt'],
};
const IMPORT_BATCH = 1000;

/**
 * Logs a habit for one local day. Logging the same day again updates that day's log, so a retry or
 * a double click never makes two (the upsert is atomic on the (habit, date) unique key).
 */
export async function upsertLog(
  ctx: ServiceContext,
  user: User,
  habitOrId: Habit | string,
  date: LocalDate,
  input: LogInput,
  source = 'api',
): Promise<HabitLog> {
  const values = logInputSchema.parse(input);
  const habit = await getHabit(ctx, user, habitOrId);
  checkLog(habit, date, values, todayFor(ctx, user));
  await startNoLaterThan(ctx, habit, date);
  const log = await ctx.em.upsert(HabitLog, rowFor(habit, date, values, source, ctx.now()), UPSERT_BY_DAY);
  await afterLogged(ctx, user, habit, date, values.status, source);
  return log;
}

/** Undoes a day's log; 404 when that day has none. */
export async function deleteLog(
  ctx: ServiceContext,
  user: User,
  habitId: string,
  date: LocalDate,
): Promise<void> {
  localDateSchema.parse(date);
  const habit = await getHabit(ctx, user, habitId);
  const deleted = await ctx.em.nativeDelete(HabitLog, { habit, date });
  if (deleted === 0) throw NotFoundError('Log');
}

/**
 * Imports many logs into one habit in one transaction: all or nothing, and a day that already has
 * a log is overwritten. Every row is checked before anything is written.
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
  const seen = new Set<string>();
  logs.forEach((log, index) => {
    if (seen.has(log.date))
      throw ValidationError(`logs[${index}].date: ${log.date} appears twice in this import.`);
    seen.add(log.date);
    checkLog(habit, log.date, log, today, `logs[${index}]: `);
  });
  const now = ctx.now();
  await ctx.em.transactional(async (em) => {
    const earliest = logs.reduce((min, log) => (log.date < min ? log.date : min), logs[0]!.date);
    if (earliest < habit.startDate) await em.nativeUpdate(Habit, { id: habit.id }, { startDate: earliest });
    await em.upsertMany(
      HabitLog,
      logs.map((log) => rowFor(habit, log.date, log, source, now)),
      { ...UPSERT_BY_DAY, batchSize: IMPORT_BATCH },
    );
  });
  await refreshGoalsOfHabit(ctx, user, habit.id);
  return { imported: logs.length };
}

/** A habit's logs between two days (inclusive), oldest first. */
export async function listLogs(
  ctx: ServiceContext,
  user: User,
  habitId: string,
  range: { from?: LocalDate; to?: LocalDate },
): Promise<HabitLog[]> {
  const habit = await getHabit(ctx, user, habitId);
  const date: Record<string, LocalDate> = {};
  if (range.from) date.$gte = range.from;
  if (range.to) date.$lte = range.to;
  return ctx.em.find(
    HabitLog,
    { habit, ...(range.from || range.to ? { date } : {}) },
    { orderBy: { date: 'asc' } },
  );
}

/**
 * A log dated before the habit's start shows the habit is older than recorded (a backfill of a
 * habit added today): its start moves back, so streaks and adherence count that day.
 */
async function startNoLaterThan(ctx: ServiceContext, habit: Habit, date: LocalDate): Promise<void> {
  if (date >= habit.startDate) return;
  habit.startDate = date;
  await ctx.em.flush();
}

function checkLog(habit: Habit, date: LocalDate, log: LogInput, today: LocalDate, where = ''): void {
  localDateSchema.parse(date);
  if (date > today)
    throw ValidationError(`${where}${date} is in the future; today is ${today}.`, 'future_date');
  if (log.amount != null && !habit.target) {
    throw ValidationError(`${where}"${habit.name}" has no numeric target, so its logs take no amount.`);
  }
}

function rowFor(habit: Habit, date: LocalDate, log: LogInput, source: string, now: Date) {
  return {
    id: randomUUID(),
    habit,
    date,
    status: log.status,
    amount: log.amount ?? null,
    note: log.note ?? null,
    source,
    createdAt: now,
    updatedAt: now,
  };
}

async function afterLogged(
  ctx: ServiceContext,
  user: User,
  habit: Habit,
  date: LocalDate,
  status: HabitLog['status'],
  source: string,
): Promise<void> {
  await refreshGoalsOfHabit(ctx, user, habit.id);
  await ctx.events.publish({
    type: 'habit_logged',
    userId: user.id,
    habitId: habit.id,
    date,
    status,
    source,
  });
}
