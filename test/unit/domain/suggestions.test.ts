import { describeSchedule, suggestions as sut } from '../../../src/domain/suggestions.js';
import type { DayLog, HabitRules } from '../../../src/domain/types.js';
import { buildHabit, datesFrom, doneDays, log } from './builders.js';

const ASOF = '2026-01-30';
// With a daily habit started 2026-01-01 and today open, 29 days are settled in the 30-day window.

describe('suggestions', () => {
  it('suggests 5 per week to a daily habit done under half the time', () => {
    const result = sut(buildHabit(), doneDays('2026-01-20', 10), ASOF);
    expect(result).toEqual([
      {
        kind: 'lower_frequency',
        schedule: { kind: 'per_period', times: 5, period: 'week' },
        message: expect.stringContaining('10 of 29') as string,
      },
    ]);
    expect(result[0]!.message).toContain('34%');
    expect(result[0]!.message).toContain('5 times a week');
  });

  it('adds an easier difficulty below 30%, and a restart after a lost streak of 3 or more', () => {
    const result = sut(buildHabit({ difficulty: 'hard' }), doneDays('2026-01-01', 5), ASOF);
    expect(result.map((s) => s.kind)).toEqual(['lower_frequency', 'easier_difficulty', 'restart']);
    expect(result[1]).toMatchObject({ kind: 'easier_difficulty', difficulty: 'medium' });
    expect(result[1]!.message).toContain('17%');
    expect(result[1]!.message).toContain('hard to medium');
    expect(result[2]!.message).toContain('5 days');
    expect(sut(buildHabit({ difficulty: 'medium' }), [], ASOF)[1]).toMatchObject({ difficulty: 'easy' });
    expect(sut(buildHabit({ difficulty: 'easy' }), [], ASOF).map((s) => s.kind)).toEqual(['lower_frequency']);
  });

  it('encourages a restart only after a best streak of at least 3', () => {
    // Two done, one missing, over and over (65% kept), and the last two days missing.
    const pairs = doneDays('2026-01-01', 27).filter((_, i) => i % 3 !== 2);
    expect(sut(buildHabit(), pairs, ASOF)).toEqual([]);
    const lost = sut(buildHabit(), doneDays('2026-01-01', 27), ASOF);
    expect(lost).toEqual([{ kind: 'restart', message: expect.stringContaining('27 days') as string }]);
    expect(sut(buildHabit(), doneDays('2026-01-01', 29), ASOF)).toEqual([]);
  });

  it('lowers a per_period count by one, never below 1', () => {
    const weekly = (times: number): HabitRules =>
      buildHabit({ schedule: { kind: 'per_period', times, period: 'week' }, startDate: '2026-01-05' });
    expect(sut(weekly(3), [], ASOF)[0]).toMatchObject({
      kind: 'lower_frequency',
      schedule: { kind: 'per_period', times: 2, period: 'week' },
    });
    expect(sut(weekly(3), [], ASOF)[0]!.message).toContain('twice a week');
    expect(sut(weekly(1), [], ASOF).map((s) => s.kind)).toEqual(['easier_difficulty']);
  });

  it('drops the weakest weekday, and adds a day to an every-n-days habit', () => {
    const mwf = buildHabit({ schedule: { kind: 'weekdays', days: ['fri', 'mon', 'wed'] } });
    // Mondays and Fridays done, Wednesdays never.
    const logs: DayLog[] = datesFrom('2026-01-01', ASOF)
      .filter((d) => [1, 5].includes(new Date(`${d}T00:00:00Z`).getUTCDay()))
      .slice(0, 3)
      .map((d) => log(d));
    expect(sut(mwf, logs, ASOF)[0]).toMatchObject({ schedule: { kind: 'weekdays', days: ['mon', 'fri'] } });
    const single = buildHabit({ schedule: { kind: 'weekdays', days: ['mon'] } });
    expect(sut(single, [], ASOF).some((s) => s.kind === 'lower_frequency')).toBe(false);
    const every2 = buildHabit({ schedule: { kind: 'every_n_days', n: 2 } });
    expect(sut(every2, [], ASOF)[0]).toMatchObject({ schedule: { kind: 'every_n_days', n: 3 } });
  });

  it('suggests nothing when nothing was due', () => {
    expect(sut(buildHabit({ startDate: '2026-02-01' }), [], ASOF)).toEqual([]);
  });
});

describe('describeSchedule', () => {
  it('says schedules in words', () => {
    expect(describeSchedule({ kind: 'daily' })).toBe('every day');
    expect(describeSchedule({ kind: 'weekdays', days: ['fri', 'mon', 'wed'] })).toBe('on Mon, Wed and Fri');
    expect(describeSchedule({ kind: 'weekdays', days: ['sun'] })).toBe('on Sun');
    expect(describeSchedule({ kind: 'every_n_days', n: 3 })).toBe('every 3 days');
    expect(describeSchedule({ kind: 'per_period', times: 1, period: 'month' })).toBe('once a month');
    expect(describeSchedule({ kind: 'per_period', times: 4, period: 'week' })).toBe('4 times a week');
  });
});
