/**
 * A habit's statistics and heatmap. habitStats builds the per-day picture once and hands it to
 * every rule, so ten years of daily history costs a handful of linear passes.
 */
import { fromDayNumber, toDayNumber } from './dates.js';
import { adherenceOf, adherenceTally, consistency } from './adherence.js';
import { DONE, MISSED, SKIPPED } from './logs.js';
import { buildPicture, isOpenToday } from './picture.js';
import { atRiskFromPicture } from './risk.js';
import { scoresFromPicture } from './score.js';
import { streaksFromPicture } from './streaks.js';
import { suggestionsFrom } from './suggestions.js';
import type { DayLog, HabitRules, HabitStats, HeatmapDay, HeatmapStatus, LocalDate } from './types.js';

/**
 * Everything the stats screen shows for one habit as of `asOf`: streaks (the 5 best), the strength
 * score, adherence over 7, 30 and 90 days, consistency, risk and suggestions. Each rule is the one
 * its own module documents; they share one picture instead of rebuilding it.
 */
export function habitStats(habit: HabitRules, logs: readonly DayLog[], asOf: LocalDate): HabitStats {
  const pic = buildPicture(habit, logs, toDayNumber(asOf));
  const streak = streaksFromPicture(pic, 5);
  const scores = scoresFromPicture(pic);
  const tally30 = adherenceTally(pic, 30);
  const d30 = adherenceOf(tally30);
  return {
    currentStreak: streak.current,
    longestStreak: streak.longest,
    bestStreaks: streak.best,
    streakUnit: streak.unit,
    score: scores.length === 0 ? 0 : scores[scores.length - 1]!,
    adherence: { d7: adherenceOf(adherenceTally(pic, 7)), d30, d90: adherenceOf(adherenceTally(pic, 90)) },
    consistency: consistency(d30),
    atRisk: atRiskFromPicture(pic),
    suggestions: suggestionsFrom(pic, tally30, streak),
  };
}

const LOGGED: Record<number, HeatmapStatus> = { [DONE]: 'done', [SKIPPED]: 'skipped', [MISSED]: 'missed' };

/**
 * One entry per day in [from, to] for a calendar heatmap, painted as of `today`:
 * - after today: 'future' (a log dated in the future is not shown);
 * - a logged day shows its log, wherever it falls (before the start, on a paused or non-due day):
 *   'done', 'skipped', or 'missed' (also a done log short of its target), except that today with
 *   at_least progress still short of the target is 'open';
 * - a day without a log: 'paused' in a paused span, 'before_start' before the start date,
 *   'not_due' when not due (always, for per_period habits), 'open' when due today, else 'missed'.
 * `amount` is the logged amount, or null.
 */
export function heatmap(
  habit: HabitRules,
  logs: readonly DayLog[],
  from: LocalDate,
  to: LocalDate,
  today: LocalDate,
): HeatmapDay[] {
  const last = toDayNumber(to);
  const now = toDayNumber(today);
  // The picture ends at today (or earlier, at `to`); anything later is future.
  const pic = buildPicture(habit, logs, Math.min(last, now));
  const out: HeatmapDay[] = [];
  for (let n = toDayNumber(from); n <= last; n++) {
    const date = fromDayNumber(n);
    if (n > now) {
      out.push({ date, status: 'future', amount: null });
      continue;
    }
    const i = n - pic.first;
    const inside = i >= 0 && i < pic.outcome.length;
    const outcome = inside ? pic.outcome[i]! : 0;
    const amount = inside && !Number.isNaN(pic.amount[i]!) ? pic.amount[i]! : null;
    let status: HeatmapStatus;
    if (n === now && isOpenToday(pic, n, outcome) && (outcome !== 0 || pic.due[i] === 1)) status = 'open';
    else if (outcome !== 0) status = LOGGED[outcome] ?? 'missed';
    else if (inside && pic.paused[i] === 1) status = 'paused';
    else if (n < pic.start) status = 'before_start';
    else if (!inside || pic.due[i] === 0) status = 'not_due';
    else status = n === now ? 'open' : 'missed';
    out.push({ date, status, amount });
  }
  return out;
}
