/**
 * The nudge and risk scans' queries, and the scan state they read (users.last_logged_on,
 * users.nudged_spell_from, habits.last_done_on, habits.risk_checked_on; see the ScanState
 * migration). Each scan reads its candidates through a partial index in one statement, and writes
 * back for all of them in one statement: never a query per member.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { DayLog, HabitRules, LocalDate } from '../../domain/types.js';
import { dateOf, HABIT_RULE_COLUMNS, habitRulesOf, type HabitRulesRow } from './rows.js';

/** A log on `date` was written: users.last_logged_on moves to it if later (any status counts). */
export async function keepLastLogged(em: EntityManager, userId: string, date: LocalDate): Promise<void> {
  await em.execute(`update users set last_logged_on = greatest(last_logged_on, ?) where id = ?`, [
    date,
    userId,
  ]);
}

/**
 * Recomputes users.last_logged_on after logs went away (an undo, a deleted habit): the latest log
 * of each of the member's habits, each read from the end of the (habit_id, date) index.
 */
export async function refreshLastLogged(em: EntityManager, userId: string): Promise<void> {
  await em.execute(
    `update users u set last_logged_on = (
       select max(last.date) from habits h
       cross join lateral (select l.date from habit_logs l where l.habit_id = h.id order by l.date desc limit 1) last
       where h.owner_id = u.id)
     where u.id = ?`,
    [userId],
  );
}

/** Where and when a member is reached: what the scans need to know their day and quiet hours. */
export interface MemberClock {
  userId: string;
  name: string;
  timezone: string;
  dayStartHour: number;
  quietStartMinute: number | null;
  quietEndMinute: number | null;
}

export interface NudgeCandidate extends MemberClock {
  createdAt: Date;
  lastLoggedOn: LocalDate | null;
}

export interface MemberClockRow {
  user_id: string;
  user_name: string;
  timezone: string;
  day_start_hour: number;
  quiet_start_minute: number | null;
  quiet_end_minute: number | null;
}

export const memberClockColumns = `u.id as user_id, u.name as user_name, u.timezone, u.day_start_hour,
  u.quiet_start_minute, u.quiet_end_minute`;

export function memberClockOf(row: MemberClockRow): MemberClock {
  return {
    userId: row.user_id,
    name: row.user_name,
    timezone: row.timezone,
    dayStartHour: row.day_start_hour,
    quietStartMinute: row.quiet_start_minute,
    quietEndMinute: row.quiet_end_minute,
  };
}

/**
 * Members with nudges on, an active habit and a spell not nudged yet, whose last log is on or
 * before `loggedBy` or who never logged (users_nudge_due_index). The caller applies each member's
 * own day: `loggedBy` is the bound for the zone furthest ahead.
 */
export async function nudgeCandidates(em: EntityManager, loggedBy: LocalDate): Promise<NudgeCandidate[]> {
  const rows = await em.execute<
    (MemberClockRow & { created_at: Date | string; last_logged_on: string | null })[]
  >(
    `select ${memberClockColumns}, u.created_at, u.last_logged_on::text as last_logged_on
     from users u
     where u.nudges and (u.nudged_spell_from is null or u.last_logged_on >= u.nudged_spell_from)
       and (u.last_logged_on <= ? or u.last_logged_on is null)
       and exists (select 1 from habits h where h.owner_id = u.id and h.status = 'active')`,
    [loggedBy],
  );
  return rows.map((row) => ({
    ...memberClockOf(row),
    createdAt: dateOf(row.created_at),
    lastLoggedOn: row.last_logged_on,
  }));
}

/** Records each member's spell as nudged (one statement for all of them). */
export async function markNudged(
  em: EntityManager,
  spells: readonly { userId: string; spellFrom: LocalDate }[],
): Promise<void> {
  if (!spells.length) return;
  await em.execute(
    `update users u set nudged_spell_from = s.spell_from
     from jsonb_to_recordset(?::jsonb) as s(user_id uuid, spell_from date)
     where u.id = s.user_id`,
    [JSON.stringify(spells.map((spell) => ({ user_id: spell.userId, spell_from: spell.spellFrom })))],
  );
}

