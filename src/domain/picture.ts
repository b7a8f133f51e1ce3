/**
 * The per-day picture of one habit: typed arrays indexed by day, built in one pass over the logs
 * and the days, so streaks, score, adherence and risk each walk plain integers. Ten years of
 * history is ~3,650 entries per array; nothing here formats a date or builds a Date.
 */
import { toDayNumber } from './dates.js';
import { DONE, logOutcome, NONE, SHORT } from './logs.js';
import { scheduledOnDay, weekdayMask } from './schedule.js';
import type { DayLog, HabitRules } from './types.js';

/** A span of days judged by one set of rules: an earlier one from the history, or today's. */
export interface RuleSegment {
  /** First and last day number it covers (the first segment starts, the last ends, unbounded). */
  readonly from: number;
  readonly to: number;
  /** The habit with this segment's schedule and target. */
  readonly rules: HabitRules;
}

/**
 * The habit as it stood on day number `n`: the rules in force then as its current rules, and only
 * the history before them. Stats as of a day before an edit are then exactly what they were before
 * it, streak unit included.
 */
export function habitAsOf(habit: HabitRules, n: number): HabitRules {
  const history = habit.history ?? [];
  const index = history.findIndex((past) => toDayNumber(past.until) >= n);
  if (index === -1) return habit;
  const past = history[index]!;
  return { ...habit, schedule: past.schedule, target: past.target, history: history.slice(0, index) };
}

/** The habit's rules over time, oldest first; a habit never edited has one segment. */
export function ruleSegments(habit: HabitRules): RuleSegment[] {
  const segments: RuleSegment[] = [];
  let from = -Infinity;
  for (const past of habit.history ?? []) {
    const to = toDayNumber(past.until);
    if (to >= from)
      segments.push({ from, to, rules: { ...habit, schedule: past.schedule, target: past.target } });
    from = Math.max(from, to + 1);
  }
  segments.push({ from, to: Infinity, rules: habit });
  return segments;
}

export interface DayPicture {
  readonly habit: HabitRules;
  /** Day number of index 0: the earlier of the start date and the first log up to `asOf`. */
  readonly first: number;
  /** Day number of the habit's start date; streaks, adherence and due days count from here. */
  readonly start: number;
  /** Day number of the last day pictured ("today"); logs after it are ignored. */
  readonly asOf: number;
  /** Outcome code per day (logs.ts). */
  readonly outcome: Uint8Array;
  /** Logged amount per day; NaN where there is no log or the log has no amount. */
  readonly amount: Float64Array;
  /** 1 where the habit is due: scheduled, on or after the start date, not paused. */
  readonly due: Uint8Array;
  /** 1 where a paused span covers the day. */
  readonly paused: Uint8Array;
  /** Day number of the latest log up to `asOf`, or null when there is none. */
  readonly lastLog: number | null;
  /** The rules over time, and per day the index of the segment in force. */
  readonly segments: readonly RuleSegment[];
  readonly segment: Uint16Array;
}

/**
 * Builds the picture of `habit` from its first day through day number `asOf`. Logs may come in
 * any order; if two share a date the later one in the array wins (callers keep one per day). Each
 * day is judged by the rules in force that day (habit.history): its log against that day's
 * target, its due-ness by that day's schedule (an every-N-days rule counts from the day it took
 * effect). A due past day of an at-most habit without a log was kept: nothing over the limit was
 * logged, so streaks, adherence and the score all read it as done.
 */
export function buildPicture(rules: HabitRules, logs: readonly DayLog[], asOf: number): DayPicture {
  const habit = habitAsOf(rules, asOf);
  const start = toDayNumber(habit.startDate);
  const logDays = new Float64Array(logs.length);
  let first = start;
  let lastLog: number | null = null;
  for (let k = 0; k < logs.length; k++) {
    const n = toDayNumber(logs[k]!.date);
    logDays[k] = n;
    if (n > asOf) continue;
    if (n < first) first = n;
    if (lastLog === null || n > lastLog) lastLog = n;
  }
  const length = Math.max(0, asOf - first + 1);
  const segments = ruleSegments(habit);
  const segment = new Uint16Array(length);
  for (let s = 1; s < segments.length; s++) {
    const from = Math.max(segments[s]!.from, first);
    if (from <= asOf) segment.fill(s, from - first);
  }
  const outcome = new Uint8Array(length);
  const amount = new Float64Array(length).fill(NaN);
  for (let k = 0; k < logs.length; k++) {
    const n = logDays[k]!;
    if (n > asOf) continue;
    const log = logs[k]!;
    outcome[n - first] = logOutcome(segments[segment[n - first]!]!.rules, log);
    amount[n - first] = log.amount ?? NaN;
  }
  const paused = new Uint8Array(length);
  for (const span of habit.pausedSpans) {
    const from = Math.max(toDayNumber(span.from), first);
    const to = Math.min(span.to === null ? asOf : toDayNumber(span.to), asOf);
    if (from <= to) paused.fill(1, from - first, to - first + 1);
  }
  const due = new Uint8Array(length);
  for (const { from, to, rules } of segments) {
    const schedule = rules.schedule;
    if (schedule.kind === 'per_period') continue;
    const mask = schedule.kind === 'weekdays' ? weekdayMask(schedule.days) : [];
    const anchor = Math.max(start, from);
    const keptUnlessLogged = rules.target?.direction === 'at_most';
    for (let n = anchor; n <= Math.min(to, asOf); n++) {
      const i = n - first;
      if (paused[i] !== 0 || !scheduledOnDay(schedule, anchor, n, mask)) continue;
      due[i] = 1;
      if (keptUnlessLogged && outcome[i] === NONE && n < asOf) outcome[i] = DONE;
    }
  }
  return { habit, first, start, asOf, outcome, amount, due, paused, lastLog, segments, segment };
}

/**
 * Whether day `n` is today and still open: no log yet, or progress short of an at_least target.
 * An open today is neither done nor missed, so it never breaks a streak or lowers adherence.
 */
export function isOpenToday(pic: DayPicture, n: number, outcome: number): boolean {
  return n === pic.asOf && (outcome === NONE || outcome === SHORT);
}
