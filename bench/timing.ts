/** Small timing helpers shared by the benchmark modules. */

/** The q-quantile (0..1) of samples, by the nearest-rank method; NaN when there are none. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

/** Milliseconds rounded to a hundredth, which is all the precision these timings carry. */
export function ms(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Times one async call with performance.now(), in milliseconds. */
export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** One budget and whether this run kept it. */
export interface BudgetCheck {
  name: string;
  valueMs: number;
  limitMs: number;
  ok: boolean;
}

/** A budget check of `value` against `limit` (strictly under). */
export function budget(name: string, value: number, limit: number): BudgetCheck {
  return { name, valueMs: ms(value), limitMs: limit, ok: value < limit };
}
