/**
 * Every number tells one story (issue 10, items 5–7): at-most habits over their limit are misses
 * everywhere, a partial amount still feeds a goal, and an edit judges only the days after it.
 */
import { goalContribution } from '../../../src/domain/goals.js';
import { habitStats } from '../../../src/domain/stats.js';
import { buildHabit, doneDays, log, plus } from './builders.js';

describe('an at-most habit', () => {
  const soda = buildHabit({
    target: { amount: 1, unit: 'can', direction: 'at_most' },
    startDate: '2026-01-01',
  });

  it('over its limit most days has a low strength, low consistency, no streak and a looser-limit suggestion', () => {
    const logs = Array.from({ length: 30 }, (_, i) =>
      log(plus('2026-01-01', i), 'done', i % 5 === 0 ? 1 : 3),
    );
    const stats = habitStats(soda, logs, '2026-01-31');
    expect(stats.currentStreak).toBe(0);
    expect(stats.consistency).toBeLessThan(30);
    expect(stats.score).toBeLessThan(0.5);
    expect(stats.suggestions.map((s) => s.kind)).toContain('looser_limit');
    expect(stats.suggestions.map((s) => s.kind)).not.toContain('lower_frequency');
    expect(stats.suggestions.find((s) => s.kind === 'looser_limit')!.message).toContain(
      'Try a limit of 2 cans',
    );
  });

  it('kept on days without a log: streak, adherence and score agree', () => {
    const stats = habitStats(soda, [log('2026-01-05', 'done', 0)], '2026-01-11');
    expect(stats.currentStreak).toBe(10);
    expect(stats.adherence.d7).toBe(1);
    // Strength builds from 0 as for any habit: 11 kept days of a daily habit.
    expect(stats.score).toBeCloseTo(1 - 0.5 ** (11 / 13), 12);
    expect(stats.atRisk).toBe(false);
  });
});

describe('a numeric at-least log short of its target', () => {
  it('still adds its amount to a goal', () => {
    const read = buildHabit({ target: { amount: 20, unit: 'pages', direction: 'at_least' } });
    expect(goalContribution(read, 1, log('2026-01-01', 'done', 5))).toBe(5);
  });
});

describe('rules over time', () => {
  it('keeps past streaks, adherence and score when the schedule and target change', () => {
    const before = buildHabit({
      target: { amount: 20, unit: 'pages', direction: 'at_least' },
      startDate: '2026-01-01',
    });
    const logs = doneDays('2026-01-01', 20, 20);
    const asOf = '2026-01-20';
    const original = habitStats(before, logs, asOf);
    const edited = {
      ...before,
      schedule: { kind: 'per_period' as const, times: 3, period: 'week' as const },
      target: { amount: 40, unit: 'pages', direction: 'at_least' as const },
      history: [{ until: asOf, schedule: before.schedule, target: before.target }],
    };
    const after = habitStats(edited, logs, asOf);
    expect(after.adherence).toEqual(original.adherence);
    expect(after.score).toBeCloseTo(original.score, 12);
    // Without the history the same edit re-judges every past day against 40 pages.
    const rewritten = habitStats({ ...edited, history: [] }, logs, asOf);
    expect(rewritten.adherence.d7).toBeLessThan(original.adherence.d7!);
  });

  it('judges each day by its own target', () => {
    const habit = buildHabit({
      target: { amount: 30, unit: 'min', direction: 'at_least' },
      history: [
        {
          until: '2026-01-10',
          schedule: { kind: 'daily' },
          target: { amount: 10, unit: 'min', direction: 'at_least' },
        },
      ],
    });
    const logs = doneDays('2026-01-01', 12, 10);
    const stats = habitStats(habit, logs, '2026-01-12');
    // 10 minutes met the old target through the 10th and falls short of the new one after it.
    expect(stats.longestStreak).toBe(10);
    expect(stats.currentStreak).toBe(0);
  });
});

describe('stats as of a day before an edit', () => {
  it('are what they were before the edit, streak unit included', () => {
    const daily = buildHabit({ startDate: '2026-01-01' });
    const logs = doneDays('2026-01-01', 20);
    const edited = {
      ...daily,
      schedule: { kind: 'per_period' as const, times: 3, period: 'week' as const },
      history: [{ until: '2026-01-20', schedule: daily.schedule, target: null }],
    };
    for (const asOf of ['2026-01-10', '2026-01-20']) {
      expect(habitStats(edited, logs, asOf)).toEqual(habitStats(daily, logs, asOf));
    }
    expect(habitStats(edited, logs, '2026-01-20').longestStreak).toBe(20);
  });
});
