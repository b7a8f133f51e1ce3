/**
 * Units of amounts: the same unit however it is written (page, pages, Pages), conversions between
 * units of one kind (distance, time, volume, mass), and amounts as people read them ("1 can",
 * "3 cans", "5 mi = 8.05 km"). A unit is converted or refused, never relabelled.
 */

type Dimension = 'distance' | 'time' | 'volume' | 'mass';

interface KnownUnit {
  dimension: Dimension;
  /** How many base units (m, s, ml, g) one of it is. */
  factor: number;
  /** How it is shown: an abbreviation, never pluralised. */
  symbol: string;
}

const KNOWN: Record<string, KnownUnit> = {};
function known(dimension: Dimension, factor: number, symbol: string, ...names: string[]): void {
  for (const name of [symbol, ...names]) KNOWN[name] = { dimension, factor, symbol };
}
known('distance', 1, 'm', 'meter', 'meters', 'metre', 'metres');
known('distance', 1000, 'km', 'kms', 'kilometer', 'kilometers', 'kilometre', 'kilometres');
known('distance', 1609.344, 'mi', 'mile', 'miles');
known('distance', 0.9144, 'yd', 'yds', 'yard', 'yards');
known('distance', 0.3048, 'ft', 'foot', 'feet');
known('distance', 0.01, 'cm', 'centimeter', 'centimeters', 'centimetre', 'centimetres');
known('time', 1, 's', 'sec', 'secs', 'second', 'seconds');
known('time', 60, 'min', 'mins', 'minute', 'minutes');
known('time', 3600, 'h', 'hr', 'hrs', 'hour', 'hours');
known('volume', 1, 'ml', 'milliliter', 'milliliters', 'millilitre', 'millilitres');
known('volume', 10, 'cl', 'centiliter', 'centiliters', 'centilitre', 'centilitres');
known('volume', 100, 'dl', 'deciliter', 'deciliters', 'decilitre', 'decilitres');
known('volume', 1000, 'l', 'liter', 'liters', 'litre', 'litres');
known('volume', 3785.411784, 'gal', 'gallon', 'gallons');
known('volume', 29.5735295625, 'fl oz', 'floz');
known('mass', 1, 'g', 'gram', 'grams', 'gr');
known('mass', 1000, 'kg', 'kgs', 'kilo', 'kilos', 'kilogram', 'kilograms');
known('mass', 453.59237, 'lb', 'lbs', 'pound', 'pounds');
known('mass', 28.349523125, 'oz', 'ounce', 'ounces');

/** The known unit a word names (km, miles, Minutes), or undefined for other words (pages, cans). */
export function knownUnit(word: string): KnownUnit | undefined {
  return KNOWN[word.toLowerCase()];
}

/** "pages" → "page", "glasses" → "glass", "stories" → "story"; abbreviations stay. */
export function singular(word: string): string {
  const lower = word.toLowerCase();
  if (knownUnit(lower)) return word;
  if (/[^aeiou]ies$/.test(lower)) return word.slice(0, -3) + 'y';
  if (/(ss|x|ch|sh)es$/.test(lower)) return word.slice(0, -2);
  if (/[^s]s$/.test(lower) && lower.length > 2) return word.slice(0, -1);
  return word;
}

function plural(word: string): string {
  if (knownUnit(word) || word.length <= 1) return word;
  const one = singular(word);
  if (/[^aeiou]y$/i.test(one)) return one.slice(0, -1) + 'ies';
  if (/(s|x|ch|sh)$/i.test(one)) return one + 'es';
  return one + 's';
}

/** Whether two words name the same unit ("page" and "Pages", "km" and "kilometres"). */
export function sameUnit(a: string, b: string): boolean {
  const [ka, kb] = [knownUnit(a), knownUnit(b)];
  if (ka || kb)
    return ka !== undefined && kb !== undefined && ka.dimension === kb.dimension && ka.factor === kb.factor;
  return singular(a).toLowerCase() === singular(b).toLowerCase();
}

/** `amount` of `from` in units of `to`, or undefined when there is no known conversion. */
export function convert(amount: number, from: string, to: string): number | undefined {
  const [source, target] = [knownUnit(from), knownUnit(to)];
  if (!source || !target || source.dimension !== target.dimension) return undefined;
  return (amount * source.factor) / target.factor;
}

/** An amount for people: at most two decimals, no trailing zeros, thousands grouped (1,250). */
export function formatAmount(amount: number): string {
  const rounded = Math.round(amount * 100) / 100;
  const [whole, fraction] = String(Math.abs(rounded)).split('.') as [string, string | undefined];
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${rounded < 0 ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

/** "1 can", "3 cans", "2.5 km", "1 page": the amount with its unit in the right number. */
export function amountText(amount: number, unit: string): string {
  const word = knownUnit(unit)?.symbol ?? (amount === 1 ? singular(unit) : plural(unit));
  return `${formatAmount(amount)} ${word}`;
}

/** "1 habit", "3 habits". */
export function countText(count: number, noun: string): string {
  return `${count} ${count === 1 ? noun : plural(noun)}`;
}
