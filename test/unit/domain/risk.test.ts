import fc from 'fast-check';
import { habitAtRisk, memberRisk } from '../../../src/domain/risk.js';
import type { DayLog, HabitRules } from '../../../src/domain/types.js';
import { buildHabit, doneDays, log, scenarioArb } from './builders.js';

const on = (...dates: string[]): DayLog[] => dates.map((d) => log(d));

describe('habitAtRisk', () => {
  const daily = buildHabit();

  it('is at risk after two due days before today went undone', () => {
    const logs = doneDays('2026-01-01', 3);
    expect(habitAtRisk(daily, logs, '2026-01-06')).toBe(true);
    expect(habitAtRisk(daily, logs, '2026-01-05')).toBe(false);
    expect(
      habitAtRisk(daily, [...logs, log('2026-01-04', 'missed'), log('2026-01-05', 'missed')], '2026-01-06'),
    ).toBe(true);
  });

  it('ignores today and returns to active on the next done', () => {
    expect(
      habitAtRisk(daily, [...doneDays('2026-01-01', 4), log('2026-01-05', 'missed')], '2026-01-05'),
    ).toBe(false);
    expect(habitAtRisk(daily, [...doneDays('2026-01-01', 3), log('2026-01-06')], '2026-01-07')).toBe(false);
  });

  it('passes over skipped and paused days', () => {
    const skipped = [log('2026-01-01'), log('2026-01-02', 'missed'), log('2026-01-03', 'skipped')];
    expect(habitAtRisk(daily, skipped, '2026-01-05')).toBe(true);
    expect(
      habitAtRisk(
        daily,
        [log('2026-01-01'), log('2026-01-02', 'skipped'), log('2026-01-03', 'skipped')],
        '2026-01-04',
      ),
    ).toBe(false);
    const paused = buildHabit({ pausedSpans: [{ from: '2026-01-03', to: '2026-01-04' }] });
    expect(habitAtRisk(paused, on('2026-01-01'), '2026-01-05')).toBe(false);
  });

  it('needs two due days since the start date', () => {
    const late = buildHabit({ startDate: '2026-01-04' });
    expect(habitAtRisk(late, [], '2026-01-05')).toBe(false);
    expect(habitAtRisk(late, [], '2026-01-06')).toBe(true);
  });

  it('looks only at due days of a weekday habit', () => {
    const mwf = buildHabit({
      schedule: { kind: 'weekdays', days: ['mon', 'wed', 'fri'] },
      startDate: '2026-01-05',
    });
    expect(habitAtRisk(mwf, on('2026-01-05', '2026-01-06', '2026-01-08'), '2026-01-10')).toBe(true);
    expect(habitAtRisk(mwf, on('2026-01-05'), '2026-01-09')).toBe(false);
  });

  it('uses the last two completed periods of a per_period habit', () => {
    const weekly = buildHabit({
      schedule: { kind: 'per_period', times: 2, period: 'week' },
      startDate: '2026-01-05',
    });
    const logs = on('2026-01-05', '2026-01-07', '2026-01-13');
    expect(habitAtRisk(weekly, logs, '2026-01-27')).toBe(true);
    expect(habitAtRisk(weekly, logs, '2026-01-21')).toBe(false);
    // The open week does not rescue it until it is complete... and then it does.
    expect(habitAtRisk(weekly, [...logs, ...on('2026-01-26', '2026-01-27')], '2026-01-27')).toBe(true);
    expect(habitAtRisk(weekly, [...logs, ...on('2026-01-26', '2026-01-27')], '2026-02-02')).toBe(false);
    const paused: HabitRules = { ...weekly, pausedSpans: [{ from: '2026-01-19', to: '2026-01-25' }] };
    expect(habitAtRisk(paused, logs, '2026-01-27')).toBe(false);
  });
});

