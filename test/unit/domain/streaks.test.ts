import fc from 'fast-check';
import { isDoneLog } from '../../../src/domain/logs.js';
import { isDue, isPaused } from '../../../src/domain/schedule.js';
import { streaks as sut } from '../../../src/domain/streaks.js';
import type { DayLog, HabitRules } from '../../../src/domain/types.js';
import { BASE, buildHabit, datesFrom, doneDays, log, plus, scenarioArb, withLog } from './builders.js';

const km = { amount: 5, unit: 'km', direction: 'at_least' } as const;
const coffees = { amount: 2, unit: 'coffees', direction: 'at_most' } as const;

describe('streaks of daily habits', () => {
  const habit = buildHabit();

  it('counts a run of done days', () => {
    expect(sut(habit, doneDays('2026-01-01', 5), '2026-01-05')).toEqual({
      current: 5,
      longest: 5,
      best: [{ start: '2026-01-01', end: '2026-01-05', length: 5 }],
      unit: 'days',
    });
  });

  it('keeps the current streak while today is open, and breaks it on a missing yesterday', () => {
    expect(sut(habit, doneDays('2026-01-01', 4), '2026-01-05').current).toBe(4);
    const broken = sut(habit, doneDays('2026-01-01', 3), '2026-01-05');
    expect([broken.current, broken.longest]).toEqual([0, 3]);
  });

  it('breaks on a missed log, today included', () => {
    const logs = [...doneDays('2026-01-01', 4), log('2026-01-05', 'missed')];
    expect(sut(habit, logs, '2026-01-05')).toMatchObject({ current: 0, longest: 4 });
  });

  it('bridges a skipped day without counting it', () => {
    const logs = [...doneDays('2026-01-01', 2), log('2026-01-03', 'skipped'), ...doneDays('2026-01-04', 2)];
    expect(sut(habit, logs, '2026-01-05').best).toEqual([
      { start: '2026-01-01', end: '2026-01-05', length: 4 },
    ]);
    const leadingSkip = [log('2026-01-01', 'skipped'), ...doneDays('2026-01-02', 2)];
    expect(sut(habit, leadingSkip, '2026-01-03').best).toEqual([
      { start: '2026-01-02', end: '2026-01-03', length: 2 },
    ]);
    // A skipped today is neither done nor a break.
    expect(
      sut(habit, [...doneDays('2026-01-01', 2), log('2026-01-03', 'skipped')], '2026-01-03').current,
    ).toBe(2);
  });

  it('treats at_least progress short of the target as open today but as a miss on past days', () => {
    const numeric = buildHabit({ target: km });
    const today = [...doneDays('2026-01-01', 3, 5), log('2026-01-04', 'done', 2)];
    expect(sut(numeric, today, '2026-01-04').current).toBe(3);
    expect(sut(numeric, today, '2026-01-05')).toMatchObject({ current: 0, longest: 3 });
    const past = [
      log('2026-01-01', 'done', 6),
      log('2026-01-02', 'done', 2),
      log('2026-01-03', 'done', null),
    ];
    expect(sut(numeric, past, '2026-01-03')).toMatchObject({ current: 1, longest: 1 });
  });

  it('settles today as broken once an at_most amount goes over the limit', () => {
    const numeric = buildHabit({ target: coffees });
    const logs = [...doneDays('2026-01-01', 3, 0), log('2026-01-04', 'done', 3)];
    expect(sut(numeric, logs, '2026-01-04')).toMatchObject({ current: 0, longest: 3 });
  });

  it('walks through a leap day', () => {
    const leap = buildHabit({ startDate: '2028-02-01' });
    expect(sut(leap, doneDays('2028-02-28', 3), '2028-03-01').best).toEqual([
      { start: '2028-02-28', end: '2028-03-01', length: 3 },
    ]);
  });

  it('ignores logs before the start date and after asOf', () => {
    const late = buildHabit({ startDate: '2026-01-05' });
    expect(sut(late, doneDays('2026-01-01', 7), '2026-01-07').best).toEqual([
      { start: '2026-01-05', end: '2026-01-07', length: 3 },
    ]);
    expect(sut(habit, doneDays('2026-01-01', 10), '2026-01-05').best).toEqual([
      { start: '2026-01-01', end: '2026-01-05', length: 5 },
    ]);
    expect(sut(late, doneDays('2026-01-01', 4), '2026-01-04')).toMatchObject({
      current: 0,
      longest: 0,
      best: [],
    });
  });

  it('lists the best runs longest first, ties most recent first', () => {
    // Runs of 3, 5, 3 and the current 2, separated by missing days.
    const logs = [
      ...doneDays('2026-01-01', 3),
      ...doneDays('2026-01-05', 5),
      ...doneDays('2026-01-11', 3),
      ...doneDays('2026-01-15', 2),
    ];
    const s = sut(habit, logs, '2026-01-16');
    expect(s.current).toBe(2);
    expect(s.best.map((r) => `${r.start}..${r.end}:${r.length}`)).toEqual([
      '2026-01-05..2026-01-09:5',
      '2026-01-11..2026-01-13:3',
      '2026-01-01..2026-01-03:3',
      '2026-01-15..2026-01-16:2',
    ]);
    expect(sut(habit, logs, '2026-01-16', 2).best.map((r) => r.length)).toEqual([5, 3]);
    expect(sut(habit, logs, '2026-01-16', 0).best).toEqual([]);
  });

  it('handles 600 days of history', () => {
    const logs = doneDays('2026-01-01', 600).filter((_, i) => i !== 150 && i !== 420);
    const s = sut(habit, logs, plus('2026-01-01', 599));
    expect([s.current, s.longest]).toEqual([179, 269]);
    expect(s.best).toEqual([
      { start: plus('2026-01-01', 151), end: plus('2026-01-01', 419), length: 269 },
      { start: plus('2026-01-01', 421), end: plus('2026-01-01', 599), length: 179 },
      { start: '2026-01-01', end: plus('2026-01-01', 149), length: 150 },
    ]);
  });
});

