/**
 * Fixed chart inputs for the golden tests and the benchmark. Data comes from a seeded generator, so
 * seed 1 is always the same picture; other seeds give slightly different inputs of the same shape
 * (the benchmark uses them to defeat the cache).
 */
import { formatDay, parseDay, weekdayIndex } from '../../../src/charts/dates.js';
import { seededRandom } from '../../support/seeded-random.js';
import type {
  AllHabitsHeatmapInput,
  ChartInputs,
  ChartKind,
  GoalProgressInput,
  GroupWeekInput,
  HabitHeatmapInput,
  HeatmapDayStatus,
  TrendInput,
  WeeklyBarsInput,
} from '../../../src/charts/types.js';

const TODAY = '2026-11-20';

/** A weekday habit started in January, paused for two summer weeks, due but not yet logged today. */
export function habitHeatmap(seed = 1): HabitHeatmapInput {
  const random = seededRandom(seed);
  const today = parseDay(TODAY);
  const days: HabitHeatmapInput['days'] = [];
  const pause = [parseDay('2026-07-20'), parseDay('2026-08-02')] as const;
  for (let day = parseDay('2026-01-12'); day <= today; day++) {
    let status: HeatmapDayStatus;
    if (day >= pause[0] && day <= pause[1]) status = 'paused';
    else if (weekdayIndex(day) >= 5) status = 'not_due';
    else if (day === today) status = 'open';
    else {
      const r = random();
      status = r < 0.74 ? 'done' : r < 0.82 ? 'skipped' : 'missed';
    }
    days.push({ date: formatDay(day), status });
  }
  return { title: 'Morning run', today: TODAY, days };
}

/** A habit started on a Wednesday three weeks ago: a short calendar, its first days not started. */
export function youngHabitHeatmap(): HabitHeatmapInput {
  const today = parseDay(TODAY);
  const days: HabitHeatmapInput['days'] = [];
  for (let day = parseDay('2026-10-26'); day <= today; day++) {
    let status: HeatmapDayStatus = 'before_start';
    if (day >= parseDay('2026-10-28'))
      status = weekdayIndex(day) >= 5 ? 'not_due' : day === today ? 'open' : 'done';
    if (day === parseDay('2026-11-04')) status = 'missed';
    days.push({ date: formatDay(day), status });
  }
  return { title: '読書 📚 Lecture', today: TODAY, since: '2026-10-28', days };
}

/** Five habits with a varying number due each day, and some days with nothing due. */
export function allHabitsHeatmap(seed = 1): AllHabitsHeatmapInput {
  const random = seededRandom(seed);
  const today = parseDay(TODAY);
  const days: AllHabitsHeatmapInput['days'] = [];
  for (let day = today - 370; day <= today; day++) {
    const due = day < today - 300 ? 0 : Math.floor(random() * 6);
    const done = Math.min(due, Math.round(due * (0.35 + random() * 0.75)));
    days.push({ date: formatDay(day), due, done });
  }
  return { title: 'All habits', today: TODAY, days };
}

/** Twelve weeks of a five-times-a-week habit. */
export function weeklyBars(seed = 1): WeeklyBarsInput {
  const random = seededRandom(seed);
  const lastMonday = parseDay('2026-11-16');
  const weeks: WeeklyBarsInput['weeks'] = [];
  for (let i = 11; i >= 0; i--) {
    const due = i === 0 ? 5 : random() < 0.2 ? 7 : 5;
    weeks.push({
      weekStart: formatDay(lastMonday - i * 7),
      done: Math.round(due * (0.3 + random() * 0.7)),
      due,
    });
  }
  return { title: 'Morning run · last 12 weeks', weeks };
}

/** Ninety days of a habit getting stronger, with consistency starting after the first weeks. */
export function trend(seed = 1): TrendInput {
  const random = seededRandom(seed);
  const first = parseDay(TODAY) - 89;
  const points: TrendInput['points'] = [];
  let score = 0.2;
  for (let i = 0; i < 90; i++) {
    score = Math.min(1, Math.max(0, score + (random() - 0.35) * 0.03));
    const consistency = i < 14 ? null : Math.round(40 + 45 * (i / 90) + (random() - 0.5) * 4);
    points.push({ date: formatDay(first + i), score, consistency });
  }
  return { title: 'Morning run · strength and consistency', points };
}

/** A distance goal a bit behind its pace line. */
export function goalProgress(seed = 1): GoalProgressInput {
  const random = seededRandom(seed);
  const start = parseDay('2026-09-01');
  const today = parseDay(TODAY);
  const history: GoalProgressInput['history'] = [];
  let value = 0;
  for (let day = start; day <= today; day++) {
    if (random() < 0.55) {
      value += Math.round((3 + random() * 6) * 10) / 10;
      history.push({ date: formatDay(day), value: Math.round(value * 10) / 10 });
    }
  }
  return {
    title: 'Run 500 km before New Year',
    unit: 'km',
    target: 500,
    current: Math.round(value * 10) / 10,
    startDate: formatDay(start),
    deadline: '2026-12-31',
    today: TODAY,
    history,
  };
}

/** A group of nine, one of them with a very long display name. */
export function groupWeek(seed = 1): GroupWeekInput {
  const random = seededRandom(seed);
  const names = [
    'Ana',
    'Bartholomew Featherstonehaugh-Smythe',
    'Chen',
    'Dmitri',
    'Zoë',
    'José',
    'Kwame',
    'Lena',
    'Priya',
  ];
  const members = names.map((name) => {
    const due = 5 + Math.floor(random() * 3);
    return { name, due, done: Math.min(due, Math.floor(random() * (due + 2))) };
  });
  return { title: 'Early Birds', weekStart: '2026-11-16', members };
}

/** A group larger than the chart shows, with names in several scripts: the top rows, every name kept. */
export function largeGroupWeek(): GroupWeekInput {
  const names = [
    'Александра Петровна',
    'Ωmega',
    'Li',
    'Émilie-Anne de la Fontaine',
    'Bob',
    'Carol',
    'Dan',
    'Eve',
  ];
  names.push('Frank', 'Grace', 'Heidi', 'Ivan', 'Judy', 'Mallory', 'Niaj');
  const members = names.map((name, i) => ({ name, done: 7 - (i % 8), due: 7 }));
  return { title: 'Morning Movers', weekStart: '2026-11-16', members };
}

/** The fixed input of each chart kind for a seed. */
export function fixture<K extends ChartKind>(kind: K, seed = 1): ChartInputs[K] {
  const builders: { [P in ChartKind]: (s: number) => ChartInputs[P] } = {
    'habit-heatmap': habitHeatmap,
    'all-habits-heatmap': allHabitsHeatmap,
    'weekly-bars': weeklyBars,
    trend,
    'goal-progress': goalProgress,
    'group-week': groupWeek,
  };
  return builders[kind](seed);
}
