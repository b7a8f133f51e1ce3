/**
 * The miss forecast (src/domain/forecast.ts) against numbers worked out by hand from its formula:
 * overall = (missed56 + 1) / (due56 + 2), base = (missed + 2 * overall) / (samples + 2),
 * trend = clamp(adherence56 - adherence14, ±0.15), probability = clamp(base + trend, 0.02, 0.98).
 */
import { missForecast } from '../../../src/domain/forecast.js';
import type { DayLog, LocalDate, LogStatus } from '../../../src/domain/types.js';
import { buildHabit, datesFrom, log, plus } from './builders.js';

// 2026-03-04 is a Wednesday; its window of 8 weeks runs from 2026-01-08, a Thursday.
const TODAY = '2026-03-04';
const TOMORROW = '2026-03-05';
const THURSDAYS = [
  '2026-01-08',
  '2026-01-15',
  '2026-01-22',
  '2026-01-29',
  '2026-02-05',
  '2026-02-12',
  '2026-02-19',
  '2026-02-26',
];

/** Done on every day from `from` through `to`, except the days given another status (or none, with null). */
function history(from: LocalDate, to: LocalDate, except: Record<LocalDate, LogStatus | null> = {}): DayLog[] {
  return datesFrom(from, to).flatMap((date) => {
    const status = date in except ? except[date]! : 'done';
    return status === null ? [] : [log(date, status)];
  });
}

