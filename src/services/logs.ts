/** Logging habits: one log per habit per local day, upserted, undone, imported, listed. */
import { randomUUID } from 'node:crypto';
import type { UpsertOptions } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { daysBetween, toDayNumber } from '../domain/dates.js';
import { isDoneLog } from '../domain/logs.js';
import { habitAsOf } from '../domain/picture.js';
import type { DayLog, LocalDate } from '../domain/types.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { Habit, HabitLog, type User } from '../store/entities/index.js';
import {
  dayLogOn,
  endRiskEpisodeOf,
  keepLastLogged,
  latestCountingDoneDay,
  lockHabit,
  moveStartNoLaterThan,
  refreshLastLogged,
  restoreStartAfterUndo,
  setLastDone,
  upsertDayLog,
  writeDoneDayLog,
  type DayLogRow,
  type DayLogWrite,
  type GivenValues,
} from '../store/repositories/index.js';
import { todayFor, type ServiceContext } from './context.js';
import { refreshGoalsOfHabit } from './goals.js';
import { getHabit } from './habits.js';
import { localDateSchema, logInputSchema, type DatedLogInput, type LogInput } from './inputs.js';
import { rulesOf } from './rules.js';

type MergeField = 'status' | 'amount' | 'note' | 'source' | 'updatedAt';
const IMPORT_BATCH = 1000;

/**
 * How far before a habit's start a log may go before a chat asks "did you mean that year?": more
 * than a year back is more often a typo than a backfill. The API accepts such logs (from 1970 on).
 */
export const FAR_BEFORE_START_DAYS = 365;

/** True when logging `date` would move `habit`'s start back by more than FAR_BEFORE_START_DAYS. */
export function isFarBeforeStart(habit: Pick<Habit, 'startDate'>, date: LocalDate): boolean {
  return daysBetween(date, habit.startDate) > FAR_BEFORE_START_DAYS;
}

/** One log per habit and day: an imported day overwrites the day's log; its id and createdAt stay. */
const UPSERT_BY_DAY: UpsertOptions<HabitLog, MergeField> = {
  onConflictFields: ['habit', 'date'],
  onConflictAction: 'merge',
  onConflictMergeFields: ['status', 'amount', 'note', 'source', 'updatedAt'],
};

/**
 * A day's log as a write left it, for the answer. Not an entity: nothing flushes it, and making a
 * managed entity of the row cost a tenth of the REST upsert's server time (issue 16).
 */
export type WrittenDayLog = Pick<HabitLog, 'date' | 'status' | 'amount' | 'note' | 'source' | 'updatedAt'>;

/** What writing a day's log did, for logHabit to announce it. */
export interface WrittenLog {
  log: WrittenDayLog;
  /** The day's log before this write, or null when the day had none. */
  previous: DayLog | null;
  /**
   * The habit's logs up to today, this one included, when a log for today was written by the
   * one-statement path, which reads them on the way (a milestone and the answer's stats need them).
   */
  history?: DayLog[];
}

/**
 * Writes one day's log (the storage step of logHabit in log-habit.ts, which every path that logs
 * goes through: it adds stats, milestones and events). Logging the same day again updates that day's log, so a retry or
 * a double click never makes two (the upsert is atomic on the (habit, date) unique key); an amount
 * or note left out keeps the day's, null clears it. The log and the start date it may move are
 * written together: a failed write changes nothing.
 */
export async function upsertLog(
  ctx: ServiceContext,
  user: User,
  habitOrId: Habit | string,
  date: LocalDate,
  input: LogInput,
  source = 'api',
): Promise<WrittenLog> {
  const values = logInputSchema.parse(input);
  const habit = await getHabit(ctx, user, habitOrId);
  const today = todayFor(ctx, user);
  checkLog(habit, date, values, today);
  const row = rowFor(habit, date, values, source, ctx.now());
  const written = countsAsDoneWhateverIsKept(habit, date, values)
    ? await writeDoneDayLog(ctx.em, user.id, row, givenValues(values), date === today)
    : await writeDay(ctx.em, user, habit, row, values);
  syncStart(ctx, habit, written.start);
  if (values.status === 'done') habit.atRiskSince = null;
  if (written.hasOpenGoals) await refreshGoalsOfHabit(ctx, user, habit.id);
  await ctx.events.publish({
    type: 'habit_logged',
    userId: user.id,
    habitId: habit.id,
    date,
    status: values.status,
    source,
  });
  return {
    log: writtenDayLogOf(written.row),
    previous: written.previous,
    history: written.history,
  };
}