describe('streaks of weekday and every-n-days habits', () => {
  // 2026-01-05 is a Monday.
  const mwf = buildHabit({
    schedule: { kind: 'weekdays', days: ['mon', 'wed', 'fri'] },
    startDate: '2026-01-05',
  });

  it('passes over non-due days and ignores logs on them', () => {
    const logs = ['2026-01-05', '2026-01-06', '2026-01-07', '2026-01-09', '2026-01-10', '2026-01-12'].map(
      (d) => log(d),
    );
    expect(sut(mwf, logs, '2026-01-13').best).toEqual([
      { start: '2026-01-05', end: '2026-01-12', length: 4 },
    ]);
  });

  it('breaks on a missing due day', () => {
    const logs = ['2026-01-05', '2026-01-09', '2026-01-12'].map((d) => log(d));
    const s = sut(mwf, logs, '2026-01-13');
    expect(s.current).toBe(2);
    expect(s.best).toEqual([
      { start: '2026-01-09', end: '2026-01-12', length: 2 },
      { start: '2026-01-05', end: '2026-01-05', length: 1 },
    ]);
  });

  it('counts every_n_days from the start date', () => {
    const every3 = buildHabit({ schedule: { kind: 'every_n_days', n: 3 }, startDate: '2026-01-02' });
    const onSchedule = ['2026-01-02', '2026-01-03', '2026-01-05', '2026-01-08'].map((d) => log(d));
    expect(sut(every3, onSchedule, '2026-01-10').best).toEqual([
      { start: '2026-01-02', end: '2026-01-08', length: 3 },
    ]);
    const offSchedule = ['2026-01-01', '2026-01-04', '2026-01-07', '2026-01-10'].map((d) => log(d));
    expect(sut(every3, offSchedule, '2026-01-10')).toMatchObject({ current: 0, longest: 0 });
  });

  it('passes over paused days, open-ended pauses too', () => {
    const paused = buildHabit({ pausedSpans: [{ from: '2026-01-04', to: '2026-01-06' }] });
    const logs = [...doneDays('2026-01-01', 3), ...doneDays('2026-01-07', 2)];
    expect(sut(paused, logs, '2026-01-08').best).toEqual([
      { start: '2026-01-01', end: '2026-01-08', length: 5 },
    ]);
    const stillPaused = buildHabit({ pausedSpans: [{ from: '2026-01-04', to: null }] });
    expect(sut(stillPaused, doneDays('2026-01-01', 3), '2026-01-20').current).toBe(3);
  });
});