/** A habit as the scans judge it (its rules, without loading the entity). */
export interface ScannedHabit {
  id: string;
  ownerId: string;
  name: string;
  rules: HabitRules;
  lastDoneOn: LocalDate | null;
  riskCheckedOn: LocalDate | null;
}

interface ScannedHabitRow extends HabitRulesRow {
  id: string;
  owner_id: string;
  name: string;
  last_done_on: string | null;
  risk_checked_on: string | null;
}

const habitColumns = `h.id, h.owner_id, h.name, ${HABIT_RULE_COLUMNS}, h.last_done_on::text as last_done_on,
  h.risk_checked_on::text as risk_checked_on`;

function scannedHabitOf(row: ScannedHabitRow): ScannedHabit {
  return {
    id: row.id,
    ownerId: row.owner_id,
    name: row.name,
    rules: habitRulesOf(row),
    lastDoneOn: row.last_done_on,
    riskCheckedOn: row.risk_checked_on,
  };
}

/** The active habits of some members, by name (one query). */
export async function activeHabitsOf(em: EntityManager, userIds: readonly string[]): Promise<ScannedHabit[]> {
  if (!userIds.length) return [];
  const rows = await em.execute<ScannedHabitRow[]>(
    `select ${habitColumns} from habits h
     where h.owner_id = any(?::uuid[]) and h.status = 'active' order by h.owner_id, lower(h.name)`,
    [`{${userIds.join(',')}}`],
  );
  return rows.map(scannedHabitOf);
}

export type RiskCandidate = ScannedHabit & { owner: MemberClock };

/** The members' clocks in use: each distinct zone and day start hour (a few dozen rows). */
export async function memberClocksInUse(
  em: EntityManager,
): Promise<{ timezone: string; dayStartHour: number }[]> {
  const rows = await em.execute<{ timezone: string; day_start_hour: number }[]>(
    `select distinct timezone, day_start_hour from users`,
  );
  return rows.map((row) => ({ timezone: row.timezone, dayStartHour: row.day_start_hour }));
}

/** A clock's today, and the first days of its week and month, as the risk rule counts them. */
export interface ClockDays {
  timezone: string;
  dayStartHour: number;
  today: LocalDate;
  weekStart: LocalDate;
  monthStart: LocalDate;
}

/**
 * Active habits not at risk that may have turned at risk by their member's own day (`days`, one
 * row per clock), with their owner's clock. Day-based habits: not done in the last two days and
 * not judged today; per-week and per-month habits: not judged since their current period began.
 * The partial indexes (habits_risk_due_index, habits_risk_period_index) are read first up to the
 * bounds of the zone furthest ahead (`latest`), then each member's own day applies: a plan that
 * started from the members would visit every habit.
 */
export async function riskCandidates(
  em: EntityManager,
  latest: { doneBy: LocalDate; today: LocalDate; weekStart: LocalDate; monthStart: LocalDate },
  days: readonly ClockDays[],
): Promise<RiskCandidate[]> {
  if (!days.length) return [];
  const rows = await em.execute<(ScannedHabitRow & MemberClockRow)[]>(
    `with maybe as materialized (
       select h.* from habits h
       where h.at_risk_since is null and h.status = 'active' and h.schedule->>'kind' <> 'per_period'
         and (h.last_done_on <= ? or h.last_done_on is null)
         and (h.risk_checked_on < ? or h.risk_checked_on is null)
       union all
       select h.* from habits h
       where h.at_risk_since is null and h.status = 'active' and h.schedule->>'kind' = 'per_period'
         and (h.risk_checked_on is null
           or (h.risk_checked_on < ? and h.schedule->>'period' = 'week')
           or (h.risk_checked_on < ? and h.schedule->>'period' = 'month')))
     select ${habitColumns}, ${memberClockColumns}
     from maybe h join users u on u.id = h.owner_id
       join jsonb_to_recordset(?::jsonb) as d(timezone text, "dayStartHour" int, today date,
         "weekStart" date, "monthStart" date)
         on d.timezone = u.timezone and d."dayStartHour" = u.day_start_hour
     where case when h.schedule->>'kind' <> 'per_period' then
         (h.last_done_on <= d.today - 3 or h.last_done_on is null)
         and (h.risk_checked_on < d.today or h.risk_checked_on is null)
       else h.risk_checked_on is null or h.risk_checked_on <
         case h.schedule->>'period' when 'week' then d."weekStart" else d."monthStart" end end`,
    [latest.doneBy, latest.today, latest.weekStart, latest.monthStart, JSON.stringify(days)],
  );
  return rows.map((row) => ({ ...scannedHabitOf(row), owner: memberClockOf(row) }));
}

