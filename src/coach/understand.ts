/**
 * Plain words without a language model: "ran 5k yesterday", "did my reading", "drank 3 coffees
 * today", "skipped gym on monday". A logging sentence is read into a proposed log (which habit,
 * which day, done or skipped, how much) matched against the member's own habits by name, common
 * synonyms and units. It is only ever proposed: the member confirms with a button.
 */
import { readAmount } from '../language/amounts.js';
import { parseDatePhrase, type DateContext } from '../language/dates.js';
import { amountText, convert, knownUnit, sameUnit } from '../language/units.js';
import { UsageError } from '../language/errors.js';
import type { LocalDate, LogStatus, NumericTarget } from '../domain/types.js';

/** What the sentence needs to know of a habit. */
export interface KnownHabit {
  name: string;
  target: NumericTarget | null;
}

export interface LogProposal<H extends KnownHabit = KnownHabit> {
  habit: H;
  date: LocalDate;
  status: LogStatus;
  /** In the habit's unit; absent when none was said (or the habit counts none). */
  amount?: number;
  /** What was said but will not be kept, e.g. an amount for a habit without a target. */
  caveat?: string;
  /** "5 mi = 8.05 km" when the amount was converted. */
  conversion?: string;
}

export type Understanding<H extends KnownHabit = KnownHabit> =
  /** A log of one of these habits (several: the member picks). */
  | { kind: 'log'; proposals: LogProposal<H>[] }
  /** It reads like a log, but something in it cannot be used: say why and show the command. */
  | { kind: 'unclear'; reason: string }
  /** Not a logging sentence: a question, a greeting, a plan. */
  | { kind: 'other' };

const IRREGULAR: Record<string, string> = {
  ran: 'run',
  jogged: 'jog',
  swam: 'swim',
  rode: 'ride',
  did: 'do',
  drank: 'drink',
  ate: 'eat',
  slept: 'sleep',
  wrote: 'writ',
  written: 'writ',
  went: 'go',
  lifted: 'lift',
  read: 'read',
  spent: 'spend',
  had: 'have',
};
/** Words that name the same activity, by stem (see stem()). */
const SYNONYMS: string[][] = [
  ['run', 'jog'],
  ['read', 'book', 'pag'],
  ['meditat', 'mindful'],
  ['gym', 'workout', 'lift', 'weight', 'exercis', 'train'],
  ['walk', 'step', 'stroll'],
  ['bik', 'cycl', 'rid'],
  ['coffe', 'espresso', 'latt', 'cappuccino'],
  ['water', 'hydrat'],
  ['stretch', 'yoga', 'mobility'],
  ['journal', 'diary', 'writ'],
  ['study', 'learn', 'revis'],
  ['sleep', 'bed', 'nap'],
];
const SKIP_WORDS = new Set(['skipped', 'skip', 'skipping', 'rested']);
const MISS_WORDS = new Set(['missed', 'miss', 'forgot', "didn't", 'didnt', 'failed']);
const LOG_VERBS = new Set([
  'did',
  'done',
  'finished',
  'completed',
  'logged',
  'went',
  'had',
  'got',
  "i've",
  'ive',
  'managed',
]);
const STOP_WORDS = new Set([
  'i',
  "i've",
  'ive',
  "i'm",
  'im',
  'me',
  'my',
  'we',
  'our',
  'the',
  'a',
  'an',
  'some',
  'did',
  'do',
  'done',
  'have',
  'has',
  'had',
  'just',
  'went',
  'go',
  'got',
  'for',
  'of',
  'to',
  'and',
  'then',
  'also',
  'again',
  'this',
  'that',
  'it',
  'was',
  'were',
  'is',
  'am',
  'on',
  'at',
  'in',
  'with',
  'finally',
  'managed',
  'log',
  'logged',
  'please',
  'session',
  'bit',
  'little',
  'finished',
  'completed',
  'today',
  'yesterday',
  'morning',
  'evening',
  'not',
  'no',
  'lot',
  'all',
  'full',
  'whole',
  'nice',
  'great',
  'good',
  'quick',
  'long',
  'short',
  'really',
  'very',
  'so',
  'too',
  'about',
  'around',
  'approx',
  'over',
  'ok',
  'okay',
  'yes',
  'yay',
  'hey',
  'hi',
  'coach',
]);
const QUESTION_START =
  /^(how|what|why|when|where|which|who|should|can|could|would|will|is|am|are|do|does|did i|was|help|tell|show|give)\b/;

