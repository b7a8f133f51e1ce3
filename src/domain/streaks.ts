/**
 * Streaks (DESIGN.md section 3). Runs are found in one pass over the picture; only the best few are
 * turned back into dates.
 */
import { fromDayNumber, toDayNumber } from './dates.js';
import { DONE, SKIPPED } from './logs.js';
import { periodsCovering, tallyPeriod } from './periods.js';
import { buildPicture, isOpenToday } from './picture.js';
import type { DayPicture } from './picture.js';
import type { DayLog, HabitRules, LocalDate, Streaks, StreakUnit } from './types.js';

interface Run {
  start: number;
  end: number;
  length: number;
}

/**
 * Streaks of a day-based habit (daily, weekdays, every_n_days). A run is made of due days that are
 * done; a skipped due day bridges it without adding length; a due day with no log, a missed log or
 * a done log short of its target breaks it, except today while it is open (no log, or at_least
 * progress still short). Non-due days, paused days and days before the start date are transparent,
 * and logs on them do not count. A run starts on its first done due day and ends on its last one.
 */
function dayRuns(pic: DayPicture): { runs: Run[]; current: number } {
  const runs: Run[] = [];
  let run: Run | null = null;
  for (let n = pic.start; n <= pic.asOf; n++) {
    const i = n - pic.first;
    if (pic.due[i] === 0) continue;
    const outcome = pic.outcome[i]!;
    if (outcome === DONE) {
      if (run === null) run = { start: n, end: n, length: 0 };
      run.end = n;
      run.length++;
    } else if (outcome !== SKIPPED && !isOpenToday(pic, n, outcome)) {
      if (run !== null) runs.push(run);
      run = null;
    }
  }
  if (run !== null) runs.push(run);
  return { runs, current: run === null ? 0 : run.length };
}

/**
 * Streaks of a per_period habit, in periods that reached their required done count (periods.ts:
 * a partial first period, paused or skipped days lower the requirement pro rata). A period that
 * fell short breaks the run; the current period never does while it is open, and adds one as soon
 * as it reaches its count. A run starts on its first period's first day (or the start date, if
 * later) and ends on its last period's last day (or today, if that period is still open).
 */
function periodRuns(
  pic: DayPicture,
  times: number,
  kind: 'week' | 'month',
): { runs: Run[]; current: number } {
  const runs: Run[] = [];
  let run: Run | null = null;
  for (const [first, last] of periodsCovering(kind, pic.start, pic.asOf)) {
    const { required, done } = tallyPeriod(pic, times, first, last);
    if (required === 0) continue;
    if (done >= required) {
      if (run === null) run = { start: Math.max(first, pic.start), end: last, length: 0 };
      run.end = Math.min(last, pic.asOf);
      run.length++;
    } else if (last < pic.asOf) {
      if (run !== null) runs.push(run);
      run = null;
    }
  }
  if (run !== null) runs.push(run);
  return { runs, current: run === null ? 0 : run.length };
}

/** The unit a habit's streaks count in. */
export function streakUnit(habit: HabitRules): StreakUnit {
  const s = habit.schedule;
  return s.kind !== 'per_period' ? 'days' : s.period === 'week' ? 'weeks' : 'months';
}

/** Streaks from a built picture; `streaks` is the public entry point. */
export function streaksFromPicture(pic: DayPicture, bestCount: number): Streaks {
  const s = pic.habit.schedule;
  const { runs, current } = s.kind === 'per_period' ? periodRuns(pic, s.times, s.period) : dayRuns(pic);
  let longest = 0;
  for (const r of runs) if (r.length > longest) longest = r.length;
  const best = runs
    .slice()
    .sort((a, b) => b.length - a.length || b.end - a.end)
    .slice(0, Math.max(0, bestCount))
    .map((r) => ({ start: fromDayNumber(r.start), end: fromDayNumber(r.end), length: r.length }));
  return { current, longest, best, unit: streakUnit(pic.habit) };
}

/**
 * The habit's current streak (the run still alive as of `asOf`, 0 when broken), its longest, and
 * its `bestCount` best runs (longest first; ties most recent first). Counting starts at the start
 * date even when earlier logs exist; logs after `asOf` are ignored. See dayRuns and periodRuns for
 * the rules and for how each run's start and end dates are chosen.
 */
export function streaks(habit: HabitRules, logs: readonly DayLog[], asOf: LocalDate, bestCount = 5): Streaks {
  return streaksFromPicture(buildPicture(habit, logs, toDayNumber(asOf)), bestCount);
}
