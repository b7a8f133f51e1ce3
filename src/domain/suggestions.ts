/**
 * Suggestions that make a struggling habit easier to keep (DESIGN.md section 3). Each one carries
 * the change to apply and a short message that names the numbers behind it.
 */
import { isoWeekdayOfDay, toDayNumber } from './dates.js';
import { adherenceOf, adherenceTally } from './adherence.js';
import type { AdherenceTally } from './adherence.js';
import { DONE, SKIPPED } from './logs.js';
import { buildPicture, isOpenToday } from './picture.js';
import type { DayPicture } from './picture.js';
import { streaksFromPicture } from './streaks.js';
import { WEEKDAYS } from './types.js';
import type {
  DayLog,
  Difficulty,
  HabitRules,
  LocalDate,
  Schedule,
  Streaks,
  Suggestion,
  Weekday,
} from './types.js';

const WINDOW = 30;
const EASIER: Record<Difficulty, Difficulty | null> = { hard: 'medium', medium: 'easy', easy: null };
const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** A schedule in words, for messages: "every day", "on Mon, Wed and Fri", "3 times a week". */
export function describeSchedule(schedule: Schedule): string {
  switch (schedule.kind) {
    case 'daily':
      return 'every day';
    case 'weekdays': {
      const names = WEEKDAYS.filter((d) => schedule.days.includes(d)).map(
        (d) => DAY_NAMES[WEEKDAYS.indexOf(d)]!,
      );
      return names.length <= 1
        ? `on ${names.join('')}`
        : `on ${names.slice(0, -1).join(', ')} and ${names.at(-1)!}`;
    }
    case 'every_n_days':
      return schedule.n === 1 ? 'every day' : `every ${schedule.n} days`;
    case 'per_period': {
      const times =
        schedule.times === 1 ? 'once' : schedule.times === 2 ? 'twice' : `${schedule.times} times`;
      return `${times} a ${schedule.period}`;
    }
  }
}

/**
 * The weekday to drop from a `weekdays` schedule: the one with the lowest done rate over the window
 * (a day with no due days there rates 1, as there is no evidence against it); ties drop the later
 * day of the week, since weekends are the usual trouble.
 */
function weakestWeekday(pic: DayPicture, days: readonly Weekday[]): Weekday {
  const done = [0, 0, 0, 0, 0, 0, 0, 0];
  const due = [0, 0, 0, 0, 0, 0, 0, 0];
  for (let n = Math.max(pic.asOf - WINDOW + 1, pic.start); n <= pic.asOf; n++) {
    const i = n - pic.first;
    const outcome = pic.outcome[i]!;
    if (pic.due[i] === 0 || outcome === SKIPPED || isOpenToday(pic, n, outcome)) continue;
    const w = isoWeekdayOfDay(n);
    due[w]!++;
    if (outcome === DONE) done[w]!++;
  }
  let weakest: Weekday = days[0]!;
  let weakestRate = Infinity;
  for (const day of WEEKDAYS.filter((d) => days.includes(d))) {
    const w = WEEKDAYS.indexOf(day) + 1;
    const rate = due[w]! > 0 ? done[w]! / due[w]! : 1;
    if (rate <= weakestRate) [weakest, weakestRate] = [day, rate];
  }
  return weakest;
}

/** The next lower frequency, or null when the schedule cannot go lower. */
function lowerFrequency(pic: DayPicture): Schedule | null {
  const s = pic.habit.schedule;
  switch (s.kind) {
    case 'daily':
      return { kind: 'per_period', times: 5, period: 'week' };
    case 'weekdays': {
      if (new Set(s.days).size <= 1) return null;
      const drop = weakestWeekday(pic, s.days);
      return { kind: 'weekdays', days: WEEKDAYS.filter((d) => d !== drop && s.days.includes(d)) };
    }
    case 'every_n_days':
      return { kind: 'every_n_days', n: s.n + 1 };
    case 'per_period':
      return s.times > 1 ? { ...s, times: s.times - 1 } : null;
  }
}

/** A limit a step looser: half again, and at least one more of a whole-number limit (1 can → 2). */
function looserLimit(amount: number): number {
  const looser = amount * 1.5;
  return Number.isInteger(amount) ? Math.max(amount + 1, Math.ceil(looser)) : Math.round(looser * 10) / 10;
}

/** "2 cans" from "can": a plain English plural for a word unit; abbreviations (km, ml) stay. */
function unitFor(amount: number, unit: string): string {
  return amount === 1 || unit.length <= 2 || /s$/i.test(unit) || !/^[a-z]+$/i.test(unit) ? unit : `${unit}s`;
}

/**
 * Suggestions from facts already computed (habitStats shares them): a lower frequency when the
 * 30-day failure rate (1 - adherence30; skips excused, an open today not counted) is above 50%
 * (for an at-most habit, a looser limit instead: its trouble is the amount, not the frequency); an
 * easier difficulty when adherence30 is below 30%; a restart when the current streak is 0 after a
 * best streak of at least 3.
 */
export function suggestionsFrom(pic: DayPicture, tally30: AdherenceTally, streak: Streaks): Suggestion[] {
  const out: Suggestion[] = [];
  const a30 = adherenceOf(tally30);
  if (a30 !== null) {
    const pct = Math.round(a30 * 100);
    const record = `${Math.round(tally30.credited)} of ${Math.round(tally30.expected)}`;
    const limit = pic.habit.target?.direction === 'at_most' ? pic.habit.target : null;
    // A limit kept too rarely is eased by a looser limit, not by checking in less often.
    const schedule = a30 < 0.5 && limit === null ? lowerFrequency(pic) : null;
    if (a30 < 0.5 && limit !== null) {
      const target = { ...limit, amount: looserLimit(limit.amount) };
      const message = `You kept your limit on ${record} days in the last 30 (${pct}%). Try a limit of ${target.amount} ${unitFor(target.amount, target.unit)} for now, then bring it back down.`;
      out.push({ kind: 'looser_limit', target, message });
    }
    if (schedule !== null) {
      const what = pic.habit.schedule.kind === 'per_period' ? 'times' : 'days';
      const message = `You did ${record} planned ${what} in the last 30 days (${pct}%). Try ${describeSchedule(schedule)} for now and build back up from there.`;
      out.push({ kind: 'lower_frequency', schedule, message });
    }
    const difficulty = a30 < 0.3 ? EASIER[pic.habit.difficulty] : null;
    if (difficulty !== null) {
      const message = `Only ${pct}% done over the last 30 days. Moving from ${pic.habit.difficulty} to ${difficulty} makes it easier to keep going.`;
      out.push({ kind: 'easier_difficulty', difficulty, message });
    }
  }
  if (streak.current === 0 && streak.longest >= 3) {
    const message = `Your best streak was ${streak.longest} ${streak.unit}. Start a new one today: one done is all it takes.`;
    out.push({ kind: 'restart', message });
  }
  return out;
}

/** Suggestions for the habit as of `asOf`; see suggestionsFrom for the rules. */
export function suggestions(habit: HabitRules, logs: readonly DayLog[], asOf: LocalDate): Suggestion[] {
  const pic = buildPicture(habit, logs, toDayNumber(asOf));
  return suggestionsFrom(pic, adherenceTally(pic, WINDOW), streaksFromPicture(pic, 0));
}
