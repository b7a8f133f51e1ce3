import fc from 'fast-check';
import { scoreAt, scoreSeries as sut } from '../../../src/domain/score.js';
import type { DayLog, HabitRules, LocalDate, ScorePoint } from '../../../src/domain/types.js';
import { BASE, buildHabit, datesFrom, doneDays, log, plus, scenarioArb, withLog } from './builders.js';

/**
 * A deliberately naive reference: string dates, a Map of logs, and a fresh loop over the whole
 * window every day. It shares no code with the implementation.
 */
function reference(habit: HabitRules, logs: DayLog[], from: LocalDate, to: LocalDate): ScorePoint[] {
  const visible = logs.filter((l) => l.date <= to);
  const byDate = new Map(visible.map((l) => [l.date, l]));
  const first = [habit.startDate, ...visible.map((l) => l.date)].sort()[0]!;
  const s = habit.schedule;
  let [num, den] =
    s.kind === 'daily'
      ? [1, 1]
      : s.kind === 'weekdays'
        ? [new Set(s.days).size, 7]
        : s.kind === 'every_n_days'
          ? [1, s.n]
          : [s.times, s.period === 'week' ? 7 : 30];
  const freq = num / den;
  const t = habit.target;
  if (t === null && freq < 1) [num, den] = [num * 2, den * 2];
  const m = 0.5 ** (Math.sqrt(freq) / 13);
  const atMost = t?.direction === 'at_most';
  const paused = (d: LocalDate): boolean =>
    habit.pausedSpans.some((p) => d >= p.from && (p.to === null || d <= p.to));
  const held = (d: LocalDate): boolean => byDate.get(d)?.status === 'skipped' || paused(d);
  const value = (d: LocalDate): number => {
    const l = byDate.get(d);
    if (l === undefined || held(d)) return 0;
    if (t === null) return l.status === 'done' ? 1 : 0;
    if (l.amount !== null) return Math.max(0, l.amount);
    if (l.status === 'done') return atMost ? 0 : t.amount;
    return atMost && l.status === 'missed' ? 2 * t.amount : 0;
  };
  const days = datesFrom(first, to);
  const scores = new Map<LocalDate, number>();
  let prev = 0;
  days.forEach((d, i) => {
    if (!held(d)) {
      let sum = 0;
      for (let j = Math.max(0, i - den + 1); j <= i; j++) sum += value(days[j]!);
      let pc: number;
      if (t === null) pc = Math.min(1, sum / num);
      else if (atMost) pc = Math.min(1, Math.max(0, 1 - (sum - t.amount * num) / (t.amount * num)));
      else pc = Math.min(1, sum / (t.amount * num));
      prev = prev * m + pc * (1 - m);
    }
    scores.set(d, prev);
  });
  return datesFrom(from, to).map((date) => ({ date, score: scores.get(date) ?? 0 }));
}

/** Expected scores from a hand-written list of daily pc values (null = the day holds). */
function fromPcs(m: number, pcs: (number | null)[], start = 0): number[] {
  let prev = start;
  return pcs.map((pc) => (pc === null ? prev : (prev = prev * m + pc * (1 - m))));
}

