/**
 * Risk: which habits are slipping, and how likely a member is to fall behind (DESIGN.md section 3).
 */
import { fromDayNumber, toDayNumber } from './dates.js';
import { DONE, SKIPPED } from './logs.js';
import { adherenceOf, adherenceTally } from './adherence.js';
import type { AdherenceTally } from './adherence.js';
import { periodOf, periodsCovering, tallyPeriod } from './periods.js';
import { buildPicture, isOpenToday } from './picture.js';
import type { DayPicture } from './picture.js';
import type { DayLog, HabitRules, LocalDate, MemberRisk, RiskLevel } from './types.js';

/**
 * Whether a built picture's habit is at risk. Day-based habits: the last two due days before today
 * (since the start date) were both not done: no log, missed, or short of target. Skipped and paused
 * days are passed over, so a skip neither puts a habit at risk nor lifts it out; only a done day
 * does. per_period habits: the last two completed periods (before the current one) both fell short
 * of their required count; fully excused periods are passed over.
 */
export function atRiskFromPicture(pic: DayPicture): boolean {
  return riskEpisodeFromPicture(pic) !== null;
}

/**
 * The day number that names the habit's risk episode, or null when it is not at risk (the rule of
 * atRiskFromPicture): the earlier of the two missed due days, or the first day of the earlier of
 * the two short periods. It stays the same while the episode lasts, so it keys one alert each.
 */
export function riskEpisodeFromPicture(pic: DayPicture): number | null {
  const schedule = pic.habit.schedule;
  let misses = 0;
  if (schedule.kind !== 'per_period') {
    for (let n = pic.asOf - 1; n >= pic.start; n--) {
      const i = n - pic.first;
      if (pic.due[i] === 0 || pic.outcome[i] === SKIPPED) continue;
      if (pic.outcome[i] === DONE) return null;
      if (++misses === 2) return n;
    }
    return null;
  }
  const current = periodOf(schedule.period, pic.asOf)[0];
  for (const [first, last] of periodsCovering(schedule.period, pic.start, current - 1).reverse()) {
    const { required, done } = tallyPeriod(pic, schedule.times, first, last);
    if (required === 0) continue;
    if (done >= required) return null;
    if (++misses === 2) return Math.max(first, pic.start);
  }
  return null;
}

/** The habit's risk episode as of `asOf` (see riskEpisodeFromPicture), or null when not at risk. */
export function riskEpisodeStart(
  habit: HabitRules,
  logs: readonly DayLog[],
  asOf: LocalDate,
): LocalDate | null {
  const start = riskEpisodeFromPicture(buildPicture(habit, logs, toDayNumber(asOf)));
  return start === null ? null : fromDayNumber(start);
}

/** Whether the habit is at risk as of `asOf` (see atRiskFromPicture for the rule). */
export function habitAtRisk(habit: HabitRules, logs: readonly DayLog[], asOf: LocalDate): boolean {
  return atRiskFromPicture(buildPicture(habit, logs, toDayNumber(asOf)));
}

/** Misses over settled due days of a day-based habit in the `days` days ending today. */
function missTally(pic: DayPicture, days: number): { misses: number; due: number } {
  let misses = 0;
  let due = 0;
  if (pic.habit.schedule.kind === 'per_period') return { misses, due };
  for (let n = Math.max(pic.asOf - days + 1, pic.start); n <= pic.asOf; n++) {
    const i = n - pic.first;
    const outcome = pic.outcome[i]!;
    if (pic.due[i] === 0 || outcome === SKIPPED || isOpenToday(pic, n, outcome)) continue;
    due++;
    if (outcome !== DONE) misses++;
  }
  return { misses, due };
}

function riskLevel(score: number): RiskLevel {
  return score >= 0.67 ? 'high' : score >= 0.34 ? 'medium' : 'low';
}

/**
 * A member's risk of falling behind, from all their habits as of `asOf`:
 *
 *   score = 0.25 * missRate3 + 0.20 * missRate7 + 0.20 * drop + 0.20 * (1 - adherence30)
 *         + 0.15 * min(1, daysSinceLastLog / 7)
 *
 * - missRate3, missRate7: missed due days / settled due days of the day-based habits over the last
 *   3 and 7 days, today included once settled (skips excused); 0 when nothing was due.
 * - adherence7, adherence30: pooled over all habits, sum of credited / sum of expected (per_period
 *   habits pro rata); drop = max(0, adherence30 - adherence7). When nothing was expected, the drop
 *   and the (1 - adherence30) term read 0.
 * - daysSinceLastLog: days since the latest log of any status on any habit; never logged reads as
 *   the full 7 days.
 *
 * Weights sum to 1 and every factor lies in [0, 1], so the score does. The (1 - adherence30) term
 * weighs at least as much as the drop so a miss 8..30 days ago, which narrows the drop, still never
 * lowers the score: more misses never lower risk. Levels: low < 0.34 <= medium < 0.67 <= high.
 */
export function memberRisk(
  habits: readonly { habit: HabitRules; logs: readonly DayLog[] }[],
  asOf: LocalDate,
): MemberRisk {
  const today = toDayNumber(asOf);
  const t7: AdherenceTally = { credited: 0, expected: 0 };
  const t30: AdherenceTally = { credited: 0, expected: 0 };
  let misses3 = 0,
    due3 = 0,
    misses7 = 0,
    due7 = 0;
  let lastLog: number | null = null;
  for (const { habit, logs } of habits) {
    const pic = buildPicture(habit, logs, today);
    const a7 = adherenceTally(pic, 7);
    const a30 = adherenceTally(pic, 30);
    t7.credited += a7.credited;
    t7.expected += a7.expected;
    t30.credited += a30.credited;
    t30.expected += a30.expected;
    const m3 = missTally(pic, 3);
    const m7 = missTally(pic, 7);
    misses3 += m3.misses;
    due3 += m3.due;
    misses7 += m7.misses;
    due7 += m7.due;
    if (pic.lastLog !== null && (lastLog === null || pic.lastLog > lastLog)) lastLog = pic.lastLog;
  }
  const adherence7 = adherenceOf(t7);
  const adherence30 = adherenceOf(t30);
  const missRate3 = due3 > 0 ? misses3 / due3 : 0;
  const missRate7 = due7 > 0 ? misses7 / due7 : 0;
  const adherenceDrop =
    adherence7 !== null && adherence30 !== null ? Math.max(0, adherence30 - adherence7) : 0;
  const daysSinceLastLog = lastLog === null ? null : today - lastLog;
  const inactivity = daysSinceLastLog === null ? 1 : Math.min(1, daysSinceLastLog / 7);
  const score =
    habits.length === 0
      ? 0
      : 0.25 * missRate3 +
        0.2 * missRate7 +
        0.2 * adherenceDrop +
        0.2 * (1 - (adherence30 ?? 1)) +
        0.15 * inactivity;
  return {
    score,
    level: riskLevel(score),
    factors: { missRate3, missRate7, adherence7, adherence30, adherenceDrop, daysSinceLastLog },
  };
}
