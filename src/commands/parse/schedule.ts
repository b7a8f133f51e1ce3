/**
 * Schedule and target words: daily, weekdays, weekends, 3x/week, 3 per week, mon wed fri,
 * every 2 days, 2x/month; targets such as "20 pages", "at least 5 km", "at most 2 cups".
 */
import type { NumericTarget, Schedule, Weekday } from '../../domain/types.js';
import { WEEKDAYS } from '../../domain/types.js';

const DAY_NAMES: Record<string, Weekday> = {
  mon: 'mon', monday: 'mon', mondays: 'mon', tue: 'tue', tues: 'tue', tuesday: 'tue', tuesdays: 'tue',
  wed: 'wed', wednesday: 'wed', wednesdays: 'wed', thu: 'thu', thur: 'thu', thurs: 'thu', thursday: 'thu',
  thursdays: 'thu', fri: 'fri', friday: 'fri', fridays: 'fri', sat: 'sat', saturday: 'sat', saturdays: 'sat',
  sun: 'sun', sunday: 'sun', sundays: 'sun',
};
const PERIODS: Record<string, 'week' | 'month'> = { week: 'week', w: 'week', wk: 'week', month: 'month', m: 'month', mo: 'month' };

export interface Parsed<T> {
  value: T;
  /** How many words it took. */
  used: number;
}

/** A schedule starting at words[at], or undefined when the words there are no schedule. */
export function parseSchedule(words: string[], at = 0): Parsed<Schedule> | undefined {
  const w = (i: number) => words[at + i]?.toLowerCase().replace(/,$/, '');
  const first = w(0);
  if (first === undefined) return undefined;
  if (first === 'daily' || first === 'everyday') return { value: { kind: 'daily' }, used: 1 };
  if (first === 'every' && w(1) === 'day') return { value: { kind: 'daily' }, used: 2 };
  if (first === 'weekdays') return days(['mon', 'tue', 'wed', 'thu', 'fri'], 1);
  if (first === 'weekends') return days(['sat', 'sun'], 1);
  if (first === 'every' && w(1) === 'other' && w(2) === 'day') return { value: { kind: 'every_n_days', n: 2 }, used: 3 };
  if (first === 'every' && /^\d+$/.test(w(1) ?? '') && /^days?$/.test(w(2) ?? '')) {
    return { value: { kind: 'every_n_days', n: Number(w(1)) }, used: 3 };
  }
  // 3x/week, 3/week, 3x/w, 3xweek
  const compact = /^(\d+)\s*(?:x|times)?\s*(?:\/|per|a)?\s*(week|w|wk|month|m|mo)$/.exec(first);
  if (compact && (first.includes('/') || first.includes('x'))) {
    return { value: { kind: 'per_period', times: Number(compact[1]), period: PERIODS[compact[2]!]! }, used: 1 };
  }
  // 3 per week, 3 times a week, 3x a week, 3 times per month, 3x week
  const times = /^(\d+)x?$/.exec(first);
  if (times) {
    let i = 1;
    if (w(i) === 'times' || w(i) === 'x') i++;
    if (w(i) === 'per' || w(i) === 'a' || w(i) === 'each' || w(i) === '/') i++;
    const period = PERIODS[w(i) ?? ''];
    if (i > 1 && period && w(i)!.length > 1) {
      return { value: { kind: 'per_period', times: Number(times[1]), period }, used: i + 1 };
    }
    return undefined;
  }
  // mon wed fri, mon,wed,fri, mon/wed/fri
  const picked: Weekday[] = [];
  let used = 0;
  for (let i = 0; w(i) !== undefined; i++) {
    const parts = w(i)!.split(/[,/]/).filter(Boolean);
    if (parts.length === 0 || !parts.every((part) => part in DAY_NAMES)) break;
    picked.push(...parts.map((part) => DAY_NAMES[part]!));
    used = i + 1;
  }
  return used > 0 ? days(picked, used) : undefined;
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
  if (amount === undefined || amount <= 0 || unit === undefined || parseAmount(unit) !== undefined) return undefined;
  return { value: { amount, unit: unit.slice(0, 20), direction }, used: i + 2 };
}

/** A number as people write it: 5, 2.5, 2,5. */
export function parseAmount(word: string | undefined): number | undefined {
  if (word === undefined || !/^\d+([.,]\d+)?$/.test(word)) return undefined;
  return Number(word.replace(',', '.'));
}
