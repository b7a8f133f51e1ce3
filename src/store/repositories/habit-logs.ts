/**
 * Habit logs' reads and writes by hand: the one-statement done log of the chat's hot path, the
 * day upsert that keeps what the input left out, and the habit columns that follow the logs
 * (start date, last done day, risk episode).
 */
import type { EntityData } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { DayLog, LocalDate } from '../../domain/types.js';
import { NotFoundError } from '../../errors.js';
import type { HabitLog } from '../entities/index.js';
import { queryPrepared, type StatementPart } from '../prepared.js';

interface LogRow {
  habit_id: string;
  date: string;
  status: DayLog['status'];
  amount: number | null;
}

/**
 * Every log of the given habits (up to `until`, a local date, when given), grouped by habit and
 * oldest first: one query over the `habit_logs_habit_id_date_unique` index, so lists and dashboards
 * never query per habit. Every habit asked about has an entry, empty when it has no logs.
 */
export async function dayLogsOfHabits(
  em: EntityManager,
  habitIds: string[],
  until?: string,
): Promise<Map<string, DayLog[]>> {
  const byHabit = new Map<string, DayLog[]>(habitIds.map((id) => [id, []]));
  if (habitIds.length === 0) return byHabit;
  // The ids travel as one text, so the statement's text is the same for any number of habits.
  const rows = await queryPrepared<LogRow>(
    em,
    `select habit_id, date::text as date, status, amount from habit_logs
     where habit_id = any(string_to_array(?, ',')::uuid[]) ${until ? 'and date <= ?' : ''}
     order by habit_id, date`,
    until ? [habitIds.join(','), until] : [habitIds.join(',')],
  );
  for (const row of rows) {
    byHabit.get(row.habit_id)?.push({ date: row.date, status: row.status, amount: row.amount });
  }
  return byHabit;
}

/** A day's log as written: the habit it belongs to and the values the write sets. */
export interface DayLogRow {
  id: string;
  habit: { id: string };
  date: LocalDate;
  status: HabitLog['status'];
  amount: number | null;
  note: string | null;
  source: string;
  createdAt: Date;
  updatedAt: Date;
}

/** Which of the optional values the input gave: one left out keeps the day's, null clears it. */
export interface GivenValues {
  amount: boolean;
  note: boolean;
}

/** What writing a day's log left: the habit's start, the row, the day's log before the write. */
export interface DayLogWrite {
  start: LocalDate;
  row: EntityData<HabitLog>;
  previous: DayLog | null;
  /** Whether an open goal counts this habit, so that its completion needs checking. */
  hasOpenGoals: boolean;
  /** The habit's logs up to the written day, that one included, oldest first, when asked for. */
  history?: DayLog[];
}

/**
 * The chat's hot path (issue 16): a log that counts as done, written in one statement, so one round
 * trip and no transaction. Its parts, all on one snapshot: the habit is locked against deletion (a
 * log racing the habit's deletion finds it gone: no row, a 404); its start moves back to the day if
 * needed, last_done_on moves forward, the risk episode ends and risk_checked_on is cleared; the
 * day's log is upserted; the member's last_logged_on moves forward; and it reads the day's log
 * before the write and whether an open goal counts the habit. The habit and the member are updated
 * only when a value changes: a row updated to itself is still a new row version, with its WAL (a
 * re-log or a backfilled day changes neither). With `withHistory` it also reads the
 * habit's logs before the written day, and adds the written one last: for a log of today, what
 * the answer's streak reads (the logs up to today; the statement's snapshot cannot see its own write).
 */
