/**
 * One rounding for every percentage a member sees: the stats text and the charts must never show
 * the same score as two different numbers (94% in a reply, 95% on the trend chart).
 */
import { trendSummary } from '../../../src/charts/trend.js';
import { percent } from '../../../src/language/format.js';
import { wholePercent } from '../../../src/domain/percent.js';

describe('wholePercent', () => {
  it.each([
    [0, 0],
    [0.0049, 0],
    [0.005, 1],
    [0.6234, 62],
    [0.9449, 94],
    [0.945, 95],
    [1, 100],
  ])('rounds %p once to %p', (fraction, whole) => {
    expect(wholePercent(fraction)).toBe(whole);
  });
});

describe('the same score in text and charts', () => {
  // Scores whose one-decimal value ends in .5: rounding that again once more moves them up.
  it.each([0.9449, 0.12449, 0.5049, 0.945, 0.62])('shows %p as one percentage', (score) => {
    const summary = trendSummary({ title: 't', points: [{ date: '2026-11-20', score, consistency: 80 }] });
    expect(summary).toBe(`Now: strength ${percent(score)} · consistency 80%`);
    expect(percent(score)).toBe(`${wholePercent(score)}%`);
  });
});
