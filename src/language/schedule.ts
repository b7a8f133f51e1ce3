/**
 * Schedule and target words: daily, weekdays, weekends, 3x/week, 3 per week, mon wed fri,
 * every 2 days, 2x/month; targets such as "20 pages", "at least 5 km", "at most 2 cups".
 */
import type { NumericTarget, Schedule, Weekday } from '../domain/types.js';
import { WEEKDAYS } from '../domain/types.js';
import { UsageError } from './errors.js';
import { readAmount } from './amounts.js';

const DAY_NAMES: Record<string, Weekday> = {
  mon: 'mon',
  monday: 'mon',
  mondays: 'mon',
  tue: 'tue',
  tues: 'tue',
  tuesday: 'tue',
  tuesdays: 'tue',
  wed: 'wed',
  wednesday: 'wed',
  wednesdays: 'wed',
  thu: 'thu',
  thur: 'thu',
  thurs: 'thu',
  thursday: 'thu',
  thursdays: 'thu',
  fri: 'fri',
  friday: 'fri',
  fridays: 'fri',
  sat: 'sat',
  saturday: 'sat',
  saturdays: 'sat',
  sun: 'sun',
  sunday: 'sun',
  sundays: 'sun',
};
const PERIODS: Record<string, 'week' | 'month'> = {
  week: 'week',
  w: 'week',
  wk: 'week',
  month: 'month',
  m: 'month',
  mo: 'month',
};

export interface Parsed<T> {
  value: T;
  /** How many words it took. */
  used: number;
}

const COUNT_WORDS: Record<string, number> = {
  once: 1,
  twice: 2,
  thrice: 3,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
};
const PER_WORDS = new Set(['per', 'a', 'an', 'each', 'every', '/', 'in']);

/** Refuses a count of zero or less: "0x/week" or "every 0 days" is no schedule. */
function count(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`A schedule needs a count of at least 1, not "${text}".`);
  return n;
}

/**
 * A schedule starting at words[at], or undefined when the words there are no schedule. Words that
 * are clearly a schedule with a count below 1 ("0x/week", "-3x/week", "every 0 days") are refused.
 */