export async function writeDoneDayLog(
  em: EntityManager,
  userId: string,
  row: DayLogRow,
  given: GivenValues,
  withHistory = false,
): Promise<DayLogWrite> {
  const upsert = dayLogUpsert(row, given, 'from target');
  const history = withHistory
    ? `, (select ${HISTORY_TEXT} from habit_logs where habit_id = ? and date < ?) as history_`
    : '';
  const [result] = await queryPrepared<
    EntityData<HabitLog> & {
      start_: string | null;
      previous_: DayLog | null;
      has_open_goals_: boolean;
      history_?: string | null;
    }
  >(
    em,
    `with target as (
       select id, start_date::text as start_date from habits where id = ? for key share
     ),
     moved as (
       update habits set start_date = least(start_date, ?), last_done_on = greatest(last_done_on, ?),
         risk_checked_on = null, at_risk_since = null
       where id = (select id from target)
         and (start_date > ? or last_done_on is null or last_done_on < ?
              or risk_checked_on is not null or at_risk_since is not null)
       returning start_date::text as start_date
     ),
     previous as (
       select json_build_object('date', date::text, 'status', status, 'amount', amount) as log
       from habit_logs where habit_id = ? and date = ?
     ),
     written as (${upsert.sql}),
     member as (
       update users set last_logged_on = ?
       where id = ? and (last_logged_on is null or last_logged_on < ?) and exists (select 1 from written)
     )
     select written.*, coalesce((select start_date from moved), (select start_date from target)) as start_,
       (select log from previous) as previous_,
       exists (select 1 from goal_habits gh join goals g on g.id = gh.goal_id
               where gh.habit_id = ? and g.completed_at is null) as has_open_goals_ ${history}
     from (select 1) as one left join written on true`,
    [
      row.habit.id,
      row.date,
      row.date,
      row.date,
      row.date,
      row.habit.id,
      row.date,
      ...upsert.params,
      row.date,
      userId,
      row.date,
      row.habit.id,
      ...(withHistory ? [row.habit.id, row.date] : []),
    ],
  );
  const { start_: start, previous_: previous, has_open_goals_: hasOpenGoals, history_, ...written } = result!;
  if (!start) throw NotFoundError('Habit');
  return {
    start,
    row: written,
    previous,
    hasOpenGoals,
    ...(withHistory
      ? {
          history: [
            ...parseHistoryText(history_ ?? null),
            { date: row.date, status: written.status!, amount: (written.amount as number | null) ?? null },
          ],
        }
      : {}),
  };
}

/**
 * A habit's logs as one text, oldest first: `date status[ amount]`, comma-separated (null: none).
 * Read on every first log of the day for the answer's streak, which needs the whole history; a
 * text is several times cheaper to build and to read than as many JSON objects, and with the
 * unique index carrying status and amount the read never visits the table (issue 16).
 */
const HISTORY_TEXT = `string_agg(date::text || ' ' || status || coalesce(' ' || amount, ''), ',' order by date)`;

/** The logs HISTORY_TEXT wrote. */
function parseHistoryText(text: string | null): DayLog[] {
  if (!text) return [];
  // Each entry is a 10-character date, a space, the status, and maybe a space and the amount.
  return text.split(',').map((entry) => {
    const space = entry.indexOf(' ', 11);
    return {
      date: entry.slice(0, 10),
      status: (space === -1 ? entry.slice(11) : entry.slice(11, space)) as DayLog['status'],
      amount: space === -1 ? null : Number(entry.slice(space + 1)),
    };
  });
}

/** The habit's log on one day, as the day's picture needs it, or null. */
export async function dayLogOn(em: EntityManager, habitId: string, date: LocalDate): Promise<DayLog | null> {
  const rows = await em.execute<DayLog[]>(
    `select date::text as date, status, amount from habit_logs where habit_id = ? and date = ?`,
    [habitId, date],
  );
  return rows[0] ?? null;
}

/**
 * Writes a day's log, or updates the day's log when it has one (atomic on the (habit, date) unique
 * key, so a retry or a double click never makes two). An amount or note the input leaves out keeps
 * the day's value; null clears it. Plain SQL because em.upsert hydrates a kept null amount as 0.
 */
export async function upsertDayLog(
  em: EntityManager,
  row: DayLogRow,
  given: GivenValues,
): Promise<EntityData<HabitLog>> {
  const upsert = dayLogUpsert(row, given);
  const [written] = await em.execute<EntityData<HabitLog>[]>(upsert.sql, upsert.params);
  return written!;
}

