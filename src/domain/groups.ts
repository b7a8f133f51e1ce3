/**
 * The numbers of a group (issue 13): each joined member's week, the group streak, the board, the
 * biggest improvement and who could use encouragement. Pure: the caller passes only the members
 * who joined, each with their habits' rules and logs and their own local "today", so two members
 * in different zones are each judged on their own calendar.
 */
import { fromDayNumber, monthBoundsOfDay, toDayNumber, weekStartOfDay } from './dates.js';
import { adherenceOf, adherenceTally } from './adherence.js';
import type { AdherenceTally } from './adherence.js';
import { DONE, SKIPPED } from './logs.js';
import { tallyPeriod } from './periods.js';
import { buildPicture, isOpenToday } from './picture.js';
import type { DayPicture } from './picture.js';
import { streaksFromPicture } from './streaks.js';
import type { DayLog, HabitRules, LocalDate, StreakUnit } from './types.js';

/** One habit of a member, as the rules need it. */
export interface GroupHabit {
  rules: HabitRules;
  logs: readonly DayLog[];
}

/** A member who joined the group: their habits and their local date now. */
export interface GroupMember {
  id: string;
  name: string;
  /** The member's local date now, in their own zone and day start. */
  today: LocalDate;
  habits: readonly GroupHabit[];
}

/** A member's done against due for one ISO week (Monday..Sunday) of their own calendar. */
export interface MemberWeek {
  memberId: string;
  weekStart: LocalDate;
  weekEnd: LocalDate;
  done: number;
  due: number;
}

/**
 * A member's done/due for the ISO week containing `week` (any day of it), on their own calendar,
 * counted as far as their today:
 * - daily, weekdays and every-N-days habits count due days up to today as adherence does (skipped
 *   and paused days excused, days before the start not due, an open today not yet due);
 * - a per-week habit counts its period, which is this very week: due is its required count (lower
 *   pro rata when days were skipped, paused or before the start), done its done days capped there;
 * - a per-month habit owes the week's share of its month (times / days in the month, for each of
 *   the week's days not excused), like the per-week count for the whole week; `due` may then be
 *   fractional (presenters round), and done is capped at it so a month's count done early does
 *   not make one week look more than complete.
 * A week that has not begun for the member (their today is before its Monday) is 0 of 0.
 */
export function memberWeek(member: GroupMember, week: LocalDate): MemberWeek {
  const first = weekStartOfDay(toDayNumber(week));
  const last = first + 6;
  const today = toDayNumber(member.today);
  const asOf = Math.min(today, last);
  let done = 0;
  let due = 0;
  if (asOf >= first) {
    for (const { rules, logs } of member.habits) {
      // As of the member's real today: a past week's last days are then settled, not "open today".
      const pic = buildPicture(rules, logs, today);
      const schedule = pic.habit.schedule;
      if (schedule.kind === 'per_period' && schedule.period === 'week') {
        const tally = tallyPeriod(pic, schedule.times, first, last);
        due += tally.required;
        done += Math.min(tally.done, tally.required);
      } else if (schedule.kind === 'per_period') {
        const share = monthShare(pic, schedule.times, first, last);
        due += share.due;
        done += Math.min(share.done, share.due);
      } else {
        const tally = adherenceTally(pic, asOf - first + 1, asOf);
        due += tally.expected;
        done += tally.credited;
      }
    }
  }
  return { memberId: member.id, weekStart: fromDayNumber(first), weekEnd: fromDayNumber(last), done, due };
}

/**
 * A per-month habit's share of the days [first, last]: each active day (since the start, not paused,
 * not skipped; days after today count as active, as the week's own period does) owes
 * `times / days in its month`; done counts its done days up to today.
 */
function monthShare(
  pic: DayPicture,
  times: number,
  first: number,
  last: number,
): { done: number; due: number } {
  let done = 0;
  let due = 0;
  for (let n = Math.max(first, pic.start); n <= last; n++) {
    const [monthFirst, monthLast] = monthBoundsOfDay(n);
    const i = n - pic.first;
    if (n <= pic.asOf && (pic.paused[i] === 1 || pic.outcome[i] === SKIPPED)) continue;
    due += times / (monthLast - monthFirst + 1);
    if (n <= pic.asOf && pic.outcome[i] === DONE) done++;
  }
  return { done, due };
}

