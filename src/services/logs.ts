/** Logging habits: one log per habit per local day, upserted, undone, imported, listed. */
import { randomUUID } from 'node:crypto';
import type { EntityData, UpsertOptions } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { daysBetween, toDayNumber } from '../domain/dates.js';
import { isDoneLog } from '../domain/logs.js';
import { habitAsOf } from '../domain/picture.js';
import type { DayLog, LocalDate } from '../domain/types.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { Habit, HabitLog, type User } from '../store/entities/index.js';
import { queryPrepared } from '../store/prepared.js';
import { keepLastLogged, refreshLastLogged } from '../store/repositories/index.js';
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

/** What writing a day's log did, for logHabit to announce it. */
export interface WrittenLog {
  log: HabitLog;
  /** The day's log before this write, or null when the day had none. */
  previous: DayLog | null;
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
  checkLog(habit, date, values, todayFor(ctx, user));
  const row = rowFor(habit, date, values, source, ctx.now());
  const written = countsAsDoneWhateverIsKept(habit, date, values)
    ? await writeDoneDay(ctx.em, user, row, values)
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
  return { log: ctx.em.map(HabitLog, written.row), previous: written.previous };
}

/** One write's result, from either path below. */
interface DayWrite {
  start: LocalDate;
  row: EntityData<HabitLog>;
  previous: DayLog | null;
  /** Whether an open goal counts this habit, so that its completion needs checking. */
  hasOpenGoals: boolean;
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
 * The chat's hot path (issue 16): a log that counts as done, written in one statement, so one round
 * trip and no transaction. Its parts, all on one snapshot: the habit's start moves back to the day
 * if needed, last_done_on moves forward, the risk episode ends and risk_checked_on is cleared (the
 * update locks the habit, so a log racing the habit's deletion finds it gone: no row, a 404);
 * the day's log is upserted; the member's last_logged_on moves forward; and it reads the day's log
 * before the write and whether an open goal counts the habit.
 */
async function writeDoneDay(
  em: EntityManager,
  user: User,
  row: ReturnType<typeof rowFor>,
  input: LogInput,
): Promise<DayWrite> {
  const upsert = dayUpsert(row, input, 'from moved');
  const [result] = await queryPrepared<
    EntityData<HabitLog> & { start_: string | null; previous_: DayLog | null; has_open_goals_: boolean }
  >(
    em,
    `with moved as (
       update habits set start_date = least(start_date, ?), last_done_on = greatest(last_done_on, ?),
         risk_checked_on = null, at_risk_since = null
       where id = ? returning start_date::text as start_date
     ),
     previous as (
       select json_build_object('date', date::text, 'status', status, 'amount', amount) as log
       from habit_logs where habit_id = ? and date = ?
     ),
     written as (${upsert.sql}),
     member as (
       update users set last_logged_on = greatest(last_logged_on, ?)
       where id = ? and exists (select 1 from written)
     )
     select written.*, (select start_date from moved) as start_,
       (select log from previous) as previous_,
       exists (select 1 from goal_habits gh join goals g on g.id = gh.goal_id
               where gh.habit_id = ? and g.completed_at is null) as has_open_goals_
     from (select 1) as one left join written on true`,
    [
      row.date,
      row.date,
      row.habit.id,
      row.habit.id,
      row.date,
      ...upsert.params,
      row.date,
      user.id,
      row.habit.id,
    ],
  );
  const { start_: start, previous_: previous, has_open_goals_: hasOpenGoals, ...written } = result!;
  if (!start) throw NotFoundError('Habit');
  return { start, row: written, previous, hasOpenGoals };
}

/**
 * Any other log (skipped, missed, or a numeric one whose kept amount decides): in a transaction,
 * since whether the habit was last done on that day depends on the row the upsert leaves.
 */
async function writeDay(
  em: EntityManager,
  user: User,
  habit: Habit,
  row: ReturnType<typeof rowFor>,
  input: LogInput,
): Promise<DayWrite> {
  const previous = await em.execute<DayLog[]>(
    `select date::text as date, status, amount from habit_logs where habit_id = ? and date = ?`,
    [habit.id, row.date],
  );
  return em.transactional(async (em) => {
    const start = await startNoLaterThan(em, habit.id, row.date);
    const written = await upsertDay(em, row, input);
    const log = {
      date: row.date,
      status: written.status!,
      amount: (written.amount as number | null | undefined) ?? null,
    };
    await keepLastDone(em, habit, countsAsDone(habit, log) ? row.date : null);
    if (input.status === 'done' && habit.atRiskSince)
      await em.execute(`update habits set at_risk_since = null where id = ?`, [habit.id]);
    await keepLastLogged(em, user.id, row.date);
    return { start, row: written, previous: previous[0] ?? null, hasOpenGoals: true };
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
    const rows = await em.execute<{ start_date: string }[]>(
      `update habits h set start_date = least(h.declared_start_date,
         coalesce((select min(l.date) from habit_logs l where l.habit_id = h.id), h.declared_start_date))
       where h.id = ? returning h.start_date::text as start_date`,
      [habit.id],
    );
    await keepLastDone(em, habit, null);
    await refreshLastLogged(em, user.id);
    return rows[0]!.start_date;
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
    const start = await startNoLaterThan(em, habit.id, earliest);
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
 * A log dated before the habit's start shows the habit is older than recorded (a backfill of a
 * habit added today): its start moves back, so streaks and adherence count that day. `least` in
 * SQL keeps the earliest of concurrent backdated logs, whatever order they commit in, and the
 * update locks the habit, so a log racing the habit's deletion finds it gone (404) instead of
 * breaking the foreign key. Returns the start after the move.
 */
async function startNoLaterThan(em: EntityManager, habitId: string, date: LocalDate): Promise<string> {
  const rows = await em.execute<{ start_date: string }[]>(
    `update habits set start_date = least(start_date, ?) where id = ? returning start_date::text as start_date`,
    [date, habitId],
  );
  if (rows.length === 0) throw NotFoundError('Habit');
  return rows[0]!.start_date;
}

/**
 * Writes a day's log, or updates the day's log when it has one (atomic on the (habit, date) unique
 * key, so a retry or a double click never makes two). An amount or note the input leaves out
 * (undefined) keeps the day's value; null clears it. Plain SQL because em.upsert hydrates a kept
 * null amount as 0.
 */
async function upsertDay(
  em: EntityManager,
  row: ReturnType<typeof rowFor>,
  input: LogInput,
): Promise<EntityData<HabitLog>> {
  const upsert = dayUpsert(row, input);
  const [written] = await em.execute<EntityData<HabitLog>[]>(upsert.sql, upsert.params);
  return written!;
}

/**
 * The upsert of one day's log (see upsertDay), as a statement or as a CTE of a larger one: its row
 * is selected `from` what the caller names (writeDoneDay's update of the habit) or from nothing.
 */
function dayUpsert(
  row: ReturnType<typeof rowFor>,
  input: LogInput,
  from = '',
): { sql: string; params: unknown[] } {
  return {
    sql: `insert into habit_logs (id, habit_id, date, status, amount, note, source, created_at, updated_at)
     select ?, ?, ?, ?, ?, ?, ?, ?, ? ${from}
     on conflict (habit_id, date) do update set
       status = excluded.status,
       amount = case when ? then excluded.amount else habit_logs.amount end,
       note = case when ? then excluded.note else habit_logs.note end,
       source = excluded.source,
       updated_at = excluded.updated_at
     returning *`,
    params: [
      row.id,
      row.habit.id,
      row.date,
      row.status,
      row.amount,
      row.note,
      row.source,
      row.createdAt,
      row.updatedAt,
      input.amount !== undefined,
      input.note !== undefined,
    ],
  };
}

/** Locks a habit's row for the rest of the transaction; 404 when it has been deleted meanwhile. */
async function lockHabit(em: EntityManager, habitId: string): Promise<void> {
  const rows = await em.execute(`select 1 from habits where id = ? for no key update`, [habitId]);
  if (rows.length === 0) throw NotFoundError('Habit');
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

/**
 * Whether a log counts as done for the scans: a done log, and for a numeric habit one that meets
 * the target in force on its day (as streaks and risk judge it).
 */
function countsAsDone(
  habit: Habit,
  log: { date: LocalDate; status: HabitLog['status']; amount: number | null },
) {
  return isDoneLog(habitAsOf(rulesOf(habit), toDayNumber(log.date)), log);
}

/** Done logs read per query while looking for the latest one that counts (numeric habits). */
const DONE_PAGE = 32;

/**
 * Keeps habits.last_done_on true to the logs after a write in transaction `em` (the habit's row is
 * locked by then) and clears risk_checked_on, so the risk scan judges the habit again. `doneOn`: a
 * day just written as done, which can only move it later; null: recompute it from the habit's done
 * logs, newest first (one indexed query; numeric habits may page past logs short of their target).
 */
async function keepLastDone(em: EntityManager, habit: Habit, doneOn: LocalDate | null): Promise<void> {
  if (doneOn !== null) {
    await em.execute(
      `update habits set last_done_on = greatest(last_done_on, ?), risk_checked_on = null where id = ?`,
      [doneOn, habit.id],
    );
    return;
  }
  let latest: LocalDate | null = null;
  for (let before: LocalDate | null = null; ;) {
    const rows: { date: string; status: HabitLog['status']; amount: number | null }[] = await em.execute(
      `select date::text as date, status, amount from habit_logs
       where habit_id = ? and status = 'done' ${before ? 'and date < ?' : ''}
       order by date desc limit ${DONE_PAGE}`,
      before ? [habit.id, before] : [habit.id],
    );
    latest = rows.find((row) => countsAsDone(habit, row))?.date ?? null;
    if (latest !== null || rows.length < DONE_PAGE) break;
    before = rows.at(-1)!.date;
  }
  await em.execute(`update habits set last_done_on = ?, risk_checked_on = null where id = ?`, [
    latest,
    habit.id,
  ]);
}

/** A done day ends a risk episode (src/jobs/risk.ts): the habit is simply active again. */
async function endRiskEpisode(ctx: ServiceContext, habit: Habit): Promise<void> {
  if (!habit.atRiskSince) return;
  await ctx.em.nativeUpdate(Habit, { id: habit.id }, { atRiskSince: null });
  habit.atRiskSince = null;
}

/** The habit's log for one day, or null when the day has none. */
export async function logOn(ctx: ServiceContext, habit: Habit, date: LocalDate): Promise<HabitLog | null> {
  return ctx.em.findOne(HabitLog, { habit, date });
}