describe('streaks of per_period habits', () => {
  const weekly = (overrides: Partial<HabitRules> = {}): HabitRules =>
    buildHabit({
      schedule: { kind: 'per_period', times: 3, period: 'week' },
      startDate: '2026-01-05',
      ...overrides,
    });
  const on = (...dates: string[]): DayLog[] => dates.map((d) => log(d));

  const fourWeeks = on(
    ...['2026-01-05', '2026-01-06', '2026-01-07'],
    ...['2026-01-12', '2026-01-14', '2026-01-16'],
    '2026-01-19',
    ...['2026-01-26', '2026-01-27', '2026-02-01'],
  );

  it('counts weeks that reached their count; the open week never breaks', () => {
    const s = sut(weekly(), [...fourWeeks, ...on('2026-02-02')], '2026-02-03');
    expect(s).toEqual({
      current: 1,
      longest: 2,
      unit: 'weeks',
      best: [
        { start: '2026-01-05', end: '2026-01-18', length: 2 },
        { start: '2026-01-26', end: '2026-02-01', length: 1 },
      ],
    });
  });

  it('adds the open week as soon as it reaches its count', () => {
    const s = sut(weekly(), [...fourWeeks, ...on('2026-02-02', '2026-02-03', '2026-02-04')], '2026-02-04');
    expect(s.current).toBe(2);
    expect(s.best[0]).toEqual({ start: '2026-01-26', end: '2026-02-04', length: 2 });
  });

  it('asks a partial first week for its share only', () => {
    // Starting on Friday leaves 3 of 7 days: ceil(3 * 3 / 7) = 2 done days are enough.
    const habit = weekly({ startDate: '2026-01-09' });
    const s = sut(
      habit,
      on('2026-01-09', '2026-01-10', '2026-01-12', '2026-01-13', '2026-01-14'),
      '2026-01-18',
    );
    expect(s.best).toEqual([{ start: '2026-01-09', end: '2026-01-18', length: 2 }]);
    expect(sut(habit, on('2026-01-09', '2026-01-12', '2026-01-13', '2026-01-14'), '2026-01-18').current).toBe(
      1,
    );
  });

  it('passes over a fully paused week, and lowers the count for skipped days', () => {
    const paused = weekly({ pausedSpans: [{ from: '2026-01-12', to: '2026-01-18' }] });
    const logs = on('2026-01-05', '2026-01-06', '2026-01-07', '2026-01-19', '2026-01-20', '2026-01-21');
    expect(sut(paused, logs, '2026-01-25').current).toBe(2);
    // Four skips leave 3 active days: ceil(3 * 3 / 7) = 2 done days are enough.
    const skips = ['2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08'].map((d) => log(d, 'skipped'));
    expect(sut(weekly(), [...skips, ...on('2026-01-09', '2026-01-10')], '2026-01-12').current).toBe(1);
  });

  it('counts calendar months, a leap February included', () => {
    const monthly = buildHabit({
      schedule: { kind: 'per_period', times: 2, period: 'month' },
      startDate: '2028-01-01',
    });
    const logs = on('2028-01-01', '2028-01-31', '2028-02-01', '2028-02-29', '2028-03-15');
    const s = sut(monthly, logs, '2028-04-10');
    expect(s).toMatchObject({ current: 0, longest: 2, unit: 'months' });
    expect(s.best).toEqual([{ start: '2028-01-01', end: '2028-02-29', length: 2 }]);
    // On 31 March, March is still open.
    expect(sut(monthly, logs, '2028-03-31').current).toBe(2);
  });
});

describe('streak properties', () => {
  /** Done due days; an at-most habit's due past days without a log were kept, so they count too. */
  function doneDueDays(s: { habit: HabitRules; logs: DayLog[]; asOf: string }): number {
    const perPeriod = s.habit.schedule.kind === 'per_period';
    const logged = s.logs.filter(
      (l) =>
        l.date >= s.habit.startDate &&
        l.date <= s.asOf &&
        isDoneLog(s.habit, l) &&
        (perPeriod ? !isPaused(s.habit, l.date) : isDue(s.habit, l.date)),
    ).length;
    if (s.habit.target?.direction !== 'at_most' || perPeriod) return logged;
    const kept = datesFrom(s.habit.startDate, s.asOf).filter(
      (date) => date < s.asOf && isDue(s.habit, date) && !s.logs.some((l) => l.date === date),
    ).length;
    return logged + kept;
  }

  it('never counts more than the done due days; longest >= current; best is sorted', () => {
    fc.assert(
      fc.property(scenarioArb(), (s) => {
        const r = sut(s.habit, s.logs, s.asOf, 100);
        const total = r.best.reduce((sum, run) => sum + run.length, 0);
        expect(total).toBeLessThanOrEqual(doneDueDays(s));
        expect(r.longest).toBeGreaterThanOrEqual(r.current);
        expect(r.best[0]?.length ?? 0).toBe(r.longest);
        for (let i = 1; i < r.best.length; i++)
          expect(r.best[i]!.length).toBeLessThanOrEqual(r.best[i - 1]!.length);
      }),
      { numRuns: 200 },
    );
  });

  it('never shortens when a miss becomes a skip', () => {
    fc.assert(
      fc.property(scenarioArb(), fc.nat(), (s, pick) => {
        const dates = datesFrom(BASE, s.asOf);
        const date = dates[pick % Math.max(1, dates.length)];
        if (date === undefined) return;
        const existing = s.logs.find((l) => l.date === date);
        if (existing !== undefined && isDoneLog(s.habit, existing)) return;
        // An at-most habit's day without a log was kept, not missed.
        if (existing === undefined && s.habit.target?.direction === 'at_most') return;
        const before = sut(s.habit, s.logs, s.asOf);
        const after = sut(s.habit, withLog(s, date, log(date, 'skipped')).logs, s.asOf);
        expect(after.current).toBeGreaterThanOrEqual(before.current);
        expect(after.longest).toBeGreaterThanOrEqual(before.longest);
      }),
      { numRuns: 200 },
    );
  });
});
