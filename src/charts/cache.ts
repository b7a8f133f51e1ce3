/**
 * The chart cache port and its in-memory implementation. Identical requests (the same kind, input
 * and scale) are common: a `stats` reply and a re-posted review ask for the same picture, and a
 * PNG costs tens of milliseconds to draw. The port is async so a shared Redis cache can replace
 * the in-process one when Stride runs as several processes, without touching the renderer.
 */
import { createHash } from 'node:crypto';
import type { ChartKind, ChartScale } from './types.js';

/**
 * Bumped whenever any chart's drawing changes, so a shared cache that outlives a deploy never
 * serves the old look under the new code.
 */
export const CHART_STYLE_VERSION = 1;

/** Where rendered PNGs are kept by key. Buffers handed out must be treated as read-only. */
export interface ChartCache {
  get(key: string): Promise<Buffer | undefined>;
  set(key: string, png: Buffer): Promise<void>;
}

/** Limits of the in-memory cache; the first one reached evicts the least recently used charts. */
export interface MemoryChartCacheOptions {
  /** Defaults to 500 charts. */
  maxEntries?: number;
  /** Defaults to 64 MiB of PNG bytes (a 2x chart is 30-80 KB). */
  maxBytes?: number;
}

/** The in-memory cache, with its size exposed for tests and metrics. */
export interface MemoryChartCache extends ChartCache {
  readonly entries: number;
  readonly bytes: number;
}

/**
 * An in-process LRU cache. A Map keeps insertion order, so re-inserting on every hit makes its
 * first key the least recently used one: eviction is O(1) with no list to maintain.
 */
export function createMemoryChartCache(options: MemoryChartCacheOptions = {}): MemoryChartCache {
  const maxEntries = options.maxEntries ?? 500;
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  const store = new Map<string, Buffer>();
  let bytes = 0;
  const remove = (key: string): void => {
    const png = store.get(key);
    if (png === undefined) return;
    bytes -= png.length;
    store.delete(key);
  };
  return {
    get entries() {
      return store.size;
    },
    get bytes() {
      return bytes;
    },
    async get(key) {
      const png = store.get(key);
      if (png === undefined) return undefined;
      store.delete(key);
      store.set(key, png);
      return png;
    },
    async set(key, png) {
      remove(key);
      // A single chart larger than the whole budget is not worth evicting everything for.
      if (png.length > maxBytes) return;
      store.set(key, png);
      bytes += png.length;
      for (const oldest of store.keys()) {
        if (store.size <= maxEntries && bytes <= maxBytes) break;
        remove(oldest);
      }
    },
  };
}

/** JSON with object keys sorted at every level, so equal inputs built in any key order hash alike. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const fields = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
    return `{${fields.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The cache key of one chart: a SHA-256 of the style version, kind, scale and canonical input. */
export function chartCacheKey(kind: ChartKind, input: unknown, scale: ChartScale): string {
  const digest = createHash('sha256')
    .update(`${CHART_STYLE_VERSION}\n${kind}\n${scale}\n${canonicalJson(input)}`)
    .digest('hex');
  return `chart:v${CHART_STYLE_VERSION}:${kind}:${digest}`;
}
