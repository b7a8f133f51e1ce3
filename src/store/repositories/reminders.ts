/**
 * The reminder scan's queries (src/jobs/reminders.ts), each one statement for every member: which
 * zones have reminders, whose reminders fell in the run's wall-clock windows and were not enqueued
 * yet (their dedupe key is not in the outbox), and the habits those reminders are about, with only
 * the logs that decide whether each is still to do (the day's, or its week's or month's so far).
 *
 * A member's local date honours their day start hour: with the day starting at 03:00, a reminder at
 * 01:30 on the wall clock of the 21st belongs to the 20th.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { DayLog, HabitRules, LocalDate } from '../../domain/types.js';
import { HABIT_RULE_COLUMNS, habitRulesOf, type HabitRulesRow } from './rows.js';

/** Reminders firing in one zone on one wall-clock date, minutes from..to inclusive (firingWindows). */
export interface ZoneWindow {
  zone: string;
  date: LocalDate;
  fromMinute: number;
  toMinute: number;
}

/** A daily reminder that fell due: the member and their local date. */
export interface DueMemberReminder {
  userId: string;
  date: LocalDate;
}

/** A habit's own reminder that fell due, on its owner's local date. */
export interface DueHabitReminder {
  habitId: string;
  userId: string;
  date: LocalDate;
}

/** A habit a reminder may list, with the logs that decide whether it is still to do on `date`. */
export interface RemindableHabit {
  userId: string;
  date: LocalDate;
  id: string;
  name: string;
  rules: HabitRules;
  logs: DayLog[];
}

/** The dedupe key of a member's daily reminder. */
export const memberReminderKey = (userId: string, date: LocalDate) => `reminder:${userId}:${date}`;
/** The dedupe key of a habit's own reminder. */
export const habitReminderKey = (habitId: string, date: LocalDate) => `habit-reminder:${habitId}:${date}`;

const WINDOWS = `w as (select * from jsonb_to_recordset(?::jsonb) as w(zone text, date date, "fromMinute" int, "toMinute" int))`;

/** The wall-clock date `w.date` as the member's local date, for a reminder at `minute`. */
const localDate = (minute: string) =>
  `case when ${minute} < u.day_start_hour * 60 then w.date - 1 else w.date end`;

/** The zones of members with a daily reminder or a live habit's reminder. */
export async function reminderZones(em: EntityManager): Promise<string[]> {
  const rows = await em.getConnection().execute<{ timezone: string }[]>(
    `select timezone from users where reminder_minute is not null
     union
     select u.timezone from habits h join users u on u.id = h.owner_id
     where h.reminder_minute is not null and h.status = 'active'`,
  );
  return rows.map((row) => row.timezone);
}

/** Daily reminders in the windows whose key is not in the outbox yet. */
export async function dueMemberReminders(
  em: EntityManager,
  windows: readonly ZoneWindow[],
): Promise<DueMemberReminder[]> {
  if (!windows.length) return [];
  const rows = await em.getConnection().execute<{ user_id: string; date: string }[]>(
    `with ${WINDOWS},
     fired as (
       select u.id as user_id, to_char(${localDate('u.reminder_minute')}, 'YYYY-MM-DD') as date
       from w join users u on u.timezone = w.zone
         and u.reminder_minute between w."fromMinute" and w."toMinute"
       where u.reminder_minute is not null)
     select user_id, date from fired f
     where not exists (select 1 from outbox o where o.dedupe_key = 'reminder:' || f.user_id || ':' || f.date)`,
    [JSON.stringify(windows)],
  );
  return rows.map((row) => ({ userId: row.user_id, date: row.date }));
}

/** Active habits' own reminders in the windows whose key is not in the outbox yet. */
export async function dueHabitReminders(
  em: EntityManager,
  windows: readonly ZoneWindow[],
): Promise<DueHabitReminder[]> {
  if (!windows.length) return [];
  const rows = await em.getConnection().execute<{ habit_id: string; user_id: string; date: string }[]>(
    `with ${WINDOWS},
     fired as (
       select h.id as habit_id, u.id as user_id, to_char(${localDate('h.reminder_minute')}, 'YYYY-MM-DD') as date
       from w join habits h on h.reminder_minute between w."fromMinute" and w."toMinute"
         and h.reminder_minute is not null and h.status = 'active'
       join users u on u.id = h.owner_id and u.timezone = w.zone)
     select habit_id, user_id, date from fired f
     where not exists (select 1 from outbox o where o.dedupe_key = 'habit-reminder:' || f.habit_id || ':' || f.date)`,
    [JSON.stringify(windows)],
  );
  return rows.map((row) => ({ habitId: row.habit_id, userId: row.user_id, date: row.date }));
}

/** Every active habit of each member, for their date (a daily reminder lists what is still to do). */
export async function remindableHabitsOfMembers(
  em: EntityManager,
  members: readonly DueMemberReminder[],
): Promise<RemindableHabit[]> {
  if (!members.length) return [];
  return remindable(
    em,
    `jsonb_to_recordset(?::jsonb) as t("userId" uuid, date date) join habits h on h.owner_id = t."userId"`,
    members,
  );
}

/** The given habits, if still active, each for its date (a habit's own reminder). */
export async function remindableHabits(
  em: EntityManager,
  habits: readonly Pick<DueHabitReminder, 'habitId' | 'date'>[],
): Promise<RemindableHabit[]> {
  if (!habits.length) return [];
  return remindable(
    em,
    `jsonb_to_recordset(?::jsonb) as t("habitId" uuid, date date) join habits h on h.id = t."habitId"`,
    habits,
  );
}

interface RemindableRow extends HabitRulesRow {
  user_id: string;
  date: string;
  id: string;
  name: string;
  logs: DayLog[];
}

/**
 * Active habits from `source` (which names the targets `t` and the habits `h`), with their logs of
 * the target date, or of its week or month so far for a per-period habit: each a range read of
 * the (habit_id, date) unique index, never a habit's whole history.
 */
async function remindable(
  em: EntityManager,
  source: string,
  targets: readonly object[],
): Promise<RemindableHabit[]> {
  const rows = await em.getConnection().execute<RemindableRow[]>(
    `select h.owner_id as user_id, to_char(t.date, 'YYYY-MM-DD') as date, h.id, h.name, ${HABIT_RULE_COLUMNS},
            coalesce((
              select json_agg(json_build_object('date', l.date::text, 'status', l.status, 'amount', l.amount) order by l.date)
              from habit_logs l
              where l.habit_id = h.id and l.date <= t.date
                and l.date >= case
                  when h.schedule->>'kind' <> 'per_period' then t.date
                  when h.schedule->>'period' = 'month' then date_trunc('month', t.date)::date
                  else date_trunc('week', t.date)::date end
            ), '[]'::json) as logs
     from ${source}
     where h.status = 'active'
     order by h.owner_id, h.created_at, h.id`,
    [JSON.stringify(targets)],
  );
  return rows.map((row) => ({
    userId: row.user_id,
    date: row.date,
    id: row.id,
    name: row.name,
    rules: habitRulesOf(row),
    logs: row.logs,
  }));
}
