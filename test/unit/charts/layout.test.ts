/**
 * The pure rules behind the pictures: calendar arithmetic, the heatmap grid, binning, sorting,
 * summaries and text fitting. Cheaper to pin here than to read off a golden image.
 */
import { shareBin } from '../../../src/charts/all-habits-heatmap.js';
import { formatDay, parseDay, shortDate, weekdayIndex } from '../../../src/charts/dates.js';
import { formatAmount, goalSummary } from '../../../src/charts/goal-progress.js';
import { sortMembers } from '../../../src/charts/group-week.js';
import { statusByDay } from '../../../src/charts/habit-heatmap.js';
import { HEATMAP_WEEKS, firstGridDay, monthLabels } from '../../../src/charts/heatmap-grid.js';
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
      days: [{ date: '2026-11-19', status: 'done' }],
    });
    expect(statuses.size).toBe(HEATMAP_WEEKS * 7);
    expect(statuses.get(parseDay('2026-11-19'))).toBe('done');
    expect(statuses.get(parseDay('2026-11-18'))).toBe('before_start');
    expect(statuses.get(parseDay('2026-11-21'))).toBe('future');
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