function expectClose(actual: ScorePoint[], expected: number[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((p, i) => expect(Math.abs(p.score - expected[i]!)).toBeLessThan(1e-9));
}

describe('scoreSeries by hand', () => {
  it('scores a daily habit: 1 - m^k after k done days, decay on a miss, hold on a skip', () => {
    const m = 0.5 ** (1 / 13);
    const logs = [...doneDays('2026-01-01', 3), log('2026-01-05', 'skipped')];
    expectClose(sut(buildHabit(), logs, '2026-01-01', '2026-01-05'), [
      1 - m,
      1 - m ** 2,
      1 - m ** 3,
      (1 - m ** 3) * m,
      (1 - m ** 3) * m,
    ]);
  });

  it('doubles num and den of an every-3-days habit (2 done in the last 6 days = 100%)', () => {
    const m = 0.5 ** (Math.sqrt(1 / 3) / 13);
    const habit = buildHabit({ schedule: { kind: 'every_n_days', n: 3 } });
    const logs = [log('2026-01-01'), log('2026-01-04')];
    // Window sums over 6 days: 1,1,1,2,2,2,1,1 -> pc = sum / 2.
    expectClose(sut(habit, logs, '2026-01-01', '2026-01-08'), fromPcs(m, [0.5, 0.5, 0.5, 1, 1, 1, 0.5, 0.5]));
  });

  it('scores at_least amounts against the target; no amount on a done log means the target', () => {
    const m = 0.5 ** (1 / 13);
    const habit = buildHabit({ target: { amount: 5, unit: 'km', direction: 'at_least' } });
    const logs = [
      log('2026-01-01', 'done', 5),
      log('2026-01-02', 'done', 2.5),
      log('2026-01-03', 'done', null),
      log('2026-01-04', 'missed', null),
      log('2026-01-05', 'done', 10),
      log('2026-01-06', 'skipped', 7),
    ];
    expectClose(sut(habit, logs, '2026-01-01', '2026-01-06'), fromPcs(m, [1, 0.5, 1, 0, 1, null]));
  });

  it('scores at_most from 0 like any habit; a missed log without amount counts twice the limit', () => {
    const m = 0.5 ** (1 / 13);
    const habit = buildHabit({ target: { amount: 2, unit: 'coffees', direction: 'at_most' } });
    const logs = [
      log('2026-01-01', 'done', 1),
      log('2026-01-02', 'missed', 3),
      log('2026-01-03', 'missed', 4),
      log('2026-01-04', 'missed', null),
    ];
    // pc = clamp(1 - (sum - 2) / 2): 1.5 -> 1, 0.5, 0, 0; then no log: 1.
    expectClose(sut(habit, logs, '2026-01-01', '2026-01-05'), fromPcs(m, [1, 0.5, 0, 0, 1], 0));
  });

  it('holds on paused days', () => {
    const m = 0.5 ** (1 / 13);
    const habit = buildHabit({ pausedSpans: [{ from: '2026-01-02', to: '2026-01-03' }] });
    const logs = doneDays('2026-01-01', 4);
    expectClose(sut(habit, logs, '2026-01-01', '2026-01-04'), fromPcs(m, [1, null, null, 1]));
  });

  it('sums a numeric weekday habit over the last den days against the daily target times num', () => {
    const m = 0.5 ** (Math.sqrt(3 / 7) / 13);
    const habit = buildHabit({
      schedule: { kind: 'weekdays', days: ['mon', 'wed', 'fri'] },
      target: { amount: 5, unit: 'km', direction: 'at_least' },
      startDate: '2026-01-05',
    });
    const logs = [log('2026-01-05', 'done', 2), log('2026-01-07', 'done', 2), log('2026-01-09', 'done', 2)];
    // The window sum (2, 2, 4, 4, 6 km) against 3 due days × 5 km, no doubling.
    expectClose(
      sut(habit, logs, '2026-01-05', '2026-01-09'),
      fromPcs(m, [2 / 15, 2 / 15, 4 / 15, 4 / 15, 6 / 15]),
    );
  });

  it('scores 0 before the first day and starts at a log that precedes the start date', () => {
    const m = 0.5 ** (1 / 13);
    const habit = buildHabit({ startDate: '2026-01-03' });
    expectClose(sut(habit, [log('2026-01-02')], '2025-12-31', '2026-01-03'), [0, 0, 1 - m, (1 - m) * m]);
    const atMost = buildHabit({ target: { amount: 2, unit: 'coffees', direction: 'at_most' } });
    expectClose(sut(atMost, [], '2025-12-31', '2026-01-01'), [0, 1 - 0.5 ** (1 / 13)]);
  });

  it('ignores logs after `to`, and scoreAt agrees with the series', () => {
    const logs = doneDays('2026-01-01', 10);
    const series = sut(buildHabit(), logs, '2026-01-01', '2026-01-05');
    expect(series.map((p) => p.date)).toEqual(datesFrom('2026-01-01', '2026-01-05'));
    expect(scoreAt(buildHabit(), logs, '2026-01-05')).toBe(series[4]!.score);
    expect(scoreAt(buildHabit(), logs, '2025-12-01')).toBe(0);
    expect(sut(buildHabit(), logs, '2026-01-05', '2026-01-04')).toEqual([]);
  });

  it('matches the reference over 600 days of a per_period habit', () => {
    const habit = buildHabit({ schedule: { kind: 'per_period', times: 3, period: 'month' } });
    const logs = doneDays(BASE, 600).filter((_, i) => i % 11 === 0 || i % 17 === 0);
    const to = plus(BASE, 599);
    expectClose(
      sut(habit, logs, BASE, to),
      reference(habit, logs, BASE, to).map((p) => p.score),
    );
  });
});

describe('scoreSeries properties', () => {
  it('matches the naive reference to 1e-9 across random histories', () => {
    fc.assert(
      fc.property(scenarioArb(), fc.integer({ min: -5, max: 40 }), (s, back) => {
        const from = plus(BASE, -back);
        if (from > s.asOf) return;
        expectClose(
          sut(s.habit, s.logs, from, s.asOf),
          reference(s.habit, s.logs, from, s.asOf).map((p) => p.score),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('stays within [0, 1]', () => {
    fc.assert(
      fc.property(scenarioArb(), (s) => {
        for (const p of sut(s.habit, s.logs, BASE, s.asOf)) {
          expect(p.score).toBeGreaterThanOrEqual(0);
          expect(p.score).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('never drops on the day a done log is added', () => {
    fc.assert(
      fc.property(
        scenarioArb(),
        fc.nat(),
        fc.option(fc.integer({ min: 0, max: 12 }), { nil: null }),
        (s, pick, amount) => {
          // At_most habits only when daily: a logged amount there is consumption over a longer window.
          if (s.habit.target?.direction === 'at_most' && s.habit.schedule.kind !== 'daily') return;
          const dates = datesFrom(plus(BASE, -3), s.asOf).filter((d) => !s.logs.some((l) => l.date === d));
          const date = dates[pick % Math.max(1, dates.length)];
          if (date === undefined) return;
          const amountForHabit =
            s.habit.target?.direction === 'at_most' ? Math.min(amount ?? 0, s.habit.target.amount) : amount;
          const after = withLog(s, date, log(date, 'done', amountForHabit));
          const [before] = sut(s.habit, s.logs, date, date);
          const [added] = sut(s.habit, after.logs, date, date);
          expect(added!.score).toBeGreaterThanOrEqual(before!.score - 1e-12);
        },
      ),
      { numRuns: 200 },
    );
  });
});
