/**
 * Date words as people write them: today, yesterday, a weekday (the most recent one), last friday,
 * 2 days ago, 2026-11-20, nov 20, 20 november 2025, 20/11/2026 (in the member's order, asked when
 * unclear). A date is never guessed: words that look like a date but are not one are refused, and
 * so is the future, since people log what they did.
 */
import { addDays, isoWeekday, isValidLocalDate } from '../domain/dates.js';
import type { LocalDate } from '../domain/types.js';
import { ChoiceError, replaceWords, UsageError } from './errors.js';
import type { Parsed } from './schedule.js';

/** Day-month or month-day, for numeric dates such as 03/04. */
export type DateOrder = 'dmy' | 'mdy';

export interface DateContext {
  today: LocalDate;
  /** How the member writes numeric dates; unknown means "ask when both readings work". */
  order?: DateOrder;
  /** Accept dates after today (goal deadlines, undoing a log written before a time-zone change). */
  allowFuture?: boolean;
}

const WEEKDAY_WORDS: Record<string, number> = {
  mon: 1,
  monday: 1,
  tue: 2,
  tues: 2,
  tuesday: 2,
  wed: 3,
  weds: 3,
  wednesday: 3,
  thu: 4,
  thur: 4,
  thurs: 4,
  thursday: 4,
  fri: 5,
  friday: 5,
  sat: 6,
  saturday: 6,
  sun: 7,
  sunday: 7,
};
/** The ISO weekday (1 Monday … 7 Sunday) a word names (`mon`, `Friday`), or undefined. */
export function weekdayOfWord(word: string): number | undefined {
  return WEEKDAY_WORDS[word.toLowerCase()];
}

const MONTH_WORDS: Record<string, number> = {
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
};
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const COUNT_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
};
const PARTS_OF_TODAY = new Set(['morning', 'afternoon', 'evening', 'night']);

/** "2026-04-03" → "3 April 2026". */
export function spellDate(date: LocalDate): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return `${day} ${MONTH_NAMES[month - 1]} ${year}`;
}

/** The order a BCP 47 locale writes numeric dates in, when it names a region (en-US, de-DE); else unknown. */
export function dateOrderOf(locale: string | undefined): DateOrder | undefined {
  if (!locale || !/[-_][a-z]{2}\b/i.test(locale)) return undefined;
  // Building an Intl.DateTimeFormat costs far more than the command it serves; members share a few locales.
  if (!dateOrders.has(locale)) dateOrders.set(locale, readDateOrder(locale));
  return dateOrders.get(locale);
}

const dateOrders = new Map<string, DateOrder | undefined>();

function readDateOrder(locale: string): DateOrder | undefined {
  try {
    const parts = new Intl.DateTimeFormat(locale.replace('_', '-'), {
      day: 'numeric',
      month: 'numeric',
    }).formatToParts(new Date(0));
    const types = parts.map((part) => part.type).filter((type) => type === 'day' || type === 'month');
    return types[0] === 'month' ? 'mdy' : 'dmy';
  } catch {
    return undefined;
  }
}

/** A date built from parts, or undefined when no such day exists (31 April). */
function dateOf(year: number, month: number, day: number): LocalDate | undefined {
  const date = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return isValidLocalDate(date) ? date : undefined;
}

const clean = (word: string | undefined) => word?.toLowerCase().replace(/[,;!?]+$|(?<=[a-z])\.$/g, '');
const dayOfMonth = (word: string | undefined) =>
  word && /^\d{1,2}(st|nd|rd|th)?$/.test(word) ? parseInt(word, 10) : undefined;
/** A year after a day and month: 1900 up to this year (or any later one where the future is allowed). */
const yearWord = (word: string | undefined, context: DateContext) => {
  if (!word || !/^\d{4}$/.test(word)) return undefined;
  const year = Number(word);
  return year >= 1900 && (context.allowFuture || year <= Number(context.today.slice(0, 4)))
    ? year
    : undefined;
};

/**
 * The date the words starting at `words[at]` name, with how many words it took, or undefined when
 * they name no date. Throws UsageError for a date that is not real or in the future, and ChoiceError
 * when a numeric date reads two ways and the member's order is unknown.
 */