/**
 * The upsert of one day's log (see upsertDayLog), as a statement or as a CTE of a larger one: its
 * row is selected `from` what the caller names (writeDoneDayLog's update of the habit) or from nothing.
 */
function dayLogUpsert(row: DayLogRow, given: GivenValues, from = ''): StatementPart {
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
      given.amount,
      given.note,
    ],
  };
}

/**
 * A log dated before the habit's start shows the habit is older than recorded (a backfill of a
 * habit added today): its start moves back, so streaks and adherence count that day. `least` in
 * SQL keeps the earliest of concurrent backdated logs, whatever order they commit in, and the
 * update locks the habit, so a log racing the habit's deletion finds it gone (404) instead of
 * breaking the foreign key. Returns the start after the move.
 */
export async function moveStartNoLaterThan(
  em: EntityManager,
  habitId: string,
  date: LocalDate,
): Promise<LocalDate> {
  const rows = await em.execute<{ start_date: string }[]>(
    `update habits set start_date = least(start_date, ?) where id = ? returning start_date::text as start_date`,
    [date, habitId],
  );
  if (rows.length === 0) throw NotFoundError('Habit');
  return rows[0]!.start_date;
}

/**
 * After an undo: the start goes back to the earlier of the declared start and the earliest log
 * left, as if the undone log had never been made. Returns the start after the move.
 */
export async function restoreStartAfterUndo(em: EntityManager, habitId: string): Promise<LocalDate> {
  const rows = await em.execute<{ start_date: string }[]>(
    `update habits h set start_date = least(h.declared_start_date,
       coalesce((select min(l.date) from habit_logs l where l.habit_id = h.id), h.declared_start_date))
     where h.id = ? returning h.start_date::text as start_date`,
    [habitId],
  );
  return rows[0]!.start_date;
}

/** Locks a habit's row for the rest of the transaction; 404 when it has been deleted meanwhile. */
export async function lockHabit(em: EntityManager, habitId: string): Promise<void> {
  const rows = await em.execute(`select 1 from habits where id = ? for no key update`, [habitId]);
  if (rows.length === 0) throw NotFoundError('Habit');
}

/** Done logs read per query while looking for the latest one that counts (numeric habits). */
const DONE_PAGE = 32;

/**
 * The latest day whose done log `counts` (a numeric habit's log may fall short of its target), or
 * null: the habit's done logs newest first, one indexed query per page.
 */
export async function latestCountingDoneDay(
  em: EntityManager,
  habitId: string,
  counts: (log: DayLog) => boolean,
): Promise<LocalDate | null> {
  for (let before: LocalDate | null = null; ;) {
    const rows: DayLog[] = await em.execute(
      `select date::text as date, status, amount from habit_logs
       where habit_id = ? and status = 'done' ${before ? 'and date < ?' : ''}
       order by date desc limit ${DONE_PAGE}`,
      before ? [habitId, before] : [habitId],
    );
    const latest = rows.find(counts)?.date ?? null;
    if (latest !== null || rows.length < DONE_PAGE) return latest;
    before = rows.at(-1)!.date;
  }
}

/**
 * Sets habits.last_done_on (`advance`: only ever later) and clears risk_checked_on, so the risk
 * scan judges the habit again.
 */
export async function setLastDone(
  em: EntityManager,
  habitId: string,
  day: LocalDate | null,
  options: { advance: boolean },
): Promise<void> {
  await em.execute(
    options.advance
      ? `update habits set last_done_on = greatest(last_done_on, ?), risk_checked_on = null where id = ?`
      : `update habits set last_done_on = ?, risk_checked_on = null where id = ?`,
    [day, habitId],
  );
}

/** A done day ends the habit's risk episode (src/jobs/risk.ts). */
export async function endRiskEpisodeOf(em: EntityManager, habitId: string): Promise<void> {
  await em.execute(`update habits set at_risk_since = null where id = ?`, [habitId]);
}