describe('memberRisk', () => {
  it('follows the documented formula: a member who went quiet is high risk', () => {
    // Done 01..20, nothing since; today (30th) open. missRate3 = missRate7 = 1, adherence7 = 0,
    // adherence30 = 20/29, drop = 20/29, 10 days since the last log.
    const r = memberRisk([{ habit: buildHabit(), logs: doneDays('2026-01-01', 20) }], '2026-01-30');
    expect(r.factors).toEqual({
      missRate3: 1,
      missRate7: 1,
      adherence7: 0,
      adherence30: 20 / 29,
      adherenceDrop: 20 / 29,
      daysSinceLastLog: 10,
    });
    expect(r.score).toBeCloseTo(0.25 + 0.2 + 0.2 * (20 / 29) + 0.2 * (9 / 29) + 0.15, 12);
    expect(r.level).toBe('high');
  });

  it('rates a half-kept habit medium', () => {
    const logs = on(...Array.from({ length: 15 }, (_, i) => `2026-01-${String(2 * i + 1).padStart(2, '0')}`));
    const r = memberRisk([{ habit: buildHabit(), logs }], '2026-01-30');
    const expected = 0.25 * 0.5 + 0.2 * 0.5 + 0.2 * (15 / 29 - 0.5) + 0.2 * (14 / 29) + 0.15 / 7;
    expect(r.score).toBeCloseTo(expected, 12);
    expect(r.level).toBe('medium');
  });

  it('rates a kept habit low, and no habits as no risk', () => {
    const r = memberRisk([{ habit: buildHabit(), logs: doneDays('2026-01-01', 29) }], '2026-01-30');
    expect(r.score).toBeCloseTo(0.15 / 7, 12);
    expect(r.level).toBe('low');
    expect(memberRisk([], '2026-01-30')).toEqual({
      score: 0,
      level: 'low',
      factors: {
        missRate3: 0,
        missRate7: 0,
        adherence7: null,
        adherence30: null,
        adherenceDrop: 0,
        daysSinceLastLog: null,
      },
    });
  });

  it('pools adherence across habits, per_period ones pro rata', () => {
    const weekly = buildHabit({
      schedule: { kind: 'per_period', times: 7, period: 'week' },
      startDate: '2026-01-05',
    });
    // Daily: 6 of 6 settled days in the last 7. Weekly 7/week since Monday 05: 6 days expect 6, 3 done.
    const r = memberRisk(
      [
        { habit: buildHabit(), logs: doneDays('2026-01-05', 6) },
        { habit: weekly, logs: doneDays('2026-01-05', 3) },
      ],
      '2026-01-11',
    );
    expect(r.factors.adherence7).toBeCloseTo(9 / 12, 12);
    expect(r.factors.missRate7).toBe(0);
  });
});

describe('memberRisk properties', () => {
  const memberArb = fc
    .array(scenarioArb({ maxDays: 80 }), { minLength: 1, maxLength: 3 })
    .map((ss) => ({ habits: ss.map((s) => ({ habit: s.habit, logs: s.logs })), asOf: ss[0]!.asOf }));

  it('scores within [0, 1] with a level that matches', () => {
    fc.assert(
      fc.property(memberArb, ({ habits, asOf }) => {
        const r = memberRisk(habits, asOf);
        expect(r.score).toBeGreaterThanOrEqual(0);
        expect(r.score).toBeLessThanOrEqual(1);
        expect(r.level).toBe(r.score >= 0.67 ? 'high' : r.score >= 0.34 ? 'medium' : 'low');
      }),
      { numRuns: 200 },
    );
  });

  it('never lowers the score for more misses (a done or skip turned missed, a past done removed)', () => {
    fc.assert(
      fc.property(memberArb, fc.nat(), fc.nat(), fc.boolean(), ({ habits, asOf }, h, k, remove) => {
        const target = habits[h % habits.length]!;
        const chosen = target.logs[k % Math.max(1, target.logs.length)];
        if (chosen === undefined || chosen.status === 'missed') return;
        if (remove && (chosen.status !== 'done' || chosen.date >= asOf)) return;
        // Removing an at-most log leaves a kept day, which may be better than the log was.
        if (remove && target.habit.target?.direction === 'at_most') return;
        const changed = target.logs.filter((l) => l !== chosen);
        if (!remove) changed.push({ ...chosen, status: 'missed' });
        const worse = habits.map((entry) => (entry === target ? { ...entry, logs: changed } : entry));
        expect(memberRisk(worse, asOf).score).toBeGreaterThanOrEqual(memberRisk(habits, asOf).score - 1e-12);
      }),
      { numRuns: 200 },
    );
  });
});
