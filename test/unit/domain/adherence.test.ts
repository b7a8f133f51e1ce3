import { adherence as sut, consistency } from '../../../src/domain/adherence.js';
import type { HabitRules } from '../../../src/domain/types.js';
import { buildHabit, doneDays, log } from './builders.js';

describe('adherence of day-based habits', () => {
  const habit = buildHabit();
  const week = [
    ...doneDays('2026-01-04', 3),
    log('2026-01-07', 'missed'),
    log('2026-01-09', 'skipped'),
    log('2026-01-02', 'done'),
  ];

  it('divides done due days by due days, excusing skips and an open today', () => {
    // Window 01-04..01-10: due 04..08 (09 skipped, 10 open): 3 of 5.
    expect(sut(habit, week, '2026-01-10', 7)).toBeCloseTo(0.6, 12);
  });

  it('counts today once it is settled', () => {
    expect(sut(habit, [...week, log('2026-01-10', 'done')], '2026-01-10', 7)).toBeCloseTo(4 / 6, 12);
    expect(sut(habit, [...week, log('2026-01-10', 'missed')], '2026-01-10', 7)).toBeCloseTo(3 / 6, 12);
  });

  it('counts only days since the start date, ignoring earlier logs', () => {
    const late = buildHabit({ startDate: '2026-01-08' });
    expect(sut(late, doneDays('2026-01-01', 10), '2026-01-10', 30)).toBeCloseTo(1, 12);
    expect(sut(late, doneDays('2026-01-01', 7), '2026-01-10', 30)).toBe(0);
  });

  it('is null when nothing was due', () => {
    expect(sut(habit, [], '2025-12-20', 30)).toBeNull();
    expect(sut(habit, [], '2026-01-01', 7)).toBeNull(); // only today, still open
    const paused = buildHabit({ pausedSpans: [{ from: '2026-01-01', to: null }] });
    expect(sut(paused, doneDays('2026-01-01', 10), '2026-01-10', 7)).toBeNull();
    expect(sut(habit, doneDays('2026-01-01', 3), '2026-01-03', 0)).toBeNull();
  });

  it('counts weekday and every-n-days due days only', () => {
    const mwf = buildHabit({
      schedule: { kind: 'weekdays', days: ['mon', 'wed', 'fri'] },
      startDate: '2026-01-05',
    });
    const logs = ['2026-01-05', '2026-01-06', '2026-01-09'].map((d) => log(d));
    expect(sut(mwf, logs, '2026-01-11', 7)).toBeCloseTo(2 / 3, 12);
    const every3 = buildHabit({ schedule: { kind: 'every_n_days', n: 3 } });
    // Due 01, 04, 07, 10 (10 is today and open).
    expect(
      sut(every3, [log('2026-01-01'), log('2026-01-05'), log('2026-01-07')], '2026-01-10', 30),
    ).toBeCloseTo(2 / 3, 12);
  });

  it('treats numeric logs short of the target as misses, except an open today', () => {
    const numeric = buildHabit({ target: { amount: 5, unit: 'km', direction: 'at_least' } });
    const logs = [log('2026-01-01', 'done', 5), log('2026-01-02', 'done', 3), log('2026-01-03', 'done', 1)];
    expect(sut(numeric, logs, '2026-01-03', 7)).toBeCloseTo(1 / 2, 12);
    expect(sut(numeric, logs, '2026-01-04', 7)).toBeCloseTo(1 / 3, 12);
  });
});

describe('adherence of per_period habits', () => {
  const weekly = (times: number, overrides: Partial<HabitRules> = {}): HabitRules =>
    buildHabit({
      schedule: { kind: 'per_period', times, period: 'week' },
      startDate: '2026-01-05',
      ...overrides,
    });

  it('expects each week pro rata to its days in the window', () => {
    // Window 01-08..01-14 (Wed): 4 days of week 1 expect 12/7; 12..13 of week 2 expect 6/7
    // (today is open). Done: 10 in week 1 (05..07 fall outside), 12 in week 2.
    const logs = ['2026-01-05', '2026-01-06', '2026-01-07', '2026-01-10', '2026-01-12'].map((d) => log(d));
    expect(sut(weekly(3), logs, '2026-01-14', 7)).toBeCloseTo(2 / (18 / 7), 12);
    // Done today too: week 2 expects 9/7 and has 2.
    expect(sut(weekly(3), [...logs, log('2026-01-14')], '2026-01-14', 7)).toBeCloseTo(1, 12);
  });

  it('caps the done count of each period at its target', () => {
    expect(sut(weekly(2), doneDays('2026-01-05', 7), '2026-01-11', 7)).toBeCloseTo(1, 12);
    const logs = [...doneDays('2026-01-05', 7), log('2026-01-12')];
    // Week 1 expects 2 and credits 2 (not 7); week 2 expects 2 * 6 / 7 (today is open) and credits 1.
    expect(sut(weekly(2), logs, '2026-01-18', 30)).toBeCloseTo(3 / (2 + 12 / 7), 12);
  });

  it('expects a partial first month pro rata, in a leap February', () => {
    const monthly = buildHabit({
      schedule: { kind: 'per_period', times: 4, period: 'month' },
      startDate: '2028-02-20',
    });
    // 20..28 are active (29 is today, open): 4 * 9 / 29 expected, 1 done.
    expect(sut(monthly, [log('2028-02-20')], '2028-02-29', 30)).toBeCloseTo(1 / (36 / 29), 12);
  });

  it('splits a window across a month boundary', () => {
    const monthly = buildHabit({ schedule: { kind: 'per_period', times: 4, period: 'month' } });
    const logs = ['2026-01-02', '2026-01-05', '2026-01-15', '2026-01-20', '2026-02-03'].map((d) => log(d));
    // Window 01-11..02-10: January's 21 days expect 84/31 (2 done), February's 01..09 expect
    // 36/28 (1 done; today, the 10th, is open).
    expect(sut(monthly, logs, '2026-02-10', 31)).toBeCloseTo(3 / (84 / 31 + 36 / 28), 12);
  });

  it('excuses paused and skipped days', () => {
    const paused = weekly(7, { pausedSpans: [{ from: '2026-01-05', to: '2026-01-08' }] });
    const logs = [log('2026-01-09'), log('2026-01-10', 'skipped'), log('2026-01-11', 'missed')];
    // Only 09 and 11 are active: 7 * 2 / 7 expected, 1 done.
    expect(sut(paused, logs, '2026-01-11', 7)).toBeCloseTo(1 / 2, 12);
  });
});

describe('consistency', () => {
  it('rounds the 30-day adherence to a percentage', () => {
    expect(consistency(0.6)).toBe(60);
    expect(consistency(2 / 3)).toBe(67);
    expect(consistency(0.005)).toBe(1);
    expect(consistency(null)).toBeNull();
  });
});
