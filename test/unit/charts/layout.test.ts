/**
 * The pure rules behind the pictures: calendar arithmetic, the heatmap grid, binning, sorting,
 * summaries and text fitting. Cheaper to pin here than to read off a golden image.
 */
import { shareBin } from '../../../src/charts/all-habits-heatmap.js';
import { formatDay, parseDay, shortDate, weekdayIndex } from '../../../src/charts/dates.js';
import { formatAmount, goalSummary } from '../../../src/charts/goal-progress.js';
import { sortMembers } from '../../../src/charts/group-week.js';
import { createCanvas } from '@napi-rs/canvas';
import {
  habitCellPainter,
  habitHeatmapWeeks,
  legendStatuses,
  statusByDay,
} from '../../../src/charts/habit-heatmap.js';
import {
  HEATMAP_WEEKS,
  MIN_HEATMAP_WEEKS,
  firstGridDay,
  heatmapWeeks,
  monthLabels,
} from '../../../src/charts/heatmap-grid.js';
import type { HeatmapDayStatus } from '../../../src/charts/types.js';
import { fitText, font, measure } from '../../../src/charts/theme.js';
import { goalProgress } from './fixtures.js';

describe('dates', () => {
  it('round-trips days and knows weekdays', () => {
    expect(formatDay(parseDay('2024-02-29'))).toBe('2024-02-29');
    expect(weekdayIndex(parseDay('2026-11-16'))).toBe(0); // a Monday
    expect(weekdayIndex(parseDay('2026-11-22'))).toBe(6); // a Sunday
    expect(shortDate(parseDay('2026-03-01'))).toBe('Mar 1');
  });

  it.each(['2026-13-01', '2026-02-29', '26-01-01', '2026-1-1', ''])('rejects %p', (value) => {
    expect(() => parseDay(value)).toThrow(RangeError);
  });
});

describe('heatmap grid', () => {
  const today = parseDay('2026-11-20');

  it('starts on a Monday 52 weeks before the current week and ends with it', () => {
    const first = firstGridDay(today);
    expect(weekdayIndex(first)).toBe(0);
    expect(formatDay(first)).toBe('2025-11-17');
    expect(first + HEATMAP_WEEKS * 7 - 1).toBe(parseDay('2026-11-22'));
  });

  it('labels each month once, at least three columns apart', () => {
    const labels = monthLabels(today);
    expect(labels.map(([, name]) => name)).toEqual([
      'Dec',
      'Jan',
      'Feb',
      'Mar',
      'Apr',
      'May',
      'Jun',
      'Jul',
      'Aug',
      'Sep',
      'Oct',
      'Nov',
    ]);
    for (let i = 1; i < labels.length; i++)
      expect(labels[i]![0] - labels[i - 1]![0]).toBeGreaterThanOrEqual(3);
  });

  it('labels the opening partial month when there is room', () => {
    expect(monthLabels(parseDay('2026-12-08')).slice(0, 2)).toEqual([
      [0, 'Dec'],
      [3, 'Jan'],
    ]);
    expect(monthLabels(parseDay('2026-12-15'))[0]).toEqual([2, 'Jan']);
  });

  it('fills unlisted days: before today as not started, after today as future', () => {
    const statuses = statusByDay({
      title: 't',
      today: '2026-11-20',
      since: '2025-01-01',
      days: [{ date: '2026-11-19', status: 'done' }],
    });
    expect(statuses.size).toBe(HEATMAP_WEEKS * 7);
    expect(statuses.get(parseDay('2026-11-19'))).toBe('done');
    expect(statuses.get(parseDay('2026-11-18'))).toBe('before_start');
    expect(statuses.get(parseDay('2026-11-21'))).toBe('future');
  });
});

