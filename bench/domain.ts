/**
 * Domain rules benchmark (DESIGN.md section 5): stats for one habit over ten years of daily history
 * must cost a few milliseconds, since every stats answer and dashboard computes them.
 */
import { addDays } from '../src/domain/dates.js';
import { habitStats, scoreSeries } from '../src/domain/index.js';
import type { DayLog, HabitRules } from '../src/domain/types.js';
import { budget, ms, quantile, type BudgetCheck } from './timing.js';

const TEN_YEARS = 3650;
const START = '2016-11-23';
const AS_OF = addDays(START, TEN_YEARS - 1);

export interface DomainBench {
  days: number;
  habitStatsP50Ms: number;
  habitStatsP95Ms: number;
  scoreSeriesP50Ms: number;
}

function history(): DayLog[] {
  const statuses = ['done', 'done', 'done', 'skipped', 'done', 'missed', 'done'] as const;
  return Array.from({ length: TEN_YEARS }, (_, i) => ({
    date: addDays(START, i),
    status: statuses[(i * 5) % statuses.length]!,
    amount: null,
  }));
}

function sample(fn: () => unknown, runs: number): number[] {
  for (let i = 0; i < 20; i++) fn(); // warm-up: let the JIT settle
  return Array.from({ length: runs }, () => {
    const start = performance.now();
    fn();
    return performance.now() - start;
  });
}

/** Times habitStats and a full score series over ten years of daily logs. */
export async function benchDomain(runs = 200): Promise<DomainBench> {
  const habit: HabitRules = {
    schedule: { kind: 'daily' },
    target: null,
    startDate: START,
    pausedSpans: [],
    difficulty: 'medium',
  };
  const logs = history();
  const stats = sample(() => habitStats(habit, logs, AS_OF), runs);
  const series = sample(() => scoreSeries(habit, logs, START, AS_OF), runs);
  return {
    days: TEN_YEARS,
    habitStatsP50Ms: ms(quantile(stats, 0.5)),
    habitStatsP95Ms: ms(quantile(stats, 0.95)),
    scoreSeriesP50Ms: ms(quantile(series, 0.5)),
  };
}

/** "Ten years of daily history computes in a few milliseconds": p95 under 5 ms. */
export function domainBudgets(results: DomainBench): BudgetCheck[] {
  return [budget('habitStats over ten years, p95', results.habitStatsP95Ms, 5)];
}
