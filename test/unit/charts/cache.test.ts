/**
 * The cache port, its LRU implementation, the key, and the renderer's use of them.
 */
import {
  canonicalJson,
  chartCacheKey,
  createMemoryChartCache,
  type ChartCache,
} from '../../../src/charts/cache.js';
import type { DrawChart } from '../../../src/charts/draw.js';
import { createChartRenderer } from '../../../src/charts/index.js';
import { fixture } from './fixtures.js';

const png = (n: number, size = 10): Buffer => Buffer.alloc(size, n);

/** A draw function that counts its calls and returns a distinct buffer each time. */
function countingDraw(): { draw: DrawChart; calls: () => number } {
  let calls = 0;
  const draw: DrawChart = async () => {
    calls += 1;
    return png(calls);
  };
  return { draw, calls: () => calls };
}

describe('createMemoryChartCache', () => {
  it('evicts the least recently used entry past maxEntries', async () => {
    const sut = createMemoryChartCache({ maxEntries: 2 });
    await sut.set('a', png(1));
    await sut.set('b', png(2));
    await sut.get('a');
    await sut.set('c', png(3));
    expect(await sut.get('b')).toBeUndefined();
    expect(await sut.get('a')).toEqual(png(1));
    expect(await sut.get('c')).toEqual(png(3));
    expect(sut.entries).toBe(2);
  });

  it('evicts past maxBytes and keeps its byte count right on overwrite', async () => {
    const sut = createMemoryChartCache({ maxBytes: 25 });
    await sut.set('a', png(1));
    await sut.set('a', png(1, 12));
    await sut.set('b', png(2));
    expect(sut.bytes).toBe(22);
    await sut.set('c', png(3));
    expect(await sut.get('a')).toBeUndefined();
    expect(sut.bytes).toBe(20);
  });

  it('skips a chart bigger than the whole budget', async () => {
    const sut = createMemoryChartCache({ maxBytes: 5 });
    await sut.set('a', png(1));
    expect(sut.entries).toBe(0);
  });
});

describe('chartCacheKey', () => {
  it('ignores object key order and undefined fields', () => {
    expect(canonicalJson({ b: 1, a: [{ y: 2, x: 1 }], c: undefined })).toBe('{"a":[{"x":1,"y":2}],"b":1}');
    const input = fixture('weekly-bars');
    const reordered = { weeks: input.weeks, title: input.title };
    expect(chartCacheKey('weekly-bars', reordered, 1)).toBe(chartCacheKey('weekly-bars', input, 1));
  });

  it('differs by kind, scale and input', () => {
    const input = fixture('trend');
    const key = chartCacheKey('trend', input, 1);
    expect(chartCacheKey('trend', input, 2)).not.toBe(key);
    expect(chartCacheKey('weekly-bars', input, 1)).not.toBe(key);
    expect(chartCacheKey('trend', { ...input, title: 'Other' }, 1)).not.toBe(key);
  });
});

describe('createChartRenderer', () => {
  it('serves a repeated request from the cache: the same buffer, drawn once', async () => {
    const { draw, calls } = countingDraw();
    const sut = createChartRenderer({ draw });
    const first = await sut.render('trend', fixture('trend'), { scale: 1 });
    const second = await sut.render('trend', fixture('trend'), { scale: 1 });
    expect(second).toBe(first);
    expect(calls()).toBe(1);
    await sut.render('trend', fixture('trend'), { scale: 2 });
    expect(calls()).toBe(2);
  });

  it('draws concurrent identical requests once', async () => {
    const { draw, calls } = countingDraw();
    const sut = createChartRenderer({ draw });
    const results = await Promise.all([1, 2, 3].map(() => sut.render('group-week', fixture('group-week'))));
    expect(calls()).toBe(1);
    expect(results[1]).toBe(results[0]);
  });

  it('still renders when the cache fails, and reports it', async () => {
    const { draw, calls } = countingDraw();
    const failing: ChartCache = {
      get: () => Promise.reject(new Error('cache down')),
      set: () => Promise.reject(new Error('cache down')),
    };
    const errors: unknown[] = [];
    const sut = createChartRenderer({ cache: failing, draw, onCacheError: (e) => errors.push(e) });
    expect(await sut.render('weekly-bars', fixture('weekly-bars'))).toEqual(png(1));
    expect(calls()).toBe(1);
    expect(errors).toHaveLength(2);
  });

  it('renders real PNGs by default and defaults to scale 2', async () => {
    const sut = createChartRenderer();
    const result = await sut.render('habit-heatmap', fixture('habit-heatmap'));
    expect(result.readUInt32BE(16)).toBe(1600);
  });

  it('rejects an unknown kind or scale', async () => {
    const sut = createChartRenderer();
    await expect(sut.render('pie' as 'trend', fixture('trend'))).rejects.toThrow(RangeError);
    await expect(sut.render('trend', fixture('trend'), { scale: 3 as 1 })).rejects.toThrow(RangeError);
  });
});
