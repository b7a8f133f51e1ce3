/**
 * Stride's chart images. One entry point, `createChartRenderer().render(kind, input, { scale })`,
 * turns plain data into a PNG; identical requests are answered from a cache. Commands and REST
 * routes call this and never a single chart module, so caching and validation apply everywhere.
 */
import { chartCacheKey, createMemoryChartCache, type ChartCache } from './cache.js';
import { drawChart, type DrawChart } from './draw.js';
import {
  CHART_KINDS,
  type ChartInputs,
  type ChartKind,
  type ChartScale,
  type RenderOptions,
} from './types.js';

// Callers import everything chart-related from here; each item is documented where it is defined.
export type * from './types.js';
export { CHART_KINDS } from './types.js';
export { CHART_SIZES, type DrawChart } from './draw.js';
export {
  CHART_STYLE_VERSION,
  chartCacheKey,
  createMemoryChartCache,
  type ChartCache,
  type MemoryChartCache,
  type MemoryChartCacheOptions,
} from './cache.js';

/** The scale used when a caller gives none: 2x, since chat clients show images on high-density screens. */
export const DEFAULT_CHART_SCALE: ChartScale = 2;

/** Renders charts to PNG, through the cache. */
export interface ChartRenderer {
  /** The PNG of `kind` drawn from `input`; the same request always gives the same bytes. Treat the Buffer as read-only (it may be shared through the cache). */
  render<K extends ChartKind>(kind: K, input: ChartInputs[K], options?: RenderOptions): Promise<Buffer>;
}

/** What the renderer is built from; every field is optional. */
export interface ChartRendererDeps {
  /** Defaults to a fresh in-memory LRU cache. */
  cache?: ChartCache;
  /** The uncached drawing function; tests and instrumentation wrap it, everyone else leaves it out. */
  draw?: DrawChart;
  /** Told when the cache fails; the chart is then drawn (or not stored) and the request still succeeds. */
  onCacheError?: (error: unknown) => void;
}

/**
 * Creates a chart renderer. Concurrent identical requests share one drawing (a review posted to
 * several channels at once draws its chart once), and a failing cache (say, Redis down) degrades to
 * drawing every time instead of failing the reply.
 */
export function createChartRenderer(deps: ChartRendererDeps = {}): ChartRenderer {
  const cache = deps.cache ?? createMemoryChartCache();
  const draw = deps.draw ?? drawChart;
  const report = deps.onCacheError ?? (() => {});
  const inFlight = new Map<string, Promise<Buffer>>();

  async function renderThrough<K extends ChartKind>(
    key: string,
    kind: K,
    input: ChartInputs[K],
    scale: ChartScale,
  ): Promise<Buffer> {
    try {
      const cached = await cache.get(key);
      if (cached) return cached;
    } catch (error) {
      report(error);
    }
    const png = await draw(kind, input, scale);
    try {
      await cache.set(key, png);
    } catch (error) {
      report(error);
    }
    return png;
  }

  return {
    async render(kind, input, options = {}) {
      if (!(CHART_KINDS as readonly string[]).includes(kind))
        throw new RangeError(`unknown chart kind: ${String(kind)}`);
      const scale = options.scale ?? DEFAULT_CHART_SCALE;
      if (scale !== 1 && scale !== 2)
        throw new RangeError(`chart scale must be 1 or 2, not ${String(scale)}`);
      const key = chartCacheKey(kind, input, scale);
      const pending = inFlight.get(key);
      if (pending) return pending;
      const promise = renderThrough(key, kind, input, scale).finally(() => inFlight.delete(key));
      inFlight.set(key, promise);
      return promise;
    },
  };
}
