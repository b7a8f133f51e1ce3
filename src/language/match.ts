/**
 * Finding the habit or goal a member means: the longest run of leading words that names one,
 * case-insensitively, by prefix, or with a small typo; "did you mean …" when unsure.
 */
import { ChoiceError, replaceWords, UsageError } from './errors.js';

export interface Named {
  name: string;
}

export interface Match<T> {
  item: T;
  /** The words after the name. */
  rest: string[];
}

/**
 * Edit distance counting a swap of neighbours as one edit ("raed" is one typo from "read"), the
 * optimal string alignment form of Damerau-Levenshtein; stops early past `limit`.
 */
export function editDistance(a: string, b: string, limit = 3): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, rows[i - 2]![j - 2]! + 1);
      row[j] = value;
      best = Math.min(best, value);
    }
    if (best > limit) return limit + 1;
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}

/** How many typos a name of this length may carry and still be recognised. */
function typoAllowance(length: number): number {
  return length <= 3 ? 0 : length <= 7 ? 1 : 2;
}

const norm = (text: string) => text.toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * The item named by the leading words. Tries, longest first: exact names, then unique prefixes,
 * then names within a small edit distance. Several equally good candidates ask "did you mean".
 */
export function matchName<T extends Named>(items: T[], words: string[], what: string): Match<T> {
  if (words.length === 0) throw new UsageError(`Which ${what}? Name it.`);
  if (items.length === 0) throw new UsageError(`You have no ${what}s yet.`);
  for (let take = words.length; take >= 1; take--) {
    const phrase = norm(words.slice(0, take).join(' '));
    const exact = items.filter((item) => norm(item.name) === phrase);
    if (exact.length === 1) return { item: exact[0]!, rest: words.slice(take) };
  }
  for (let take = words.length; take >= 1; take--) {
    const phrase = norm(words.slice(0, take).join(' '));
    const prefixed = items.filter((item) => norm(item.name).startsWith(phrase));
    if (prefixed.length === 1) return { item: prefixed[0]!, rest: words.slice(take) };
    if (prefixed.length > 1 && take === 1) throw ambiguous(prefixed, what, words.slice(0, take));
  }
  for (let take = words.length; take >= 1; take--) {
    const phrase = norm(words.slice(0, take).join(' '));
    const scored = items
      .map((item) => ({ item, distance: editDistance(norm(item.name), phrase) }))
      .filter(({ item, distance }) => distance <= typoAllowance(norm(item.name).length));
    if (scored.length === 0) continue;
    const best = Math.min(...scored.map((s) => s.distance));
    const closest = scored.filter((s) => s.distance === best).map((s) => s.item);
    if (closest.length === 1) return { item: closest[0]!, rest: words.slice(take) };
    throw ambiguous(closest, what, words.slice(0, take));
  }
  const suggestion = closestName(items, words[0]!);
  throw new UsageError(
    `I can't find a ${what} called "${words.join(' ')}".` +
      (suggestion ? ` Did you mean "${suggestion}"?` : ''),
  );
}

/** Several items fit the words: ask which, with a button for each that names it in full. */
function ambiguous(items: Named[], what: string, token: string[]): ChoiceError {
  const shown = items.slice(0, 5);
  return new ChoiceError(
    `Which ${what} do you mean: ${shown.map((item) => `"${item.name}"`).join(' or ')}?`,
    shown.map((item) => ({ label: item.name, rewrite: replaceWords(token, [item.name]) })),
  );
}

/** The item whose name is closest to a word, for a hint; undefined when none is close. */
function closestName(items: Named[], word: string): string | undefined {
  const scored = items
    .map((item) => ({
      name: item.name,
      distance: editDistance(norm(item.name).slice(0, word.length + 2), norm(word), 4),
    }))
    .sort((a, b) => a.distance - b.distance);
  return scored[0] && scored[0].distance <= 3 ? scored[0].name : undefined;
}

/**
 * Names that fit what has been typed so far, best first, for autocomplete: an empty query lists
 * them all; then whole-name prefixes, word prefixes, substrings, and names whose start is a typo or
 * two away. Stable within each rank, so the member's own order is kept.
 */
export function rankNames(names: readonly string[], typed: string, limit: number): string[] {
  const query = norm(typed);
  if (!query) return names.slice(0, limit);
  const rank = (name: string): number | undefined => {
    const candidate = norm(name);
    if (candidate.startsWith(query)) return 0;
    if (candidate.split(' ').some((word) => word.startsWith(query))) return 1;
    if (candidate.includes(query)) return 2;
    const allowance = typoAllowance(query.length);
    if (allowance > 0 && editDistance(candidate.slice(0, query.length), query, allowance) <= allowance)
      return 3;
    return undefined;
  };
  return names
    .map((name, index) => ({ name, index, rank: rank(name) }))
    .filter((entry): entry is { name: string; index: number; rank: number } => entry.rank !== undefined)
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .slice(0, limit)
    .map((entry) => entry.name);
}
