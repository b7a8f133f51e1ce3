/**
 * Test data for the domain rules: builders with overrides, and fast-check arbitraries of habits
 * with random histories. Dates are computed here with Date.UTC, independently of src/domain/dates.
 */
import fc from 'fast-check';
import type { DayLog, HabitRules, LocalDate, LogStatus, Schedule } from '../../../src/domain/types.js';
import { WEEKDAYS } from '../../../src/domain/types.js';

/** A daily boolean habit starting 2026-01-01, unless overridden. */
export function buildHabit(overrides: Partial<HabitRules> = {}): HabitRules {
  return {
    schedule: { kind: 'daily' },
    target: null,
    startDate: '2026-01-01',
    pausedSpans: [],
    difficulty: 'medium',
    ...overrides,
  };
}

export function log(date: LocalDate, status: LogStatus = 'done', amount: number | null = null): DayLog {
  return { date, status, amount };
}

/** `date` shifted by `n` days, computed with Date.UTC. */
export function plus(date: LocalDate, n: number): LocalDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** Every date from `from` through `to`. */
export function datesFrom(from: LocalDate, to: LocalDate): LocalDate[] {
  const out: LocalDate[] = [];
  for (let d = from; d <= to; d = plus(d, 1)) out.push(d);
  return out;
}

/** Done logs on each of `count` days from `from`. */
export function doneDays(from: LocalDate, count: number, amount: number | null = null): DayLog[] {
  return Array.from({ length: count }, (_, i) => log(plus(from, i), 'done', amount));
}

export const BASE = '2026-01-01';

export const scheduleArb: fc.Arbitrary<Schedule> = fc.oneof(
  fc.constant<Schedule>({ kind: 'daily' }),
  fc.subarray([...WEEKDAYS], { minLength: 1 }).map((days): Schedule => ({ kind: 'weekdays', days })),
  fc.integer({ min: 1, max: 9 }).map((n): Schedule => ({ kind: 'every_n_days', n })),
  fc
    .record({
      times: fc.integer({ min: 1, max: 7 }),
      period: fc.constantFrom('week' as const, 'month' as const),
    })
    .map((p): Schedule => ({ kind: 'per_period', ...p })),
);

const entryArb = fc.option(
  fc.record({
    status: fc.constantFrom<LogStatus>('done', 'done', 'done', 'skipped', 'missed'),
    amount: fc.option(fc.integer({ min: 0, max: 12 }), { nil: null }),
  }),
  { nil: null, freq: 3 },
);

export interface Scenario {
  habit: HabitRules;
  logs: DayLog[];
  asOf: LocalDate;
}

/**
 * A habit starting up to 20 days after BASE, with a history of up to `maxDays` days from BASE
 * (so some logs precede the start), random paused spans, and asOf anywhere from BASE to a few days
 * past the last log (so some logs may lie after it).
 */
export function scenarioArb(options: { numeric?: boolean; maxDays?: number } = {}): fc.Arbitrary<Scenario> {
  const targetArb =
    options.numeric === false
      ? fc.constant(null)
      : fc.option(
          fc.record({
            amount: fc.integer({ min: 1, max: 8 }),
            unit: fc.constant('km'),
            direction: fc.constantFrom('at_least' as const, 'at_most' as const),
          }),
          { nil: null },
        );
  const spanArb = fc.record({
    from: fc.integer({ min: 0, max: 150 }),
    length: fc.integer({ min: 1, max: 20 }),
    open: fc.boolean(),
  });
  return fc
    .record({
      schedule: scheduleArb,
      target: targetArb,
      startOffset: fc.integer({ min: 0, max: 20 }),
      entries: fc.array(entryArb, { minLength: 1, maxLength: options.maxDays ?? 150 }),
      spans: fc.array(spanArb, { maxLength: 2 }),
      asOfShift: fc.integer({ min: -10, max: 3 }),
      difficulty: fc.constantFrom('easy' as const, 'medium' as const, 'hard' as const),
    })
    .map(({ schedule, target, startOffset, entries, spans, asOfShift, difficulty }) => {
      const logs: DayLog[] = [];
      entries.forEach((e, i) => {
        if (e !== null) logs.push(log(plus(BASE, i), e.status, e.amount));
      });
      const habit = buildHabit({
        schedule,
        target,
        difficulty,
        startDate: plus(BASE, startOffset),
        pausedSpans: spans.map((s) => ({
          from: plus(BASE, s.from),
          to: s.open ? null : plus(BASE, s.from + s.length - 1),
        })),
      });
      return { habit, logs, asOf: plus(BASE, Math.max(0, entries.length - 1 + asOfShift)) };
    });
}

/** The scenario with the log on `date` replaced (or removed, with null). */
export function withLog(s: Scenario, date: LocalDate, replacement: DayLog | null): Scenario {
  const logs = s.logs.filter((l) => l.date !== date);
  if (replacement !== null) logs.push(replacement);
  return { ...s, logs };
}