export function parseSchedule(words: string[], at = 0): Parsed<Schedule> | undefined {
  const w = (i: number) => words[at + i]?.toLowerCase().replace(/,$/, '');
  const first = w(0);
  if (first === undefined) return undefined;
  // "on weekdays", "on mon wed": the "on" belongs to the schedule.
  if (first === 'on' && w(1) !== undefined) {
    const inner = parseSchedule(words, at + 1);
    return inner && { value: inner.value, used: inner.used + 1 };
  }
  if (first === 'daily' || first === 'everyday') return { value: { kind: 'daily' }, used: 1 };
  if (first === 'weekly') return perPeriod(1, 'week', 1);
  if (first === 'monthly') return perPeriod(1, 'month', 1);
  if (first === 'weekdays') return days(['mon', 'tue', 'wed', 'thu', 'fri'], 1);
  if (first === 'weekends') return days(['sat', 'sun'], 1);
  if (first === 'every') {
    const second = w(1);
    if (second === 'day') return { value: { kind: 'daily' }, used: 2 };
    if (second === 'weekday') return days(['mon', 'tue', 'wed', 'thu', 'fri'], 2);
    if (second === 'weekend') return days(['sat', 'sun'], 2);
    if (second === 'week') return perPeriod(1, 'week', 2);
    if (second === 'month') return perPeriod(1, 'month', 2);
    if (second === 'other' && w(2) === 'day') return { value: { kind: 'every_n_days', n: 2 }, used: 3 };
    if (second === 'other' && w(2) === 'week') return { value: { kind: 'every_n_days', n: 14 }, used: 3 };
    if (/^-?\d+$/.test(second ?? '') && /^(days?|weeks?)$/.test(w(2) ?? '')) {
      const n = count(second!);
      return { value: { kind: 'every_n_days', n: w(2)!.startsWith('week') ? 7 * n : n }, used: 3 };
    }
    return undefined;
  }
  // 3x/week, 3/week, 3x/w, 3xweek, -3x/week
  const compact = /^(-?\d+)\s*(?:x|times)?\s*(?:\/|per|a)?\s*(week|w|wk|month|m|mo)$/.exec(first);
  if (compact && (first.includes('/') || first.includes('x')))
    return perPeriod(count(compact[1]!), PERIODS[compact[2]!]!, 1);
  // 3 per week, 3 times a week, 3x a week, twice a month, once per week
  const times = /^(-?\d+)x?$/.exec(first);
  if (times || first in COUNT_WORDS) {
    let i = 1;
    if (w(i) === 'times' || w(i) === 'time' || w(i) === 'x') i++;
    if (PER_WORDS.has(w(i) ?? '')) i++;
    const period = PERIODS[w(i) ?? ''];
    if (i > 1 && period && w(i)!.length > 1)
      return perPeriod(times ? count(times[1]!) : COUNT_WORDS[first]!, period, i + 1);
    if (i > 1 && w(i) === 'day' && (first === 'once' || times?.[1] === '1'))
      return { value: { kind: 'daily' }, used: i + 1 };
    if (i > 1 && w(i) === 'day')
      throw new UsageError(
        'A habit is logged once a day; for more, give it a daily target ("habit add Water daily 8 glasses").',
      );
    return undefined;
  }
  // mon wed fri, mon,wed,fri, mon/wed/fri, mondays and thursdays
  const picked: Weekday[] = [];
  let used = 0;
  for (let i = 0; w(i) !== undefined; i++) {
    if ((w(i) === 'and' || w(i) === '&') && used === i && (w(i + 1) ?? '').split(/[,/]/)[0]! in DAY_NAMES)
      continue;
    const parts = w(i)!.split(/[,/]/).filter(Boolean);
    if (parts.length === 0 || !parts.every((part) => part in DAY_NAMES)) break;
    picked.push(...parts.map((part) => DAY_NAMES[part]!));
    used = i + 1;
  }
  return used > 0 ? days(picked, used) : undefined;
}

function perPeriod(times: number, period: 'week' | 'month', used: number): Parsed<Schedule> {
  return { value: { kind: 'per_period', times, period }, used };
}

function days(picked: Weekday[], used: number): Parsed<Schedule> {
  if (picked.length === 7) return { value: { kind: 'daily' }, used };
  return { value: { kind: 'weekdays', days: WEEKDAYS.filter((day) => picked.includes(day)) }, used };
}

/** A numeric target starting at words[at]: "[at least|at most|min|max] <amount> <unit>". */
export function parseTarget(words: string[], at = 0): Parsed<NumericTarget> | undefined {
  const w = (i: number) => words[at + i]?.toLowerCase();
  let i = 0;
  let direction: NumericTarget['direction'] = 'at_least';
  if ((w(0) === 'at' && w(1) === 'least') || (w(0) === 'at' && w(1) === 'most')) {
    direction = w(1) === 'most' ? 'at_most' : 'at_least';
    i = 2;
  } else if (['min', 'minimum', '>='].includes(w(0) ?? '')) i = 1;
  else if (['max', 'maximum', '<=', 'under', 'limit'].includes(w(0) ?? '')) {
    direction = 'at_most';
    i = 1;
  }
  const amount = parseAmount(words[at + i]);
  const unit = words[at + i + 1];
  if (amount === undefined || amount <= 0 || unit === undefined || parseAmount(unit) !== undefined)
    return undefined;
  return { value: { amount, unit: unit.slice(0, 20), direction }, used: i + 2 };
}

/** A number as people write it: 5, 2.5, 2,5, 1,000 (negative and exponent forms are refused). */
export function parseAmount(word: string | undefined): number | undefined {
  const read = word === undefined ? undefined : readAmount(word);
  return read && read.unit === undefined ? read.amount : undefined;
}
