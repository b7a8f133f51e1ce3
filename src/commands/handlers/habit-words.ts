/** Parsing the words around a habit's name: the habit itself, and what a log says. */
import type { LocalDate, LogStatus, NumericTarget } from '../../domain/types.js';
import { listHabits } from '../../services/habits.js';
import type { Habit } from '../../store/entities/index.js';
import type { CommandContext } from '../define.js';
import { appendWords, ChoiceError, UsageError } from '../../language/errors.js';
import { readAmount } from '../../language/amounts.js';
import { dateOrderOf, parseDatePhrase, type DateContext } from '../../language/dates.js';
import { matchName, type Match } from '../../language/match.js';
import { amountText, convert, formatAmount, knownUnit, sameUnit } from '../../language/units.js';

const STATUS_WORDS: Record<string, LogStatus> = {
  done: 'done',
  did: 'done',
  yes: 'done',
  complete: 'done',
  completed: 'done',
  skip: 'skipped',
  skipped: 'skipped',
  rest: 'skipped',
  excused: 'skipped',
  miss: 'missed',
  missed: 'missed',
  no: 'missed',
  failed: 'missed',
};
/** The word that confirms something unusual (a huge amount, a date long before the habit began). */
export const CONFIRM_WORD = 'confirm';
/** How many times the daily target an amount may be before it is confirmed. */
const ABSURD_FACTOR = 1000;
const MAX_AMOUNT = 1e9;
const NOTE_DASHES = new Set(['-', '–', '—']);

/**
 * The member's habit named by the leading words (archived ones only when `archived`). The first
 * call takes the live habits the delivery's claim read (CommandContext.habitsRead), if any.
 */
export async function findHabit(
  ctx: CommandContext,
  words: string[],
  archived = false,
): Promise<Match<Habit>> {
  const read = archived ? undefined : ctx.habitsRead;
  delete ctx.habitsRead;
  const habits = read ?? (await listHabits(ctx.services, ctx.member, { includeArchived: archived }));
  return matchName(habits, words, 'habit');
}

/** The habit the words name, all of them: a word left over is a mistake, not a note. */
export async function findWholeHabit(ctx: CommandContext, words: string[], archived = false): Promise<Habit> {
  const { item, rest } = await findHabit(ctx, words, archived);
  if (rest.length) throw new UsageError(`"${rest.join(' ')}" is not part of any habit's name.`);
  return item;
}

/** How the member's dates read: today in their zone, and their numeric date order when known. */
export function dateContextOf(ctx: CommandContext, allowFuture = false): DateContext {
  return { today: ctx.today, order: dateOrderOf(ctx.invocation.user.locale), allowFuture };
}

export interface LogWords {
  date: LocalDate;
  /** Absent when the words name no status. */
  status: LogStatus | undefined;
  /** Absent when the words name no amount (a re-log then keeps the day's amount). */
  amount: number | undefined;
  note: string | undefined;
  /** "5 mi = 8.05 km" when the amount was converted to the habit's unit. */
  conversion: string | undefined;
  /** The member confirmed something unusual (CONFIRM_WORD). */
  confirmed: boolean;
}

/**
 * `[date] [done|skip|miss] [amount [unit]] [confirm] [note: …]`, in any order. Every word must be
 * understood: a note is only what follows `note:` or a lone dash, and anything else is refused
 * rather than dropped, so a misread word never logs the wrong day or amount.
 */
export function parseLogWords(
  words: string[],
  dates: DateContext,
  habit: Pick<Habit, 'name' | 'target'>,
): LogWords {
  const result: LogWords = {
    date: dates.today,
    status: undefined,
    amount: undefined,
    note: undefined,
    conversion: undefined,
    confirmed: false,
  };
  let seenDate = false;
  for (let i = 0; i < words.length;) {
    const word = words[i]!;
    const lower = word.toLowerCase();
    const noteAt = noteStart(words, i);
    if (noteAt !== undefined) {
      const note = [words[noteAt[0]]!.slice(noteAt[1]), ...words.slice(noteAt[0] + 1)].join(' ').trim();
      if (note) result.note = note.slice(0, 500);
      break;
    }
    const date = parseDatePhrase(words, i, dates);
    if (date) {
      if (seenDate && date.value !== result.date)
        throw new UsageError(`Which day: ${result.date} or ${date.value}? Name one.`);
      [result.date, seenDate] = [date.value, true];
      i += date.used;
      continue;
    }
    if (lower in STATUS_WORDS) {
      if (result.status !== undefined && result.status !== STATUS_WORDS[lower])
        throw new UsageError(`Is it ${result.status} or ${STATUS_WORDS[lower]}? Say one.`);
      result.status = STATUS_WORDS[lower];
      i++;
      continue;
    }
    if (lower === CONFIRM_WORD) {
      result.confirmed = true;
      i++;
      continue;
    }
    const amount = readAmount(word);
    if (amount) {
      if (result.amount !== undefined)
        throw new UsageError(`Two amounts (${formatAmount(result.amount)} and ${word}): give one.`);
      i += readLogAmount(words, i, amount, habit, result);
      continue;
    }
    throw new UsageError(
      `I don't understand "${word}" here. To keep a note with the log, write it after "note:" (\`done read note: great chapter\`).`,
    );
  }
  return result;
}

