/** Amounts as people type them: 5, 2.5, 2,5, 1,000, 5km, 10k. Anything else that looks numeric is refused. */
import { UsageError } from './errors.js';

export interface AmountWord {
  amount: number;
  /** A unit written onto the number ("5km" → "km"); "k" means thousand, or km for a distance. */
  unit?: string;
}

const NUMBER = /^(\d{1,3}(?:,\d{3})+(?![\d,])|\d+(?:[.,]\d+)?|\.\d+)([a-z]+)?$/i;

/**
 * The amount a word writes, or undefined when the word is not a number. A negative number, an
 * exponent (1e9) or a non-number (Infinity, NaN) is refused rather than read some other way.
 */
export function readAmount(word: string): AmountWord | undefined {
  if (/^[-−–]\s*\d/.test(word)) throw new UsageError(`An amount can't be negative ("${word}").`);
  if (/^\d*\.?\d+e[+-]?\d+$/i.test(word) || /^[+-]?(inf|infinity|nan)$/i.test(word)) {
    throw new UsageError(`Write the amount as a plain number such as 5 or 2.5, not "${word}".`);
  }
  const match = NUMBER.exec(word);
  if (!match) return undefined;
  const digits = match[1]!;
  // 1,000 groups thousands; 2,5 is a decimal comma.
  const amount = /^\d{1,3}(,\d{3})+$/.test(digits)
    ? Number(digits.replace(/,/g, ''))
    : Number(digits.replace(',', '.'));
  if (!Number.isFinite(amount)) throw new UsageError(`"${word}" is not an amount I can count.`);
  return match[2] ? { amount, unit: match[2] } : { amount };
}