/** The group streak: how many days, and the first and last of them (null when 0). */
export interface GroupStreak {
  length: number;
  start: LocalDate | null;
  end: LocalDate | null;
}

/** How one member's day went, for the group streak. */
type MemberDay = 'done' | 'free' | 'open' | 'missed';

function memberDay(pics: readonly DayPicture[], today: number, n: number): MemberDay {
  if (n > today) return 'open';
  let open = false;
  let due = false;
  for (const pic of pics) {
    if (n < pic.start) continue;
    const i = n - pic.first;
    const outcome = pic.outcome[i]!;
    if (pic.paused[i] === 1) continue;
    if (outcome === DONE) return 'done';
    if (pic.due[i] === 0 || outcome === SKIPPED) continue;
    if (isOpenToday(pic, n, outcome)) open = true;
    else due = true;
  }
  return open ? 'open' : due ? 'missed' : 'free';
}

/**
 * Consecutive days on which every joined member completed at least one habit, ending on the
 * latest of the members' todays. The rules, per member and day (each on their own calendar):
 * - done: a done log (a kept at_most day included) of any habit, on or after its start and not
 *   paused, whether or not that habit was due (per-period habits have no due day, so their done
 *   days count but their other days are never owed);
 * - free: nothing due (no habit scheduled, all skipped or paused, before every start): the member
 *   is passed over that day;
 * - open: the day has not ended for them (today with a due habit not yet settled and nothing
 *   done, or a date after their today): passed over, so the streak ends "today or yesterday";
 * - missed: something was due and settled, and nothing was done: the streak breaks.
 * A day counts when nobody missed, nobody is open and at least one member was done; a day where
 * everybody was free (or open) neither counts nor breaks. An empty group has no streak.
 */
export function groupStreak(members: readonly GroupMember[]): GroupStreak {
  if (members.length === 0) return { length: 0, start: null, end: null };
  const todays = members.map((m) => toDayNumber(m.today));
  const pictures = members.map((m, k) => m.habits.map((h) => buildPicture(h.rules, h.logs, todays[k]!)));
  let earliest = Infinity;
  for (const pics of pictures) for (const pic of pics) earliest = Math.min(earliest, pic.start);
  let length = 0;
  let start: number | null = null;
  let end: number | null = null;
  for (let n = Math.max(...todays); n >= earliest; n--) {
    let someoneDone = false;
    let someoneOpen = false;
    let broken = false;
    for (let k = 0; k < members.length && !broken; k++) {
      const day = memberDay(pictures[k]!, todays[k]!, n);
      if (day === 'missed') broken = true;
      else if (day === 'open') someoneOpen = true;
      else if (day === 'done') someoneDone = true;
    }
    if (broken) break;
    if (someoneOpen || !someoneDone) continue;
    length++;
    start = n;
    end ??= n;
  }
  return {
    length,
    start: start === null ? null : fromDayNumber(start),
    end: end === null ? null : fromDayNumber(end),
  };
}

/** A member's best current streak, in its own unit. */
export interface BestStreak {
  length: number;
  unit: StreakUnit;
}

/** One row of the board. */
export interface BoardEntry {
  memberId: string;
  name: string;
  /** Share of due done over the last 7 days (0..1), pooled over all habits; null when nothing was due. */
  consistency: number | null;
  /** The longest current streak among the member's habits; null when none is alive. */
  bestStreak: BestStreak | null;
  /** 1-based; equal consistency and streak share a rank. null for members with nothing due. */
  rank: number | null;
  /** Nothing was due in the last 7 days: listed last, not ranked. */
  nothingDue: boolean;
}

const DAYS_PER_UNIT: Record<StreakUnit, number> = { days: 1, weeks: 7, months: 30 };
/** Fractions closer than this are equal (pooled pro-rata expectations carry float error). */
const EPSILON = 1e-9;

function pooled(tallies: readonly AdherenceTally[]): number | null {
  let credited = 0;
  let expected = 0;
  for (const t of tallies) {
    credited += t.credited;
    expected += t.expected;
  }
  return adherenceOf({ credited, expected });
}

/** The member's pooled 7-day consistency ending `daysBack` days before their today. */
function consistency7(member: GroupMember, daysBack: number): number | null {
  const asOf = toDayNumber(member.today) - daysBack;
  return pooled(member.habits.map((h) => adherenceTally(buildPicture(h.rules, h.logs, asOf), 7)));
}