/** The logs of each habit from its own first day on, oldest first (one query for all). */
export async function logsFrom(
  em: EntityManager,
  ranges: readonly { habitId: string; from: LocalDate }[],
): Promise<Map<string, DayLog[]>> {
  const byHabit = new Map<string, DayLog[]>(ranges.map((range) => [range.habitId, []]));
  if (!ranges.length) return byHabit;
  const rows = await em.execute<
    { habit_id: string; date: string; status: DayLog['status']; amount: number | null }[]
  >(
    `select l.habit_id, l.date::text as date, l.status, l.amount
     from jsonb_to_recordset(?::jsonb) as r(habit_id uuid, since date)
     join habit_logs l on l.habit_id = r.habit_id and l.date >= r.since
     order by l.habit_id, l.date`,
    [JSON.stringify(ranges.map((range) => ({ habit_id: range.habitId, since: range.from })))],
  );
  for (const row of rows)
    byHabit.get(row.habit_id)?.push({ date: row.date, status: row.status, amount: row.amount });
  return byHabit;
}

/**
 * Opens risk episodes: sets at_risk_since where the habit is still not at risk and no done log
 * came since it was read (its last_done_on unchanged), so a done racing the scan wins. Returns the
 * habits that were marked.
 */
export async function markAtRisk(
  em: EntityManager,
  episodes: readonly { habitId: string; since: LocalDate; lastDoneOn: LocalDate | null; today: LocalDate }[],
): Promise<string[]> {
  if (!episodes.length) return [];
  const rows = await em.execute<{ id: string }[]>(
    `update habits h set at_risk_since = e.since, risk_checked_on = e.today
     from jsonb_to_recordset(?::jsonb) as e(habit_id uuid, since date, last_done_on date, today date)
     where h.id = e.habit_id and h.at_risk_since is null
       and h.last_done_on is not distinct from e.last_done_on
     returning h.id`,
    [
      JSON.stringify(
        episodes.map((e) => ({
          habit_id: e.habitId,
          since: e.since,
          last_done_on: e.lastDoneOn,
          today: e.today,
        })),
      ),
    ],
  );
  return rows.map((row) => row.id);
}

/**
 * Records that the habits were judged not at risk on their member's `today`, unless a log changed
 * what was read (a log clears risk_checked_on or moves last_done_on): that habit is judged again.
 */
export async function markRiskChecked(
  em: EntityManager,
  checked: readonly {
    habitId: string;
    today: LocalDate;
    lastDoneOn: LocalDate | null;
    riskCheckedOn: LocalDate | null;
  }[],
): Promise<void> {
  if (!checked.length) return;
  await em.execute(
    `update habits h set risk_checked_on = c.today
     from jsonb_to_recordset(?::jsonb) as c(habit_id uuid, today date, last_done_on date, risk_checked_on date)
     where h.id = c.habit_id and h.last_done_on is not distinct from c.last_done_on
       and h.risk_checked_on is not distinct from c.risk_checked_on`,
    [
      JSON.stringify(
        checked.map((c) => ({
          habit_id: c.habitId,
          today: c.today,
          last_done_on: c.lastDoneOn,
          risk_checked_on: c.riskCheckedOn,
        })),
      ),
    ],
  );
}
