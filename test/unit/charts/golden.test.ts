/**
 * Every chart kind drawn from fixed data and compared with its committed golden PNG, plus the
 * empty state of each (a new habit, a new goal, a new group), which is what most members see first.
 */
import { drawChart } from '../../../src/charts/draw.js';
import { CHART_KINDS, type ChartInputs, type ChartKind } from '../../../src/charts/types.js';
import { fixture, largeGroupWeek, youngHabitHeatmap } from './fixtures.js';
import { differingShare, expectMatchesGolden } from './golden.js';

const EMPTY: { [K in ChartKind]: ChartInputs[K] } = {
  'habit-heatmap': { title: 'Stretching', today: '2026-11-20', days: [] },
  'all-habits-heatmap': { title: 'All habits', today: '2026-11-20', days: [] },
  'weekly-bars': { title: 'Stretching · last 12 weeks', weeks: [] },
  trend: { title: 'Stretching · strength and consistency', points: [] },
  'goal-progress': {
    title: 'Read 12 books',
    unit: 'books',
    target: 12,
    current: 0,
    startDate: '2026-11-20',
    deadline: null,
    today: '2026-11-20',
    history: [],
  },
  'group-week': { title: 'Night Owls', weekStart: '2026-11-16', members: [] },
};

describe('chart goldens', () => {
  it.each(CHART_KINDS)('%s matches its golden at scale 1', async (kind) => {
    await expectMatchesGolden(kind, await drawChart(kind, fixture(kind), 1));
  });

  it.each(['habit-heatmap', 'trend'] as const)('%s matches its golden at scale 2', async (kind) => {
    await expectMatchesGolden(`${kind}@2x`, await drawChart(kind, fixture(kind), 2));
  });

  it('group-week of a large group shows its first rows, each with its name', async () => {
    await expectMatchesGolden('group-week-large', await drawChart('group-week', largeGroupWeek(), 1));
  });

  it('habit-heatmap of a young habit spans 12 weeks and tells "not started" from "not due"', async () => {
    await expectMatchesGolden(
      'habit-heatmap-young',
      await drawChart('habit-heatmap', youngHabitHeatmap(), 1),
    );
  });

  it.each(CHART_KINDS)('%s: the tolerance still catches a slightly different history', async (kind) => {
    const [a, b] = [await drawChart(kind, fixture(kind, 1), 1), await drawChart(kind, fixture(kind, 2), 1)];
    expect(await differingShare(a, b)).toBeGreaterThan(0.005);
  });

  it.each(CHART_KINDS)('%s with no data matches its golden', async (kind) => {
    await expectMatchesGolden(`${kind}-empty`, await drawChart(kind, EMPTY[kind], 1));
  });
});