function bestStreak(member: GroupMember): BestStreak | null {
  const asOf = toDayNumber(member.today);
  let best: BestStreak | null = null;
  for (const { rules, logs } of member.habits) {
    const s = streaksFromPicture(buildPicture(rules, logs, asOf), 0);
    if (
      s.current > 0 &&
      (best === null || streakDays(s.current, s.unit) > streakDays(best.length, best.unit))
    )
      best = { length: s.current, unit: s.unit };
  }
  return best;
}

/** A streak in days, to compare a 3-week streak with a 10-day one (a week 7, a month 30 days). */
function streakDays(length: number, unit: StreakUnit): number {
  return length * DAYS_PER_UNIT[unit];
}

function byName(a: { name: string; memberId: string }, b: { name: string; memberId: string }): number {
  return (
    a.name.localeCompare(b.name, 'en') || (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0)
  );
}

/**
 * The board: members ordered by consistency over their last 7 days (done over due, pooled over
 * their habits, so one habit and ten habits are judged alike), then by their best current streak
 * (compared in days: a week counts 7, a month 30), then by name. No raw counts. Members with
 * nothing due in those 7 days come last, unranked and marked `nothingDue`, by streak then name.
 */
export function groupBoard(members: readonly GroupMember[]): BoardEntry[] {
  const rows = members.map((m) => ({
    memberId: m.id,
    name: m.name,
    consistency: consistency7(m, 0),
    bestStreak: bestStreak(m),
  }));
  const streakOf = (r: (typeof rows)[number]): number =>
    r.bestStreak === null ? 0 : streakDays(r.bestStreak.length, r.bestStreak.unit);
  const sameScore = (a: (typeof rows)[number], b: (typeof rows)[number]): boolean =>
    (a.consistency === null) === (b.consistency === null) &&
    Math.abs((a.consistency ?? 0) - (b.consistency ?? 0)) < EPSILON &&
    streakOf(a) === streakOf(b);
  rows.sort((a, b) => {
    if ((a.consistency === null) !== (b.consistency === null)) return a.consistency === null ? 1 : -1;
    const diff = (b.consistency ?? 0) - (a.consistency ?? 0);
    if (Math.abs(diff) >= EPSILON) return diff;
    return streakOf(b) - streakOf(a) || byName(a, b);
  });
  const board: BoardEntry[] = [];
  rows.forEach((row, k) => {
    const nothingDue = row.consistency === null;
    const previous = board[k - 1];
    const rank = nothingDue
      ? null
      : previous !== undefined && sameScore(rows[k - 1]!, row)
        ? previous.rank
        : k + 1;
    board.push({ ...row, rank, nothingDue });
  });
  return board;
}

/** The member who improved most, with their 7-day consistency before and now. */
export interface Improvement {
  memberId: string;
  name: string;
  before: number;
  now: number;
  rise: number;
}

/**
 * The member whose 7-day consistency rose most against the 7 days before (each on their own
 * calendar); ties go to the name first in order. null when nobody rose, or nobody had something
 * due in both weeks (a member new this week has nothing to improve on).
 */
export function biggestImprovement(members: readonly GroupMember[]): Improvement | null {
  let best: Improvement | null = null;
  for (const m of members) {
    const now = consistency7(m, 0);
    const before = consistency7(m, 7);
    if (now === null || before === null) continue;
    const rise = now - before;
    if (rise < EPSILON) continue;
    const candidate = { memberId: m.id, name: m.name, before, now, rise };
    if (
      best === null ||
      rise > best.rise + EPSILON ||
      (Math.abs(rise - best.rise) < EPSILON && byName(candidate, best) < 0)
    )
      best = candidate;
  }
  return best;
}

/** A member to encourage. Deliberately no number: this list is for kind words, not comparison. */
export interface Encouragement {
  memberId: string;
  name: string;
}

/**
 * Members whose 7-day consistency is below `threshold` (default one half), for gentle
 * encouragement. Listed by name, never by how far behind, and without their numbers, so the list
 * cannot be read as a ranking. Members with nothing due are not behind.
 */
export function fellBehind(members: readonly GroupMember[], threshold = 0.5): Encouragement[] {
  return members
    .filter((m) => {
      const c = consistency7(m, 0);
      return c !== null && c < threshold - EPSILON;
    })
    .map((m) => ({ memberId: m.id, name: m.name }))
    .sort(byName);
}
