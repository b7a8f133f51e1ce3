/**
 * The domain rules' public API: pure functions over plain data (DESIGN.md section 3). The per-day
 * picture and the outcome codes behind them stay internal.
 */
export * from './types.js';
export {
  addDays,
  daysBetween,
  endOfMonth,
  fromDayNumber,
  isoWeekday,
  isValidLocalDate,
  isValidTimeZone,
  localDateAt,
  startOfMonth,
  startOfWeek,
  toDayNumber,
} from './dates.js';
export { frequency, isDue, isPaused } from './schedule.js';
export type { Frequency } from './schedule.js';
export { isDoneLog } from './logs.js';
export { streaks } from './streaks.js';
export { scoreAt, scoreSeries } from './score.js';
export { adherence, consistency } from './adherence.js';
export { habitAtRisk, memberRisk } from './risk.js';
export { missForecast, nextDueDate } from './forecast.js';
export type { MissForecast } from './forecast.js';
export { describeSchedule, suggestions } from './suggestions.js';
export { goalContribution, goalProgress } from './goals.js';
export { habitStats, heatmap } from './stats.js';
export { wholePercent } from './percent.js';
export { firingWindows, isQuietAt, localWallAt, quietUntil, wallInstant } from './wall-clock.js';
export type { FiringWindow, QuietHours, WallMinute } from './wall-clock.js';
export { stillToDo } from './reminders.js';
export type { StillToDo } from './reminders.js';
export { biggestImprovement, fellBehind, groupBoard, groupStreak, memberWeek } from './groups.js';
export type {
  BestStreak,
  BoardEntry,
  Encouragement,
  GroupHabit,
  GroupMember,
  GroupStreak,
  Improvement,
  MemberWeek,
} from './groups.js';
