/** Queries over goals and the logs that feed them. */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { DayLog, NumericTarget } from '../../domain/types.js';

/** A done log that counts toward a goal, with what the domain needs to weigh it. */
export interface GoalContributionLog {
  goalId: string;
  date: string;
  /** The contributing habit's daily target (numeric habits add their amount). */
  target: NumericTarget | null;
  /** What a done log of a boolean habit adds (1 by default). */
  goalContribution: number;
  status: DayLog['status'];
  amount: number | null;
}

interface ContributionRow {
  goal_id: string;
  date: string;
  target: NumericTarget | null;
  goal_contribution: number;
  status: DayLog['status'];
  amount: number | null;
}

/**
 * Every done log since each goal's start of the habits that feed it, oldest first: one query for
 * all the goals, over `goal_habits_goal_id_habit_id_unique` and `habit_logs_habit_id_date_unique`.
 */
export async function doneLogsOfGoals(em: EntityManager, goalIds: string[]): Promise<GoalContributionLog[]> {
  if (goalIds.length === 0) return [];
  const rows = await em.getConnection().execute<ContributionRow[]>(
    `select gh.goal_id, l.date::text as date, h.target, h.goal_contribution, l.status, l.amount
     from goal_habits gh
     join goals g on g.id = gh.goal_id
     join habits h on h.id = gh.habit_id
     join habit_logs l on l.habit_id = h.id and l.date >= g.start_date and l.status = 'done'
     where gh.goal_id in (?)
     order by l.date`,
    [goalIds],
  );
  return rows.map((row) => ({
    goalId: row.goal_id,
    date: row.date,
    target: row.target,
    goalContribution: row.goal_contribution,
    status: row.status,
    amount: row.amount,
  }));
}

/**
 * How the member spelled their top-level goal called `title`, ignoring case; null when there is
 * none, by `goals_owner_id_lower_title_unique`. A raw query, so it runs while a failed flush is
 * still pending in `em`.
 */
export async function topLevelGoalTitled(
  em: EntityManager,
  ownerId: string,
  title: string,
): Promise<string | null> {
  const rows = await em
    .getConnection()
    .execute<{ title: string }[]>(
      `select title from goals where owner_id = ? and lower(title) = lower(?) and parent_id is null limit 1`,
      [ownerId, title],
    );
  return rows[0]?.title ?? null;
}