describe('habit heatmap span', () => {
  const today = parseDay('2026-11-20');
  /** Daily done logs from `from` to today, as the domain lists them. */
  const lived = (from: string) => {
    const days: { date: string; status: HeatmapDayStatus }[] = [];
    for (let day = parseDay(from); day <= today; day++) days.push({ date: formatDay(day), status: 'done' });
    return days;
  };

  it('spans the habit life from its week to the current one, 12 to 53 weeks', () => {
    expect(heatmapWeeks(today, parseDay('2026-06-03'))).toBe(25);
    expect(heatmapWeeks(today, parseDay('2026-11-19'))).toBe(MIN_HEATMAP_WEEKS);
    expect(heatmapWeeks(today, parseDay('2026-10-05'))).toBe(MIN_HEATMAP_WEEKS);
    expect(heatmapWeeks(today, null)).toBe(MIN_HEATMAP_WEEKS);
    expect(heatmapWeeks(today, parseDay('2023-01-01'))).toBe(HEATMAP_WEEKS);
  });

  it('draws a young habit over 12 weeks, not a year of empty cells', () => {
    const input = { title: 't', today: '2026-11-20', days: lived('2026-10-07') };
    const statuses = statusByDay(input);
    expect(statuses.size).toBe(MIN_HEATMAP_WEEKS * 7);
    expect(Math.min(...statuses.keys())).toBe(parseDay('2026-08-31'));
    expect(statuses.get(parseDay('2026-10-06'))).toBe('before_start');
  });

  it('takes the span from the given start, else from the first listed day that is not before_start', () => {
    const days = [{ date: '2026-05-01', status: 'before_start' as const }, ...lived('2026-06-03')];
    expect(habitHeatmapWeeks({ title: 't', today: '2026-11-20', days })).toBe(25);
    expect(habitHeatmapWeeks({ title: 't', today: '2026-11-20', since: '2026-03-02', days })).toBe(38);
    expect(statusByDay({ title: 't', today: '2026-11-20', days }).size).toBe(25 * 7);
  });

  it('labels months over the shorter grid only', () => {
    // The grid opens on Monday Aug 31, whose week holds Sep 1.
    expect(monthLabels(today, MIN_HEATMAP_WEEKS)).toEqual([
      [0, 'Sep'],
      [4, 'Oct'],
      [8, 'Nov'],
    ]);
  });
});

describe('habit heatmap cells', () => {
  /** The pixels one status paints into a cell, to compare. */
  const cellPixels = (status: HeatmapDayStatus): string => {
    const ctx = createCanvas(13, 13).getContext('2d');
    ctx.fillStyle = '#FFFFFF';
    ctx.fillRect(0, 0, 13, 13);
    habitCellPainter(status)!(ctx, 1, 1, 11);
    return Buffer.from(ctx.getImageData(0, 0, 13, 13).data).toString('base64');
  };

  it('tells "not started" from "not due" and every status from every other', () => {
    const statuses: HeatmapDayStatus[] = [
      'done',
      'skipped',
      'missed',
      'open',
      'not_due',
      'paused',
      'before_start',
    ];
    expect(cellPixels('before_start')).not.toBe(cellPixels('not_due'));
    expect(new Set(statuses.map(cellPixels)).size).toBe(statuses.length);
  });

  it('names "not started" in the legend when the grid shows it, and "not due" always', () => {
    expect(legendStatuses(new Set(['done', 'before_start']))).toEqual([
      'done',
      'skipped',
      'missed',
      'not_due',
      'before_start',
    ]);
    expect(legendStatuses(new Set(['done']))).not.toContain('before_start');
  });
});

describe('all-habits bins', () => {
  it.each([
    [0, 0],
    [0.01, 1],
    [0.49, 1],
    [0.5, 2],
    [0.75, 3],
    [0.99, 3],
    [1, 4],
  ])('puts %p in bin %p', (share, bin) => {
    expect(shareBin(share)).toBe(bin);
  });
});

describe('group week order', () => {
  it('puts the best share first, then more done, then name', () => {
    const sorted = sortMembers([
      { name: 'b', done: 3, due: 6 },
      { name: 'a', done: 3, due: 6 },
      { name: 'c', done: 5, due: 5 },
      { name: 'd', done: 0, due: 0 },
      { name: 'e', done: 6, due: 6 },
    ]);
    expect(sorted.map((m) => m.name)).toEqual(['e', 'c', 'a', 'b', 'd']);
  });
});

describe('goal summary', () => {
  it('says how far behind the pace line the member is', () => {
    expect(goalSummary(goalProgress())).toBe('289.1 of 500 km (58%) · 41 days left · 41.5 km behind pace');
  });

  it('says when the target is reached, and formats without locale data', () => {
    expect(goalSummary({ ...goalProgress(), current: 512 })).toBe('512 of 500 km (102%) · target reached');
    expect(formatAmount(1234.56)).toBe('1234.6');
  });
});

describe('fitText', () => {
  const f = font(15);

  it('keeps text that fits and cuts text that does not, with an ellipsis', () => {
    expect(fitText('Ana', f, 100)).toBe('Ana');
    const cut = fitText('Bartholomew Featherstonehaugh-Smythe', f, 120);
    expect(cut.endsWith('…')).toBe(true);
    expect(measure(cut, f)).toBeLessThanOrEqual(120);
  });

  it('never splits an emoji in half', () => {
    const cut = fitText('😀😀😀😀😀😀😀😀😀😀😀😀', f, 40);
    expect(cut).not.toMatch(/[\uD800-\uDBFF]…$/);
  });
});