/** The habit_logs row a write returned, as WrittenDayLog. */
function writtenDayLogOf(row: Record<string, unknown>): WrittenDayLog {
  return {
    date: row.date as LocalDate,
    status: row.status as HabitLog['status'],
    amount: (row.amount as number | null) ?? null,
    note: (row.note as string | null) ?? null,
    source: row.source as string,
    updatedAt: new Date(row.updated_at as string | Date),
  };
}

/**
 * True when the log will count as done after the write whatever the day held: a done log, with the
 * amount given or no target to meet. Only then is habits.last_done_on moved without reading logs.
 */
function countsAsDoneWhateverIsKept(habit: Habit, date: LocalDate, input: LogInput): boolean {
  if (input.status !== 'done') return false;
  if (!habit.target) return true;
  return input.amount !== undefined && countsAsDone(habit, { date, status: 'done', amount: input.amount });
}

/**
 * Any other log (skipped, missed, or a numeric one whose kept amount decides): in a transaction,
 * since whether the habit was last done on that day depends on the row the upsert leaves.
 */
async function writeDay(
  em: EntityManager,
  user: User,
  habit: Habit,
  row: DayLogRow,
  input: LogInput,
): Promise<DayLogWrite> {
  const previous = await dayLogOn(em, habit.id, row.date);
  return em.transactional(async (em) => {
    const start = await moveStartNoLaterThan(em, habit.id, row.date);
    const written = await upsertDayLog(em, row, givenValues(input));
    const log = {
      date: row.date,
      status: written.status!,
      amount: (written.amount as number | null | undefined) ?? null,
    };
    await keepLastDone(em, habit, countsAsDone(habit, log) ? row.date : null);
    if (input.status === 'done' && habit.atRiskSince) await endRiskEpisodeOf(em, habit.id);
    await keepLastLogged(em, user.id, row.date);
    return { start, row: written, previous, hasOpenGoals: true };
  });
}

/**
 * Undoes a day's log; 404 when that day has none. Undoing the earliest log moves the start back to
 * the earlier of the declared start and the earliest log left, as if that log had never been made.
 * The day may lie in the future (logged before a time zone change): undoing is always allowed.
 */
export async function deleteLog(
  ctx: ServiceContext,
  user: User,
  habitId: string,
  date: LocalDate,
): Promise<void> {
  checkDate(date);
  const habit = await getHabit(ctx, user, habitId);
  const start = await ctx.em.transactional(async (em) => {
    // Locks the habit first, so that a concurrent backdated log is either seen or waits for us.
    await lockHabit(em, habit.id);
    const deleted = await em.nativeDelete(HabitLog, { habit: habit.id, date });
    if (deleted === 0) throw NotFoundError('Log');
    const start = await restoreStartAfterUndo(em, habit.id);
    await keepLastDone(em, habit, null);
    await refreshLastLogged(em, user.id);
    return start;
  });
  syncStart(ctx, habit, start);
}

/**
 * Writes many logs into one habit in one transaction (the storage step of importLogs in
 * log-habit.ts): all or nothing, and a day that already has a log is overwritten (amount and note
 * included). Every row is checked before anything is written.
 */
