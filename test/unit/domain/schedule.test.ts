import { frequency, isDue, isPaused } from '../../../src/domain/schedule.js';
import { buildHabit, datesFrom } from './builders.js';

describe('frequency', () => {
  it('follows DESIGN.md for each schedule', () => {
    expect(frequency({ kind: 'daily' })).toEqual({ num: 1, den: 1 });
    expect(frequency({ kind: 'weekdays', days: ['mon', 'wed', 'fri'] })).toEqual({ num: 3, den: 7 });
    expect(frequency({ kind: 'every_n_days', n: 3 })).toEqual({ num: 1, den: 3 });
    expect(frequency({ kind: 'per_period', times: 3, period: 'week' })).toEqual({ num: 3, den: 7 });
    expect(frequency({ kind: 'per_period', times: 4, period: 'month' })).toEqual({ num: 4, den: 30 });
  });

  it('counts each weekday once', () => {
    expect(frequency({ kind: 'weekdays', days: ['mon', 'mon', 'tue'] })).toEqual({ num: 2, den: 7 });
  });

  it('keeps the numbers of DESIGN.md, even when they equal one another', () => {
    const all = { kind: 'weekdays', days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] } as const;
    expect(frequency({ ...all, days: [...all.days] })).toEqual({ num: 7, den: 7 });
    expect(frequency({ kind: 'per_period', times: 7, period: 'week' })).toEqual({ num: 7, den: 7 });
    expect(frequency({ kind: 'every_n_days', n: 1 })).toEqual({ num: 1, den: 1 });
  });
});

describe('isPaused', () => {
  const habit = buildHabit({
    pausedSpans: [
      { from: '2026-02-10', to: '2026-02-12' },
      { from: '2026-03-01', to: null },
    ],
  });

  it('includes both ends of a span', () => {
    expect(isPaused(habit, '2026-02-09')).toBe(false);
    expect(isPaused(habit, '2026-02-10')).toBe(true);
    expect(isPaused(habit, '2026-02-12')).toBe(true);
    expect(isPaused(habit, '2026-02-13')).toBe(false);
  });

  it('treats an open span as paused from its start onwards', () => {
    expect(isPaused(habit, '2026-02-28')).toBe(false);
    expect(isPaused(habit, '2026-03-01')).toBe(true);
    expect(isPaused(habit, '2030-01-01')).toBe(true);
  });
});

describe('isDue', () => {
  it('is never due before the start date', () => {
    const habit = buildHabit({ startDate: '2026-01-10' });
    expect(isDue(habit, '2026-01-09')).toBe(false);
    expect(isDue(habit, '2026-01-10')).toBe(true);
  });

  it('follows the chosen weekdays', () => {
    const habit = buildHabit({ schedule: { kind: 'weekdays', days: ['mon', 'thu'] } });
    // 2026-03-09 is a Monday.
    const due = datesFrom('2026-03-09', '2026-03-15').map((d) => isDue(habit, d));
    expect(due).toEqual([true, false, false, true, false, false, false]);
  });

  it('counts every_n_days from the start date', () => {
    const habit = buildHabit({ schedule: { kind: 'every_n_days', n: 3 }, startDate: '2028-02-27' });
    const due = datesFrom('2028-02-26', '2028-03-05').filter((d) => isDue(habit, d));
    // Through the leap day: 27 Feb, 1 Mar, 4 Mar.
    expect(due).toEqual(['2028-02-27', '2028-03-01', '2028-03-04']);
  });

  it('is not due on paused days', () => {
    const habit = buildHabit({ pausedSpans: [{ from: '2026-01-05', to: '2026-01-06' }] });
    expect(isDue(habit, '2026-01-04')).toBe(true);
    expect(isDue(habit, '2026-01-05')).toBe(false);
    expect(isDue(habit, '2026-01-07')).toBe(true);
  });

  it('has no single due day for per_period habits', () => {
    const habit = buildHabit({ schedule: { kind: 'per_period', times: 7, period: 'week' } });
    expect(datesFrom('2026-01-01', '2026-01-31').some((d) => isDue(habit, d))).toBe(false);
  });
});
