/** Date words: today, yesterday, a weekday name (the last such day), ISO dates; never the future. */
import { addDays, isoWeekday, isValidLocalDate } from '../../domain/dates.js';
import type { LocalDate } from '../../domain/types.js';
import { UsageError } from '../errors.js';

const WEEKDAY_WORDS: Record<string, number> = {
  mon: 1, monday: 1, tue: 2, tues: 2, tuesday: 2, wed: 3, wednesday: 3, thu: 4, thur: 4, thurs: 4,
  thursday: 4, fri: 5, friday: 5, sat: 6, saturday: 6, sun: 7, sunday: 7,
};

/**
 * The local date a word names, as seen from `today`, or undefined when the word is no date. A
 * weekday name is the most recent such day (today counts). A future date is refused: people
 * log what they did, not what they will do.
 */
export function parseDateWord(word: string, today: LocalDate): LocalDate | undefined {
  const lower = word.toLowerCase();
  let date: LocalDate | undefined;
  if (lower === 'today') date = today;
  else if (lower === 'yesterday') date = addDays(today, -1);
  else if (lower in WEEKDAY_WORDS) date = addDays(today, -((isoWeekday(today) - WEEKDAY_WORDS[lower]! + 7) % 7));
  else if (/^\d{4}-\d{2}-\d{2}$/.test(word)) {
    if (!isValidLocalDate(word)) throw new UsageError(`${word} is not a real date.`);
    date = word;
  } else if (/^\d+d(ays?)?-?ago$|^-\d+d$/.test(lower)) {
    date = addDays(today, -Number(lower.match(/\d+/)![0]));
  }
  if (date !== undefined && date > today) throw new UsageError(`${date} is in the future; today is ${today}.`);
  return date;
}

/** Like parseDateWord, for the deadline of a goal: the future is the point there. */
export function parseDeadline(word: string, today: LocalDate): LocalDate | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(word)) return undefined;
  if (!isValidLocalDate(word)) throw new UsageError(`${word} is not a real date.`);
  if (word < today) throw new UsageError(`The deadline ${word} has already passed.`);
  return word;
}
