/**
 * Chart rendering benchmark (DESIGN.md section 5, issue 4): for each chart kind and scale, the
 * render time over many cache misses (each input differs a little, as real histories do) and the
 * time of a cache hit. Inputs are built before timing, so only `render` is measured.
 */
import { createChartRenderer, type ChartKind, type ChartScale } from '../src/charts/index.js';
import { CHART_KINDS } from '../src/charts/types.js';
import { fixture } from '../test/unit/charts/fixtures.js';
import { budget, ms, quantile, timed, type BudgetCheck } from './timing.js';

/** Timings of one chart kind at one scale. */
export interface ChartBench {
  p50Ms: number;
  p95Ms: number;
  /** Median time of a render served from the in-memory cache. */
  cachedMs: number;
  /** Uncached renders measured (after warm-up). */
  renders: number;
}

/** How much to run; the defaults are what `npm run bench` uses. */
export interface ChartBenchOptions {
  renders?: number;
  warmup?: number;
  cacheHits?: number;
  scales?: readonly ChartScale[];
}

/** Budgets from DESIGN.md section 5 and issue 4. */
export const CHART_BUDGETS = { heatmapP50Ms: 40, cachedMs: 1 } as const;

const HEATMAPS: readonly ChartKind[] = ['habit-heatmap', 'all-habits-heatmap'];

/** Benchmarks every chart kind at every scale; results are keyed `kind@<scale>x`. */
export async function benchCharts(options: ChartBenchOptions = {}): Promise<Record<string, ChartBench>> {
  const { renders = 50, warmup = 5, cacheHits = 200, scales = [1, 2] } = options;
  const results: Record<string, ChartBench> = {};
  for (const scale of scales) {
    for (const kind of CHART_KINDS) {
      const renderer = createChartRenderer();
      // Seed 1 is the golden fixture; every other seed is a slightly different history.
      const inputs = Array.from({ length: warmup + renders }, (_, i) => fixture(kind, i + 2));
      const samples: number[] = [];
      for (const [i, input] of inputs.entries()) {
        const elapsed = await timed(() => renderer.render(kind, input, { scale }));
        if (i >= warmup) samples.push(elapsed);
      }
      const hit = inputs[0]!;
      const hits: number[] = [];
      for (let i = 0; i < cacheHits; i++) hits.push(await timed(() => renderer.render(kind, hit, { scale })));
      results[`${kind}@${scale}x`] = {
        p50Ms: ms(quantile(samples, 0.5)),
        p95Ms: ms(quantile(samples, 0.95)),
        cachedMs: ms(quantile(hits, 0.5)),
        renders: samples.length,
      };
    }
  }
  return results;
}

/** The budget checks for a run: heatmap p50 under 40 ms and a cache hit under 1 ms, at every scale. */
export function chartBudgets(results: Record<string, ChartBench>): BudgetCheck[] {
  const checks: BudgetCheck[] = [];
  for (const [name, result] of Object.entries(results)) {
    if (HEATMAPS.some((kind) => name.startsWith(`${kind}@`))) {
      checks.push(budget(`${name} p50`, result.p50Ms, CHART_BUDGETS.heatmapP50Ms));
    }
    checks.push(budget(`${name} cached`, result.cachedMs, CHART_BUDGETS.cachedMs));
  }
  return checks;
}