/** Where a note starts: `note: …`, `note …:`, or after a lone dash; [word index, offset in that word]. */
function noteStart(words: string[], i: number): [number, number] | undefined {
  const lower = words[i]!.toLowerCase();
  if (NOTE_DASHES.has(lower))
    return [i + 1 < words.length ? i + 1 : i, i + 1 < words.length ? 0 : lower.length];
  if (lower.startsWith('note:')) return lower === 'note:' && i + 1 < words.length ? [i + 1, 0] : [i, 5];
  return undefined;
}

/**
 * Reads an amount and its unit into `result`, converted to the habit's unit where a known
 * conversion exists; returns how many words it took. A unit that is neither the habit's nor
 * convertible to it is refused, never taken as the habit's.
 */
function readLogAmount(
  words: string[],
  i: number,
  read: { amount: number; unit?: string },
  habit: Pick<Habit, 'name' | 'target'>,
  result: LogWords,
): number {
  const target = habit.target;
  if (!target)
    throw new UsageError(
      `**${habit.name}** has no numeric target, so its logs take no amount. Give it one with \`habit edit ${habit.name} target 20 pages\`.`,
    );
  let { amount, unit } = read;
  let used = 1;
  if (unit?.toLowerCase() === 'k') {
    // 5k is 5 km to a runner, 10k is 10,000 to anyone counting steps.
    if (knownUnit(target.unit)?.dimension === 'distance') unit = 'km';
    else [amount, unit] = [amount * 1000, undefined];
  }
  const next = words[i + 1];
  if (unit === undefined && next !== undefined && isUnitWord(next))
    [unit, used] = [next.replace(/[,.;]$/, ''), 2];
  if (unit !== undefined && !sameUnit(unit, target.unit)) {
    const converted = convert(amount, unit, target.unit);
    if (converted === undefined) {
      throw new UsageError(
        `**${habit.name}** is counted in ${target.unit}, and I can't turn "${unit}" into ${target.unit}. Log it in ${target.unit}.`,
      );
    }
    result.conversion = `${amountText(amount, unit)} = ${amountText(converted, target.unit)}`;
    amount = Math.round(converted * 1000) / 1000;
  }
  checkAmount(amount, target, result.confirmed || words.some((word) => word.toLowerCase() === CONFIRM_WORD));
  result.amount = amount;
  return used;
}

/** A word that could be a unit: letters, not a word the log grammar knows. */
function isUnitWord(word: string): boolean {
  const lower = word.toLowerCase();
  return (
    /^[a-zà-ÿ][a-zà-ÿ.]*[,.;]?$/i.test(word) &&
    !(lower in STATUS_WORDS) &&
    lower !== CONFIRM_WORD &&
    !lower.startsWith('note') &&
    parseDatePhrase([word], 0, { today: '2000-01-01', allowFuture: true }) === undefined
  );
}

/** Refuses amounts no one does in a day; asks before logging one over 1,000 times the target. */
function checkAmount(amount: number, target: NumericTarget, confirmed: boolean): void {
  if (amount > MAX_AMOUNT) throw new UsageError(`${formatAmount(amount)} is more than I can count in a day.`);
  if (amount > ABSURD_FACTOR * target.amount && !confirmed) {
    throw new ChoiceError(
      `${amountText(amount, target.unit)} is more than ${formatAmount(ABSURD_FACTOR)} times your daily target of ${amountText(target.amount, target.unit)}. Log it anyway?`,
      [{ label: `Log ${amountText(amount, target.unit)}`.slice(0, 75), rewrite: appendWords(CONFIRM_WORD) }],
    );
  }
}
