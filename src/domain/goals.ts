/**
 * Goals: what a habit's log adds to a goal, and how far along a goal is (DESIGN.md section 3).
 * Summing since the goal began and completing it once are the services' job.
 */
import { isDoneLog } from './logs.js';
import type { DayLog, GoalProgress, HabitRules } from './types.js';

/**
 * What `log` adds to a goal the habit contributes to. Only done logs add. A boolean habit adds its
 * contribution (1 when null or omitted). An at_least numeric habit adds the logged amount, whether
 * or not it met the daily target: 5 of 20 pages read are 5 pages toward a 600-page goal (a done
 * log without amount adds the daily target, as the score reads it). An at_most habit adds its
 * contribution like a boolean one when the day kept the limit: its amount measures what was held
 * back, so adding it would make more coffee mean more progress.
 */
export function goalContribution(
  habit: HabitRules,
  contribution: number | null | undefined,
  log: DayLog,
): number {
  if (log.status !== 'done') return 0;
  const target = habit.target;
  if (target === null || target.direction === 'at_most')
    return isDoneLog(habit, log) ? (contribution ?? 1) : 0;
  return log.amount ?? target.amount;
}

/**
 * Progress of a goal with `target` given the `sum` of contributions since it began. `current` is
 * the sum as is, so overshooting shows; `fraction` is clamped to [0, 1] for progress bars; a goal
 * with a target of 0 or less is complete from the start.
 */
export function goalProgress(target: number, sum: number): GoalProgress {
  const fraction = target > 0 ? Math.min(1, Math.max(0, sum / target)) : 1;
  return { current: sum, target, fraction, completed: sum >= target };
}
