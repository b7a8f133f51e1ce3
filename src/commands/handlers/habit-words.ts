/** Parsing the words around a habit's name: the habit itself, and what a log says. */
import type { LocalDate, LogStatus } from '../../domain/types.js';
import { listHabits } from '../../services/habits.js';
import type { Habit } from '../../store/entities/index.js';
import type { CommandContext } from '../define.js';
import { UsageError } from '../errors.js';
import { parseDateWord } from '../parse/dates.js';
import { matchName, type Match } from '../parse/match.js';
import { parseAmount } from '../parse/schedule.js';

const STATUS_WORDS: Record<string, LogStatus> = {
  done: 'done', did: 'done', yes: 'done', complete: 'done', completed: 'done',
  skip: 'skipped', skipped: 'skipped', rest: 'skipped', excused: 'skipped',
  miss: 'missed', missed: 'missed', no: 'missed', failed: 'missed',
};

/** The member's habit named by the leading words (archived ones only when `archived`). */
export async function findHabit(ctx: CommandContext, words: string[], archived = false): Promise<Match<Habit>> {
  const habits = await listHabits(ctx.services, ctx.member, { includeArchived: archived });
  return matchName(habits, words, 'habit');
}

/** The habit the words name, all of them: a word left over is a mistake, not a note. */
export async function findWholeHabit(ctx: CommandContext, words: string[], archived = false): Promise<Habit> {
  const { item, rest } = await findHabit(ctx, words, archived);
  if (rest.length) throw new UsageError(`"${rest.join(' ')}" is not part of any habit's name.`);
  return item;
}

export interface LogWords {
  date: LocalDate;
  status: LogStatus | undefined;
  amount: number | undefined;
  note: string | undefined;
}

/**
 * `[date] [done|skip|miss] [amount [unit]] [note…]`, in any order until the first word that is
 * none of them: from there on, everything is the note.
 */
export function parseLogWords(words: string[], today: LocalDate, unit?: string): LogWords {
  const result: LogWords = { date: today, status: undefined, amount: undefined, note: undefined };
  let seenDate = false;
  let i = 0;
  for (; i < words.length; i++) {
    const word = words[i]!;
    const lower = word.toLowerCase();
    const date = seenDate ? undefined : parseDateWord(word, today);
    if (date !== undefined) {
      result.date = date;
      seenDate = true;
    } else if (result.status === undefined && lower in STATUS_WORDS) {
      result.status = STATUS_WORDS[lower];
    } else if (result.amount === undefined && parseAmount(word) !== undefined) {
      result.amount = parseAmount(word);
      if (unit && words[i + 1]?.toLowerCase() === unit.toLowerCase()) i++;
    } else {
      break;
    }
  }
  const note = words.slice(i).join(' ').trim();
  if (note) result.note = note.slice(0, 500);
  return result;
}
