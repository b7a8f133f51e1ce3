import fc from 'fast-check';
import { adherence, consistency } from '../../../src/domain/adherence.js';
import { habitAtRisk } from '../../../src/domain/risk.js';
import { scoreAt } from '../../../src/domain/score.js';
import { habitStats as sut, heatmap } from '../../../src/domain/stats.js';
import { streaks } from '../../../src/domain/streaks.js';
import { suggestions } from '../../../src/domain/suggestions.js';
import type { HeatmapStatus } from '../../../src/domain/types.js';
import { buildHabit, doneDays, log, plus, scenarioArb } from './builders.js';

describe('habitStats', () => {
  it('agrees with each rule computed on its own', () => {
    fc.assert(
      fc.property(scenarioArb(), ({ habit, logs, asOf }) => {
        const s = streaks(habit, logs, asOf);
        const d30 = adherence(habit, logs, asOf, 30);
        expect(sut(habit, logs, asOf)).toEqual({
          currentStreak: s.current,
          longestStreak: s.longest,
          bestStreaks: s.best,
          streakUnit: s.unit,
          score: scoreAt(habit, logs, asOf),
          adherence: { d7: adherence(habit, logs, asOf, 7), d30, d90: adherence(habit, logs, asOf, 90) },
          consistency: consistency(d30),
          atRisk: habitAtRisk(habit, logs, asOf),
          suggestions: suggestions(habit, logs, asOf),
        });
      }),
      { numRuns: 100 },
    );
  });

  it('computes ten years of daily history', () => {
    const logs = doneDays('2020-01-01', 3650).filter((_, i) => i !== 1000);
    // Shuffled: callers need not sort.
    logs.reverse();
    const asOf = plus('2020-01-01', 3650); // today, still open
    const stats = sut(buildHabit({ startDate: '2020-01-01' }), logs, asOf);
    expect(stats).toMatchObject({
      currentStreak: 2649,
      longestStreak: 2649,
      streakUnit: 'days',
      adherence: { d7: 1, d30: 1, d90: 1 },
      consistency: 100,
      atRisk: false,
      suggestions: [],
    });
    expect(stats.bestStreaks).toEqual([
      { start: plus('2020-01-01', 1001), end: plus('2020-01-01', 3649), length: 2649 },
      { start: '2020-01-01', end: plus('2020-01-01', 999), length: 1000 },
    ]);
    // Strength ~1 through yesterday; today, with no log yet, decays once (Loop counts today in the window).
    expect(stats.score).toBeCloseTo(0.5 ** (1 / 13), 9);
  });
});

describe('heatmap', () => {
  it('paints each kind of day', () => {
    // Mon/Wed/Fri from Wednesday 2026-01-07, paused Mon 12 - Tue 13, today Friday 16.
    const habit = buildHabit({
      schedule: { kind: 'weekdays', days: ['mon', 'wed', 'fri'] },
      startDate: '2026-01-07',
      pausedSpans: [{ from: '2026-01-12', to: '2026-01-13' }],
    });
    const logs = [
      log('2026-01-06'),
      log('2026-01-07'),
      log('2026-01-09', 'skipped'),
      log('2026-01-10'),
      log('2026-01-18'),
    ];
    const days = heatmap(habit, logs, '2026-01-05', '2026-01-18', '2026-01-16');
    const expected: [string, HeatmapStatus][] = [
      ['2026-01-05', 'before_start'],
      ['2026-01-06', 'done'],
      ['2026-01-07', 'done'],
      ['2026-01-08', 'not_due'],
      ['2026-01-09', 'skipped'],
      ['2026-01-10', 'done'],
      ['2026-01-11', 'not_due'],
      ['2026-01-12', 'paused'],
      ['2026-01-13', 'paused'],
      ['2026-01-14', 'missed'],
      ['2026-01-15', 'not_due'],
      ['2026-01-16', 'open'],
      ['2026-01-17', 'future'],
      ['2026-01-18', 'future'],
    ];
    expect(days.map((d) => [d.date, d.status])).toEqual(expected);
    expect(days.every((d) => d.amount === null)).toBe(true);
  });

  it('shows amounts, and at_least progress today as open', () => {
    const habit = buildHabit({ target: { amount: 5, unit: 'km', direction: 'at_least' } });
    const logs = [log('2026-01-01', 'done', 6), log('2026-01-02', 'done', 2), log('2026-01-03', 'done', 3)];
    expect(heatmap(habit, logs, '2026-01-01', '2026-01-03', '2026-01-03')).toEqual([
      { date: '2026-01-01', status: 'done', amount: 6 },
      { date: '2026-01-02', status: 'missed', amount: 2 },
      { date: '2026-01-03', status: 'open', amount: 3 },
    ]);
    const atMost = buildHabit({ target: { amount: 2, unit: 'coffees', direction: 'at_most' } });
    expect(heatmap(atMost, [log('2026-01-01', 'done', 3)], '2026-01-01', '2026-01-01', '2026-01-01')).toEqual(
      [{ date: '2026-01-01', status: 'missed', amount: 3 }],
    );
  });

  it('shows per_period days without a log as not due, today included', () => {
    const habit = buildHabit({ schedule: { kind: 'per_period', times: 3, period: 'week' } });
    const days = heatmap(
      habit,
      [log('2026-01-02'), log('2026-01-03', 'missed')],
      '2026-01-01',
      '2026-01-04',
      '2026-01-04',
    );
    expect(days.map((d) => d.status)).toEqual(['not_due', 'done', 'missed', 'not_due']);
  });

  it('handles a range entirely in the past, and an empty range', () => {
    const days = heatmap(buildHabit(), [log('2026-01-02')], '2026-01-01', '2026-01-03', '2026-02-01');
    expect(days.map((d) => d.status)).toEqual(['missed', 'done', 'missed']);
    expect(heatmap(buildHabit(), [], '2026-01-03', '2026-01-01', '2026-02-01')).toEqual([]);
  });
});
