/**
 * Sentiment and tags of a journal line, without any model: the local lexicon scorer Stride uses
 * when Gemini is not configured or fails (src/services/journal.ts picks which).
 *
 * The model: each word found in LEXICON carries a weight from -3 (very negative) to +3 (very
 * positive). An intensifier ("very", "really", "so") before it multiplies it by 1.5; a negation
 * ("not", "never", "no", "don't", "hardly"…) within the three words before it flips it and damps it
 * to half ("not good" is mildly negative, not the opposite of "good"). The sum S becomes a score in
 * -1..1 with S / sqrt(S² + 15) (VADER's normalisation), so one strong word is about ±0.6 and many
 * agree towards ±1; a line with no known word scores 0. A mood check-in without words scores from
 * the mood alone: (mood - 3) / 2.
 */

/** Word weights, -3..3: common feelings and how a day went, in plain English. */
const LEXICON: Record<string, number> = {
  // Positive
  good: 2,
  great: 3,
  awesome: 3,
  amazing: 3,
  excellent: 3,
  fantastic: 3,
  wonderful: 3,
  happy: 3,
  glad: 2,
  calm: 2,
  relaxed: 2,
  rested: 2,
  energized: 2,
  energised: 2,
  energetic: 2,
  proud: 2,
  productive: 2,
  motivated: 2,
  strong: 1,
  better: 1,
  best: 2,
  fine: 1,
  ok: 0.5,
  okay: 0.5,
  nice: 2,
  love: 3,
  loved: 3,
  enjoy: 2,
  enjoyed: 2,
  fun: 2,
  grateful: 3,
  thankful: 2,
  confident: 2,
  focused: 2,
  peaceful: 2,
  excited: 3,
  hopeful: 2,
  satisfied: 2,
  accomplished: 2,
  progress: 1,
  win: 2,
  won: 2,
  smooth: 1,
  refreshed: 2,
  cheerful: 2,
  optimistic: 2,
  well: 1,
  easy: 1,
  // Negative
  bad: -2,
  awful: -3,
  terrible: -3,
  horrible: -3,
  sad: -2,
  unhappy: -2,
  angry: -3,
  mad: -2,
  upset: -2,
  tired: -2,
  exhausted: -3,
  sleepy: -1,
  stressed: -2,
  stress: -2,
  stressful: -2,
  anxious: -2,
  anxiety: -2,
  worried: -2,
  worry: -2,
  overwhelmed: -3,
  lonely: -2,
  bored: -1,
  frustrated: -2,
  frustrating: -2,
  annoyed: -2,
  sick: -2,
  ill: -2,
  pain: -2,
  hurt: -2,
  lazy: -1,
  failed: -2,
  fail: -2,
  failure: -2,
  worse: -2,
  worst: -3,
  hard: -1,
  difficult: -1,
  depressed: -3,
  miserable: -3,
  down: -1,
  low: -1,
  lost: -1,
  hate: -3,
  hated: -3,
  nervous: -1,
  burnout: -3,
  drained: -2,
  struggle: -2,
  struggled: -2,
  struggling: -2,
  missed: -1,
  skipped: -1,
  insomnia: -2,
  headache: -2,
  cry: -2,
  cried: -2,
  guilty: -2,
  lousy: -2,
  meh: -1,
};

const NEGATIONS = new Set([
  'not',
  'no',
  'never',
  'none',
  'nothing',
  'hardly',
  'barely',
  'without',
  'neither',
  'nor',
  "don't",
  "didn't",
  "doesn't",
  "isn't",
  "wasn't",
  "aren't",
  "weren't",
  "can't",
  "couldn't",
  "won't",
  "wouldn't",
  "haven't",
  "hasn't",
  "hadn't",
  'dont',
  'didnt',
  'doesnt',
  'isnt',
  'wasnt',
  'cant',
  'couldnt',
  'wont',
  'havent',
]);
const INTENSIFIERS = new Set(['very', 'really', 'so', 'extremely', 'super', 'incredibly', 'totally']);
/** How many words back a negation reaches ("not a very good day" is still negated). */
const NEGATION_REACH = 3;
const NORMALISATION_ALPHA = 15;

/** The words of a line, lower-case, apostrophes kept ("didn't"), curly ones straightened. */
function wordsOf(text: string): string[] {
  return (
    text
      .toLowerCase()
      .replace(/[’‘]/g, "'")
      .match(/[a-z]+(?:'[a-z]+)?/g) ?? []
  );
}

/** The lexicon's sentiment of `text`, -1..1 (0 when no known word is in it). */
export function lexiconSentiment(text: string): number {
  const words = wordsOf(text);
  let sum = 0;
  words.forEach((word, i) => {
    const weight = LEXICON[word];
    if (weight === undefined) return;
    let value = weight;
    if (i > 0 && INTENSIFIERS.has(words[i - 1]!)) value *= 1.5;
    const before = words.slice(Math.max(0, i - NEGATION_REACH), i);
    if (before.some((w) => NEGATIONS.has(w))) value *= -0.5;
    sum += value;
  });
  if (sum === 0) return 0;
  return round(sum / Math.sqrt(sum * sum + NORMALISATION_ALPHA));
}

/** Whether the lexicon found any feeling word in `text` (else its score says nothing). */
export function hasSentimentWords(text: string): boolean {
  return wordsOf(text).some((word) => LEXICON[word] !== undefined);
}

/** A mood 1..5 as a sentiment -1..1. */
export function moodSentiment(mood: number): number {
  return (mood - 3) / 2;
}

/** Topics a line is about, by keyword: each becomes a tag. */
const TOPICS: Record<string, string[]> = {
  sleep: ['sleep', 'slept', 'sleeping', 'insomnia', 'nap', 'bed', 'bedtime', 'tired', 'rested'],
  work: ['work', 'worked', 'job', 'office', 'meeting', 'meetings', 'deadline', 'boss', 'project'],
  stress: ['stress', 'stressed', 'stressful', 'anxious', 'anxiety', 'overwhelmed', 'pressure', 'burnout'],
  exercise: [
    'exercise',
    'workout',
    'gym',
    'run',
    'ran',
    'running',
    'walk',
    'walked',
    'yoga',
    'swim',
    'swam',
    'cycling',
    'bike',
    'training',
  ],
  family: [
    'family',
    'kids',
    'kid',
    'children',
    'mom',
    'mum',
    'dad',
    'parents',
    'partner',
    'wife',
    'husband',
    'son',
    'daughter',
    'brother',
    'sister',
  ],
  health: ['sick', 'ill', 'doctor', 'pain', 'headache', 'cold', 'flu', 'injury', 'injured'],
  food: ['food', 'ate', 'eat', 'eating', 'diet', 'meal', 'lunch', 'dinner', 'breakfast', 'snack'],
  friends: ['friend', 'friends', 'party', 'social'],
};
const MAX_TAGS = 10;

/** `#hashtags` of the line, then its topics: lower-case, each once, at most MAX_TAGS. */
export function tagsOf(text: string): string[] {
  const tags = [...text.matchAll(/(?:^|[^\w#])#([\p{L}\p{N}_-]{1,30})/gu)].map((m) => m[1]!.toLowerCase());
  const words = new Set(wordsOf(text));
  for (const [topic, keywords] of Object.entries(TOPICS))
    if (keywords.some((keyword) => words.has(keyword))) tags.push(topic);
  return [...new Set(tags)].slice(0, MAX_TAGS);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
