/**
 * What the coach knows about the member it talks to: habits with today's status, the last 7 days
 * of logs, streaks, adherence, risk, suggestions, goals, and the journal and mood entries of the
 * last 7 days that the member shared (never private ones). Built with the same services as
 * everything else (two queries for habits and logs, one per goal for progress).
 */
import { addDays } from '../domain/dates.js';
import { describeSchedule } from '../domain/suggestions.js';
import type { HabitStats, MemberRisk } from '../domain/types.js';
import type { ServiceContext } from '../services/context.js';
import { listGoals, progressOfGoals } from '../services/goals.js';
import { recentSharedJournal } from '../services/journal.js';
import { dashboardOf } from '../services/stats.js';
import type { User } from '../store/entities/index.js';

export interface HabitSnapshot {
  name: string;
  schedule: string;
  target: string | null;
  status: string;
  today: string;
  last7Days: { date: string; status: string; amount: number | null }[];
  stats: HabitStats;
}

export interface GoalSnapshot {
  title: string;
  target: number;
  unit: string | null;
  current: number;
  fraction: number;
  deadline: string | null;
  completed: boolean;
}

export interface JournalSnapshot {
  date: string;
  text: string;
  mood: number | null;
  sentiment: number;
  tags: string[];
}

/** How many shared entries the coach sees (the newest), and how much of each. */
const JOURNAL_ENTRIES = 10;
const JOURNAL_CHARS = 300;

export interface MemberSnapshot {
  name: string;
  timezone: string;
  today: string;
  localTime: string;
  habits: HabitSnapshot[];
  goals: GoalSnapshot[];
  risk: MemberRisk;
  /** Shared journal and mood entries of the last 7 days, oldest first. */
  journal: JournalSnapshot[];
}

/** The member's numbers as of now. */
export async function snapshotOf(ctx: ServiceContext, user: User): Promise<MemberSnapshot> {
  const dashboard = await dashboardOf(ctx, user);
  const weekAgo = addDays(dashboard.today, -6);
  const goals = await listGoals(ctx, user);
  const progress = await progressOfGoals(ctx, goals);
  const journal = (await recentSharedJournal(ctx, user, 7)).slice(-JOURNAL_ENTRIES);
  return {
    name: user.name,
    timezone: user.timezone,
    today: dashboard.today,
    localTime: new Intl.DateTimeFormat('en-GB', {
      timeZone: user.timezone,
      weekday: 'long',
      hour: '2-digit',
      minute: '2-digit',
    }).format(ctx.now()),
    habits: dashboard.habits.map(({ habit, logs, stats, today }) => ({
      name: habit.name,
      schedule: describeSchedule(habit.schedule),
      target: habit.target
        ? `${habit.target.direction === 'at_most' ? 'at most' : 'at least'} ${habit.target.amount} ${habit.target.unit} a day`
        : null,
      status: habit.status,
      today: today.status,
      last7Days: logs
        .filter((log) => log.date >= weekAgo)
        .map(({ date, status, amount }) => ({ date, status, amount })),
      stats,
    })),
    goals: goals.map((goal, i) => ({
      title: goal.title,
      target: goal.target,
      unit: goal.unit,
      current: progress[i]!.current,
      fraction: progress[i]!.fraction,
      deadline: goal.deadline,
      completed: progress[i]!.completed,
    })),
    risk: dashboard.risk,
    journal: journal.map((entry) => ({
      date: entry.date,
      text: entry.text.slice(0, JOURNAL_CHARS),
      mood: entry.mood,
      sentiment: entry.sentiment,
      tags: entry.tags,
    })),
  };
}