describe('missForecast', () => {
  const daily = buildHabit({ startDate: '2025-12-01' });

  it('weighs the same weekday, pulled towards the whole record, plus the trend', () => {
    // Four older Thursdays skipped (excused); of the last four, three missed, two of them in the
    // last 14 days. Everything else done.
    const logs = history('2025-12-01', TODAY, {
      '2026-01-08': 'skipped',
      '2026-01-15': 'skipped',
      '2026-01-22': 'skipped',
      '2026-01-29': 'skipped',
      '2026-02-12': 'missed',
      '2026-02-19': null,
      '2026-02-26': 'missed',
    });
    const forecast = missForecast(daily, logs, TODAY)!;
    // due56 = 56 - 4 skipped = 52, missed56 = 3: overall = 4/54; base = (3 + 8/54) / 6 = 170/324.
    // adherence14 = 12/14, adherence56 = 49/52: trend = 49/52 - 12/14.
    const base = 170 / 324;
    const trend = 49 / 52 - 12 / 14;
    expect(forecast).toEqual({
      date: TOMORROW,
      probability: expect.closeTo(base + trend, 10),
      missedSameWeekday: 3,
      sameWeekdaySamples: 4,
      weekday: 'thu',
      adherence14: expect.closeTo(12 / 14, 10),
      adherence56: expect.closeTo(49 / 52, 10),
      trend: expect.closeTo(trend, 10),
      reason:
        'missed 3 of the last 4 Thursdays, and slipping (86% done in the last 2 weeks against 94% over 8)',
    });
    expect(forecast.probability).toBeCloseTo(0.6099, 4);
  });

  it('does not read one missed day as certainty', () => {
    // Started last Thursday, which was missed; the six days since were done.
    const habit = buildHabit({ startDate: '2026-02-26' });
    const forecast = missForecast(habit, history('2026-02-27', TODAY), TODAY)!;
    // due56 = 7, missed56 = 1: overall = 2/9; base = (1 + 4/9) / 3 = 13/27; no trend (6/7 both).
    expect(forecast.probability).toBeCloseTo(13 / 27, 10);
    expect(forecast).toMatchObject({ missedSameWeekday: 1, sameWeekdaySamples: 1, trend: 0 });
    expect(forecast.reason).toBe('missed the one Thursday on record');
  });

  it('reads 50% for a habit with no record', () => {
    const habit = buildHabit({ startDate: TOMORROW });
    expect(missForecast(habit, [], TODAY)).toEqual({
      date: TOMORROW,
      probability: 0.5,
      missedSameWeekday: 0,
      sameWeekdaySamples: 0,
      weekday: 'thu',
      adherence14: null,
      adherence56: null,
      trend: 0,
      reason: 'no Thursday on record yet',
    });
  });

  it('bounds the trend at 15 points', () => {
    // Done until 14 days ago, nothing since (today settled by a missed log).
    const logs = history('2025-12-01', plus(TODAY, -14), {});
    logs.push(log(TODAY, 'missed'));
    const forecast = missForecast(daily, logs, TODAY)!;
    // due56 = 56, missed56 = 14: overall = 15/58; Thursdays missed: Feb 19 and 26 of 8.
    // base = (2 + 30/58) / 10; adherence 0 against 42/56 = 0.75, so the trend is capped at 0.15.
    expect(forecast.trend).toBe(0.15);
    expect(forecast.probability).toBeCloseTo((2 + 30 / 58) / 10 + 0.15, 10);
    expect(forecast.reason).toBe(
      'missed 2 of the last 8 Thursdays, and slipping (0% done in the last 2 weeks against 75% over 8)',
    );
  });

  it('lowers the chance when the last two weeks went better, and never claims certainty', () => {
    // Missed everything until 14 days ago, done since: a better fortnight takes 15 points off.
    const better = history(plus(TODAY, -13), TODAY);
    const up = missForecast(daily, better, TODAY)!;
    // due56 = 56, missed56 = 42: overall = 43/58; Thursdays: 6 of 8 missed.
    expect(up.trend).toBe(-0.15);
    expect(up.probability).toBeCloseTo((6 + 86 / 58) / 10 - 0.15, 10);
    expect(up.reason).toBe(
      'missed 6 of the last 8 Thursdays, though picking up (100% done in the last 2 weeks against 25% over 8)',
    );
    // Never logged at all: every day missed, capped at 98%.
    expect(missForecast(daily, [], TODAY)!.probability).toBe(0.98);
  });

  it('leaves an open today out of the samples', () => {
    // A Thursday-only habit on Thursday 2026-02-26 with nothing logged yet: next is March 5.
    const thursdays = buildHabit({ schedule: { kind: 'weekdays', days: ['thu'] }, startDate: '2026-01-01' });
    const logs = THURSDAYS.slice(0, 7).map((date) => log(date, 'missed'));
    const forecast = missForecast(thursdays, logs, '2026-02-26')!;
    expect(forecast.date).toBe('2026-03-05');
    // The window 2026-01-02..2026-02-26 holds 8 Thursdays; the 26th is open, so 7 samples, all missed.
    expect(forecast).toMatchObject({ missedSameWeekday: 7, sameWeekdaySamples: 7 });
  });

  it('finds the next due day by the schedule, past pauses and the start date', () => {
    const monThu = buildHabit({ schedule: { kind: 'weekdays', days: ['mon', 'thu'] } });
    expect(missForecast(monThu, [], TODAY)!.date).toBe(TOMORROW);
    expect(missForecast(monThu, [], TOMORROW)!.date).toBe('2026-03-09');
    const pausedThursday = { ...monThu, pausedSpans: [{ from: '2026-03-05', to: '2026-03-08' }] };
    expect(missForecast(pausedThursday, [], TODAY)).toMatchObject({ date: '2026-03-09', weekday: 'mon' });
    const every3 = buildHabit({ schedule: { kind: 'every_n_days', n: 3 }, startDate: '2026-03-01' });
    expect(missForecast(every3, [], TODAY)!.date).toBe('2026-03-07');
    const later = buildHabit({ startDate: '2026-03-20' });
    expect(missForecast(later, [], TODAY)!.date).toBe('2026-03-20');
  });

  it('has no forecast for per-period habits or an open-ended pause', () => {
    const weekly = buildHabit({ schedule: { kind: 'per_period', times: 3, period: 'week' } });
    expect(missForecast(weekly, [], TODAY)).toBeNull();
    const stopped = buildHabit({ pausedSpans: [{ from: '2026-03-01', to: null }] });
    expect(missForecast(stopped, [], TODAY)).toBeNull();
  });

  it('counts an every-N-days rule from the day it took effect', () => {
    const edited = buildHabit({
      schedule: { kind: 'every_n_days', n: 4 },
      startDate: '2026-01-01',
      history: [{ until: '2026-03-01', schedule: { kind: 'daily' }, target: null }],
    });
    // In force from 2026-03-02: due then, and every 4 days after it.
    expect(missForecast(edited, [], TODAY)!.date).toBe('2026-03-06');
  });

  it("reads an at-most habit's unlogged past days as kept, and a day over the limit as missed", () => {
    const coffee = buildHabit({
      startDate: '2025-12-01',
      target: { amount: 3, unit: 'cups', direction: 'at_most' },
    });
    // Nothing logged: 55 settled days kept (today is open), 8 Thursdays kept:
    // (0 + 2 * 1/57) / 10 is under the floor.
    expect(missForecast(coffee, [], TODAY)!.probability).toBe(0.02);
    // Five cups on Thursday 2026-02-26: overall 2/57, base (1 + 4/57) / 10; adherence 12/13
    // (today open) against 54/55.
    const over = missForecast(coffee, [log('2026-02-26', 'done', 5)], TODAY)!;
    expect(over.probability).toBeCloseTo((1 + 4 / 57) / 10 + (54 / 55 - 12 / 13), 10);
    expect(over.reason).toBe(
      'missed 1 of the last 8 Thursdays, and slipping (92% done in the last 2 weeks against 98% over 8)',
    );
  });
});