export async function writeImport(
  ctx: ServiceContext,
  user: User,
  habit: Habit,
  logs: DatedLogInput[],
  source = 'import',
): Promise<{ imported: number }> {
  const today = todayFor(ctx, user);
  const seen = new Set<string>();
  logs.forEach((log, index) => {
    if (seen.has(log.date))
      throw ValidationError(`logs[${index}].date: ${log.date} appears twice in this import.`);
    seen.add(log.date);
    checkLog(habit, log.date, log, today, `logs[${index}]: `);
  });
  const now = ctx.now();
  const start = await ctx.em.transactional(async (em) => {
    const earliest = logs.reduce((min, log) => (log.date < min ? log.date : min), logs[0]!.date);
    const start = await moveStartNoLaterThan(em, habit.id, earliest);
    await em.upsertMany(
      HabitLog,
      logs.map((log) => rowFor(habit, log.date, log, source, now)),
      { ...UPSERT_BY_DAY, batchSize: IMPORT_BATCH },
    );
    await keepLastDone(em, habit, null);
    await keepLastLogged(
      em,
      user.id,
      logs.reduce((max, log) => (log.date > max ? log.date : max), earliest),
    );
    return start;
  });
  syncStart(ctx, habit, start);
  if (logs.some((log) => log.status === 'done')) await endRiskEpisode(ctx, habit);
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
 * Brings the loaded habit up to the start the database now holds, without marking it changed: a
 * later flush of this context must never write a stale start back over a concurrent move. The
 * start is merged as a row read from the database would be, so it costs no second read.
 */
function syncStart(ctx: ServiceContext, habit: Habit, start: LocalDate): void {
  if (habit.startDate !== start) ctx.em.map(Habit, { id: habit.id, start_date: start });
}

/** A day as the chat or an import gives it: a 400 that names the date, not a bare schema error. */
function checkDate(date: LocalDate, where = ''): void {
  const parsed = localDateSchema.safeParse(date);
  if (!parsed.success) throw ValidationError(`${where}The date ${date} ${parsed.error.issues[0]!.message}.`);
}

function checkLog(habit: Habit, date: LocalDate, log: LogInput, today: LocalDate, where = ''): void {
  checkDate(date, where);
  if (date > today)
    throw ValidationError(`${where}${date} is in the future; today is ${today}.`, 'future_date');
  if (log.amount != null && !habit.target) {
    throw ValidationError(`${where}"${habit.name}" has no numeric target, so its logs take no amount.`);
  }
}

function rowFor(
  habit: Habit,
  date: LocalDate,
  log: LogInput,
  source: string,
  now: Date,
): DayLogRow & { habit: Habit } {
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

function givenValues(input: LogInput): GivenValues {
  return { amount: input.amount !== undefined, note: input.note !== undefined };
}

/**
 * Whether a log counts as done for the scans: a done log, and for a numeric habit one that meets
 * the target in force on its day (as streaks and risk judge it).
 */
function countsAsDone(habit: Habit, log: DayLog) {
  return isDoneLog(habitAsOf(rulesOf(habit), toDayNumber(log.date)), log);
}

/**
 * Keeps habits.last_done_on true to the logs after a write in transaction `em` (the habit's row is
 * locked by then) and clears risk_checked_on, so the risk scan judges the habit again. `doneOn`: a
 * day just written as done, which can only move it later; null: recompute it from the habit's done
 * logs, newest first (one indexed query; numeric habits may page past logs short of their target).
 */
async function keepLastDone(em: EntityManager, habit: Habit, doneOn: LocalDate | null): Promise<void> {
  if (doneOn !== null) return setLastDone(em, habit.id, doneOn, { advance: true });
  const latest = await latestCountingDoneDay(em, habit.id, (log) => countsAsDone(habit, log));
  await setLastDone(em, habit.id, latest, { advance: false });
}

/** A done day ends a risk episode (src/jobs/risk.ts): the habit is simply active again. */
async function endRiskEpisode(ctx: ServiceContext, habit: Habit): Promise<void> {
  if (!habit.atRiskSince) return;
  await endRiskEpisodeOf(ctx.em, habit.id);
  habit.atRiskSince = null;
}

/** The habit's log for one day, or null when the day has none. */
export async function logOn(ctx: ServiceContext, habit: Habit, date: LocalDate): Promise<HabitLog | null> {
  return ctx.em.findOne(HabitLog, { habit, date });
}