/** "running" → "run", "meditated" → "meditat", "coffees" → "coffe": one key for a word's forms. */
export function stem(word: string): string {
  let w = word.toLowerCase().replace(/'s$/, '');
  if (IRREGULAR[w]) return IRREGULAR[w]!;
  if (w.length > 5 && w.endsWith('ation')) w = w.slice(0, -5) + 'at';
  else if (w.length > 4 && w.endsWith('ies')) w = w.slice(0, -3) + 'y';
  else if (w.length > 4 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 3 && w.endsWith('ed')) w = w.slice(0, -2);
  else if (w.length > 3 && /(ss|x|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
  if (/([b-df-hj-np-tv-z])\1$/.test(w) && !/(ss|ll)$/.test(w)) w = w.slice(0, -1);
  return w.length > 3 ? w.replace(/e$/, '') : w;
}

const synonymsOf = (key: string) => SYNONYMS.find((group) => group.includes(key)) ?? [key];

/** How well the content words name a habit: exact stems count 2, synonyms 1. */
function affinity(habit: KnownHabit, content: Set<string>): number {
  let score = 0;
  for (const key of habit.name
    .split(/[^\p{L}\p{N}']+/u)
    .filter(Boolean)
    .map(stem)) {
    if (content.has(key)) score += 2;
    else if (synonymsOf(key).some((synonym) => content.has(synonym))) score += 1;
  }
  return score;
}

/**
 * Reads a sentence as a log of one of `habits`, or says it cannot, or that it is no log at all.
 * Never throws for what a member may type.
 */
export function understandLog<H extends KnownHabit>(
  text: string,
  habits: readonly H[],
  dates: DateContext,
): Understanding<H> {
  const trimmed = text.trim().toLowerCase();
  if (trimmed.endsWith('?') || QUESTION_START.test(trimmed)) return { kind: 'other' };
  const words = trimmed
    .replace(/[!?,;:()"“”]+/g, ' ')
    .replace(/\.(?=\s|$)/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
  const used = new Set<number>();
  let date: LocalDate | undefined;
  let status: LogStatus = 'done';
  let amount: { amount: number; unit?: string } | undefined;
  let intent = false;
  try {
    for (let i = 0; i < words.length; i++) {
      if (used.has(i)) continue;
      const found = date === undefined ? parseDatePhrase(words, i, dates) : undefined;
      if (found) {
        date = found.value;
        for (let k = i; k < i + found.used; k++) used.add(k);
        intent = true;
        continue;
      }
      const word = words[i]!;
      if (SKIP_WORDS.has(word)) [status, intent] = ['skipped', true];
      else if (MISS_WORDS.has(word)) [status, intent] = ['missed', true];
      else if (word === 'not' && words[i - 1] === 'did') [status, intent] = ['missed', true];
      else if (LOG_VERBS.has(word) || IRREGULAR[word] || (word.endsWith('ed') && word.length > 4))
        intent = true;
      if (amount === undefined) {
        const read = readAmount(word);
        if (read) {
          amount = read;
          used.add(i);
          intent = true;
          const next = words[i + 1];
          if (!read.unit && next && /^[a-z]/.test(next) && !STOP_WORDS.has(next))
            amount = { ...read, unit: next };
        }
      }
    }
  } catch (error) {
    if (error instanceof UsageError) return { kind: 'unclear', reason: error.message };
    throw error;
  }
  const content = new Set(
    words
      .filter(
        (word, i) => !used.has(i) && !STOP_WORDS.has(word) && !SKIP_WORDS.has(word) && !MISS_WORDS.has(word),
      )
      .map(stem),
  );
  const scored = habits.map((habit) => ({
    habit,
    score: affinity(habit, content) + unitAffinity(habit, amount?.unit),
  }));
  const best = Math.max(0, ...scored.map((entry) => entry.score));
  if (best === 0)
    return intent
      ? { kind: 'unclear', reason: "I couldn't tell which of your habits that was." }
      : { kind: 'other' };
  if (!intent) return { kind: 'other' };
  const matches = scored.filter((entry) => entry.score === best).map((entry) => entry.habit);
  const proposals: LogProposal<H>[] = [];
  for (const habit of matches) {
    const proposal = proposeFor(habit, date ?? dates.today, status, amount);
    if (typeof proposal === 'string') {
      if (matches.length === 1) return { kind: 'unclear', reason: proposal };
    } else proposals.push(proposal);
  }
  return proposals.length
    ? { kind: 'log', proposals }
    : { kind: 'unclear', reason: "I couldn't tell which of your habits that was." };
}

/** A unit said with the amount points at the habit counted in it (2 for its own unit, 1 for a convertible one). */
function unitAffinity(habit: KnownHabit, unit: string | undefined): number {
  if (!unit || !habit.target) return 0;
  const said = unit === 'k' ? 'km' : unit;
  if (sameUnit(said, habit.target.unit)) return 2;
  return convert(1, said, habit.target.unit) !== undefined ? 1 : 0;
}

/** The proposal for one habit, or why the amount cannot be used for it. */
function proposeFor<H extends KnownHabit>(
  habit: H,
  date: LocalDate,
  status: LogStatus,
  said: { amount: number; unit?: string } | undefined,
): LogProposal<H> | string {
  if (!said) return { habit, date, status };
  const target = habit.target;
  const shown = `${said.amount}${said.unit ? ` ${said.unit}` : ''}`;
  if (!target)
    return { habit, date, status, caveat: `${habit.name} has no target, so "${shown}" is not kept` };
  let { amount, unit } = said;
  if (unit === 'k') {
    if (knownUnit(target.unit)?.dimension === 'distance') unit = 'km';
    else [amount, unit] = [amount * 1000, undefined];
  }
  // "3 coffees" on a habit called Coffee counts in the habit's own unit.
  if (unit === undefined || sameUnit(unit, target.unit) || affinity(habit, new Set([stem(unit)])) > 0)
    return { habit, date, status, amount };
  const converted = convert(amount, unit, target.unit);
  if (converted === undefined)
    return `**${habit.name}** is counted in ${target.unit}, and I can't turn "${unit}" into ${target.unit}.`;
  return {
    habit,
    date,
    status,
    amount: Math.round(converted * 1000) / 1000,
    conversion: `${amountText(amount, unit)} = ${amountText(converted, target.unit)}`,
  };
}