export function parseDatePhrase(
  words: readonly string[],
  at: number,
  context: DateContext,
): Parsed<LocalDate> | undefined {
  const found = readDate(words, at, context);
  if (!found) return undefined;
  const { today, allowFuture } = context;
  if (found.value > today && !allowFuture) {
    throw new UsageError(
      `${found.value === addDays(today, 1) ? 'Tomorrow' : spellDate(found.value)} is in the future (today is ${spellDate(today)}); I log what you have done.`,
    );
  }
  return found;
}

function readDate(words: readonly string[], at: number, context: DateContext): Parsed<LocalDate> | undefined {
  const w = (i: number) => clean(words[at + i]);
  const { today } = context;
  const first = w(0);
  if (first === undefined) return undefined;
  // "on monday", "on nov 20": the "on" belongs to the date.
  if (first === 'on' && w(1) !== undefined) {
    const inner = readDate(words, at + 1, context);
    return inner && { value: inner.value, used: inner.used + 1 };
  }
  if (first === 'today' || first === 'tonight') return { value: today, used: 1 };
  if (first === 'this' && PARTS_OF_TODAY.has(w(1) ?? '')) return { value: today, used: 2 };
  if (first === 'yesterday' || first === 'yday') return { value: addDays(today, -1), used: 1 };
  if (first === 'last' && w(1) === 'night') return { value: addDays(today, -1), used: 2 };
  if (first === 'tomorrow') return { value: addDays(today, 1), used: 1 };
  if (first === 'the' && w(1) === 'day' && w(2) === 'before' && w(3) === 'yesterday')
    return { value: addDays(today, -2), used: 4 };
  if (first === 'day' && w(1) === 'before' && w(2) === 'yesterday')
    return { value: addDays(today, -2), used: 3 };
  if (first in WEEKDAY_WORDS) return { value: lastWeekday(today, WEEKDAY_WORDS[first]!, true), used: 1 };
  if (first === 'last' && (w(1) ?? '') in WEEKDAY_WORDS)
    return { value: lastWeekday(today, WEEKDAY_WORDS[w(1)!]!, false), used: 2 };
  const ago = agoPhrase(w, today);
  if (ago) return ago;
  const iso = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(first);
  if (iso) return { value: realDate(Number(iso[1]), Number(iso[2]), Number(iso[3]), words[at]!), used: 1 };
  const numeric = /^(\d{1,2})([/.-])(\d{1,2})(?:\2(\d{4}|\d{2}))?\.?$/.exec(first);
  if (numeric) return { value: numericDate(numeric, words[at]!, context), used: 1 };
  return monthDay(w, context);
}

/** The most recent day with ISO weekday `weekday`; today counts unless `todayCounts` is false. */
function lastWeekday(today: LocalDate, weekday: number, todayCounts: boolean): LocalDate {
  const back = (isoWeekday(today) - weekday + 7) % 7;
  return addDays(today, back === 0 && !todayCounts ? -7 : -back);
}

/** "2 days ago", "a week ago", "3d ago", "2daysago", "-2d". */
function agoPhrase(w: (i: number) => string | undefined, today: LocalDate): Parsed<LocalDate> | undefined {
  const compact = /^-(\d+)d$|^(\d+)d(?:ays?)?(-?ago)?$/.exec(w(0)!);
  if (compact && (compact[1] || compact[3]))
    return { value: addDays(today, -Number(compact[1] ?? compact[2])), used: 1 };
  if (compact && w(1) === 'ago') return { value: addDays(today, -Number(compact[2])), used: 2 };
  const count = /^\d+$/.test(w(0)!) ? Number(w(0)) : COUNT_WORDS[w(0)!];
  const unit = w(1);
  if (count === undefined || w(2) !== 'ago' || !unit || !/^(days?|weeks?)$/.test(unit)) return undefined;
  return { value: addDays(today, -count * (unit.startsWith('week') ? 7 : 1)), used: 3 };
}

