/** The local lexicon scorer and tagger: signs, negation, intensity, bounds and tags. */
import { hasSentimentWords, lexiconSentiment, moodSentiment, tagsOf } from '../../../src/domain/sentiment.js';

describe('lexiconSentiment', () => {
  it.each([
    ['a great day, happy and calm', 'positive'],
    ['terrible sleep and stressed at work', 'negative'],
    ['went to the shop', 'neutral'],
    ['', 'neutral'],
  ])('scores "%s" as %s', (text, sign) => {
    const score = lexiconSentiment(text);
    if (sign === 'positive') expect(score).toBeGreaterThan(0.3);
    if (sign === 'negative') expect(score).toBeLessThan(-0.3);
    if (sign === 'neutral') expect(score).toBe(0);
  });

  it('turns "not good" mildly negative, and "not bad" mildly positive', () => {
    expect(lexiconSentiment('good')).toBeGreaterThan(0);
    expect(lexiconSentiment('not good')).toBeLessThan(0);
    expect(lexiconSentiment('not good')).toBeGreaterThan(lexiconSentiment('bad'));
    expect(lexiconSentiment('not bad at all')).toBeGreaterThan(0);
    expect(lexiconSentiment("I didn't feel very happy")).toBeLessThan(0);
    expect(lexiconSentiment('I don’t feel good')).toBeLessThan(0);
    // Past the reach of the negation, the word counts as it is.
    expect(lexiconSentiment('no meetings today and then a long walk, good')).toBeGreaterThan(0);
  });

  it('makes intensifiers stronger, and stays within -1..1 however many words agree', () => {
    expect(lexiconSentiment('very good')).toBeGreaterThan(lexiconSentiment('good'));
    const many = lexiconSentiment('great '.repeat(200));
    expect(many).toBeLessThanOrEqual(1);
    expect(many).toBeGreaterThan(0.99);
    expect(lexiconSentiment('awful '.repeat(200))).toBeGreaterThanOrEqual(-1);
  });

  it('tells whether a line has any feeling word, and maps moods 1..5 onto -1..1', () => {
    expect(hasSentimentWords('rough night, tired')).toBe(true);
    expect(hasSentimentWords('rough night')).toBe(false);
    expect([1, 2, 3, 4, 5].map(moodSentiment)).toEqual([-1, -0.5, 0, 0.5, 1]);
  });
});

describe('tagsOf', () => {
  it('takes #hashtags and topic keywords, lower-case, each once', () => {
    expect(tagsOf('Slept badly, #Tired and a long Meeting at work #tired #focus-day')).toEqual([
      'tired',
      'focus-day',
      'sleep',
      'work',
    ]);
    expect(tagsOf('ran 5k with my daughter, then stressed about a deadline')).toEqual([
      'work',
      'stress',
      'exercise',
      'family',
    ]);
    expect(tagsOf('nothing special')).toEqual([]);
    // A # inside a word is not a hashtag.
    expect(tagsOf('issue a#b')).toEqual([]);
  });
});