/** "nov 20", "november 20th, 2025", "20 nov", "20th of november 2025". */
function monthDay(w: (i: number) => string | undefined, context: DateContext): Parsed<LocalDate> | undefined {
  let month: number | undefined;
  let day: number | undefined;
  let used: number;
  if (w(0)! in MONTH_WORDS && dayOfMonth(w(1)) !== undefined) {
    [month, day, used] = [MONTH_WORDS[w(0)!], dayOfMonth(w(1)), 2];
  } else if (dayOfMonth(w(0)) !== undefined && (w(1) ?? '') in MONTH_WORDS) {
    [day, month, used] = [dayOfMonth(w(0)), MONTH_WORDS[w(1)!], 2];
  } else if (dayOfMonth(w(0)) !== undefined && w(1) === 'of' && (w(2) ?? '') in MONTH_WORDS) {
    [day, month, used] = [dayOfMonth(w(0)), MONTH_WORDS[w(2)!], 3];
  } else {
    return undefined;
  }
  const spelled = `${day} ${MONTH_NAMES[month! - 1]}`;
  const year = yearWord(w(used), context);
  if (year !== undefined)
    return { value: realDate(year, month!, day!, `${spelled} ${year}`), used: used + 1 };
  return { value: yearless(month!, day!, spelled, context), used };
}

/** A day and month without a year: this year's, which must not be in the future (or the member says the year). */
function yearless(month: number, day: number, spelled: string, context: DateContext): LocalDate {
  const thisYear = Number(context.today.slice(0, 4));
  const date = realDate(thisYear, month, day, spelled);
  if (date > context.today && !context.allowFuture) {
    throw new UsageError(
      `${spelled} has not come yet this year (today is ${spellDate(context.today)}). For last year, say the year: "${spelled} ${thisYear - 1}".`,
    );
  }
  return date;
}

function realDate(year: number, month: number, day: number, written: string): LocalDate {
  const date = dateOf(year, month, day);
  if (!date) throw new UsageError(`${written} is not a real date.`);
  return date;
}

/** 20/11/2026, 11/20, 20.11.26: day-month or month-day as the member writes them; asked when both work. */
function numericDate(match: RegExpExecArray, written: string, context: DateContext): LocalDate {
  const [a, b] = [Number(match[1]), Number(match[3])];
  const yearText = match[4];
  const year =
    yearText === undefined ? undefined : yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
  const reading = (day: number, month: number) =>
    dateOf(year ?? Number(context.today.slice(0, 4)), month, day) ? { day, month } : undefined;
  const readings = { dmy: reading(a, b), mdy: reading(b, a) };
  const pick = (order: DateOrder) => {
    const { day, month } = readings[order]!;
    const spelled = `${day} ${MONTH_NAMES[month - 1]}`;
    return year === undefined ? yearless(month, day, spelled, context) : realDate(year, month, day, written);
  };
  if (!readings.dmy && !readings.mdy) throw new UsageError(`${written} is not a real date.`);
  if (!readings.dmy) return pick('mdy');
  if (!readings.mdy || a === b) return pick('dmy');
  if (context.order) return pick(context.order);
  // Both readings are real days; one in the future cannot be meant, since logs are never in the future.
  const candidates = (['dmy', 'mdy'] as const).filter((order) => {
    try {
      return pick(order) <= context.today || context.allowFuture;
    } catch {
      return false;
    }
  });
  if (candidates.length === 1) return pick(candidates[0]!);
  const dates = (['dmy', 'mdy'] as const).map((order) => ({
    order,
    date: dateOf(year ?? Number(context.today.slice(0, 4)), readings[order]!.month, readings[order]!.day)!,
  }));
  throw new ChoiceError(
    `Did you mean ${dates.map(({ date }) => spellDate(date)).join(' or ')}?`,
    dates.map(({ date }) => ({ label: spellDate(date), rewrite: replaceWords([written], [date]) })),
  );
}

/** A single date word (today, yesterday, a weekday, YYYY-MM-DD, 2d-ago…), or undefined when it is none. */
export function parseDateWord(word: string, today: LocalDate): LocalDate | undefined {
  const found = parseDatePhrase([word], 0, { today });
  return found?.used === 1 ? found.value : undefined;
}

/** All of `words` as one date (for tools and options that hold just a date); undefined when they are no date. */
export function parseWholeDate(words: readonly string[], context: DateContext): LocalDate | undefined {
  const found = parseDatePhrase(words, 0, context);
  if (!found) return undefined;
  if (found.used !== words.length)
    throw new UsageError(`"${words.slice(found.used).join(' ')}" is not part of a date.`);
  return found.value;
}
