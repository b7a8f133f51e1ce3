/**
 * What the mentor page shows of each mentee, computed by the same domain rules as the member's own
 * dashboard (dashboardOf, memberRisk, adherenceTally) and never re-derived: one row per mentee for
 * the list, sorted by risk, and the fuller picture for a mentee's page.
 */
import { adherenceOf, adherenceTally, type AdherenceTally } from '../domain/adherence.js';
import { addDays, toDayNumber } from '../domain/dates.js';
import { buildPicture } from '../domain/picture.js';
import type { LocalDate, MemberRisk, RiskLevel, StreakUnit } from '../domain/types.js';
import type { User } from '../store/entities/index.js';
import { HabitLog, JournalEntry, MentorNudge, OutboxMessage } from '../store/entities/index.js';
import type { ServiceContext } from './context.js';
import { listGoals, progressOfGoals } from './goals.js';
import { activeMenteesOf } from './mentorships.js';
import { rulesOf } from './rules.js';
import { dashboardOf } from './stats.js';

/** How many days the detail page's log, journal and message lists reach back. */
export const DETAIL_DAYS = 30;

export type Dashboard = Awaited<ReturnType<typeof dashboardOf>>;

export interface HabitStreak {
  habitId: string;
  name: string;
  current: number;
  unit: StreakUnit;
}

export interface MenteeRow {
  mentee: User;
  today: LocalDate;
  risk: MemberRisk;
  /** Pooled over active habits, as memberRisk computes them. */
  adherence7: number | null;
  adherence30: number | null;
  /** The 30 days before those 30 (days 31 to 60 ago), pooled the same way. */
  previous30: number | null;
  /** adherence30 - previous30; null when either is unknown. */
  trend: number | null;
  streaks: HabitStreak[];
  /** Days since the latest log on any habit; null when there is none. */
  daysSinceLastLog: number | null;
  atRisk: string[];
  dashboard: Dashboard;
}

const LEVEL_ORDER: Record<RiskLevel, number> = { high: 0, medium: 1, low: 2 };

/** One mentee's row: risk, adherence 7/30 days and its trend, streaks, last activity, habits at risk. */
export async function menteeRowOf(ctx: ServiceContext, mentee: User): Promise<MenteeRow> {
  const dashboard = await dashboardOf(ctx, mentee);
  const { today, risk } = dashboard;
  const active = dashboard.habits.filter((entry) => entry.habit.status === 'active');
  const previous: AdherenceTally = { credited: 0, expected: 0 };
  for (const { habit, logs } of active) {
    // The earlier window judged as of today, as memberRisk judges the recent ones.
    const tally = adherenceTally(
      buildPicture(rulesOf(habit), logs, toDayNumber(today)),
      30,
      toDayNumber(today) - 30,
    );
    previous.credited += tally.credited;
    previous.expected += tally.expected;
  }
  const previous30 = adherenceOf(previous);
  const { adherence7, adherence30 } = risk.factors;
  return {
    mentee,
    today,
    risk,
    adherence7,
    adherence30,
    previous30,
    trend: adherence30 !== null && previous30 !== null ? adherence30 - previous30 : null,
    streaks: active.map(({ habit, stats }) => ({
      habitId: habit.id,
      name: habit.name,
      current: stats.currentStreak,
      unit: stats.streakUnit,
    })),
    daysSinceLastLog: risk.factors.daysSinceLastLog,
    atRisk: active.filter((entry) => entry.stats.atRisk).map((entry) => entry.habit.name),
    dashboard,
  };
}

/** Every active mentee of `mentor`, highest risk first: level, then score, then name. */
export async function menteeRowsOf(ctx: ServiceContext, mentor: User): Promise<MenteeRow[]> {
  const rows: MenteeRow[] = [];
  for (const mentee of await activeMenteesOf(ctx, mentor)) rows.push(await menteeRowOf(ctx, mentee));
  return rows.sort(
    (a, b) =>
      LEVEL_ORDER[a.risk.level] - LEVEL_ORDER[b.risk.level] ||
      b.risk.score - a.risk.score ||
      a.mentee.name.localeCompare(b.mentee.name),
  );
}

export interface MenteeDetail extends MenteeRow {
  goals: {
    id: string;
    title: string;
    unit: string | null;
    current: number;
    target: number;
    fraction: number;
    completed: boolean;
    deadline: string | null;
  }[];
  /** The last DETAIL_DAYS days of logs, newest first. */
  logs: { date: string; habit: string; status: string; amount: number | null; note: string | null }[];
  /** Shared (non-private) journal and mood entries of the last DETAIL_DAYS days, newest first. */
  journal: { date: string; text: string; mood: number | null; sentiment: number; tags: string[] }[];
  /** Mentors' nudges, each with its message's delivery status (queued, sent, failed, dead). */
  nudges: { at: Date; date: string; byMe: boolean; mentor: string; message: string; status: string }[];
  /** Risk alerts Stride sent the mentee. */
  alerts: { at: Date; kind: string; status: string; text: string }[];
}

/** Everything the mentee's page shows; the caller has checked the mentorship (menteeOf). */
export async function menteeDetailOf(ctx: ServiceContext, mentor: User, mentee: User): Promise<MenteeDetail> {
  const row = await menteeRowOf(ctx, mentee);
  const since = addDays(row.today, -(DETAIL_DAYS - 1));
  const goals = await listGoals(ctx, mentee);
  const progress = await progressOfGoals(ctx, goals);
  const logs = await ctx.em.find(
    HabitLog,
    { habit: { owner: mentee }, date: { $gte: since } },
    { populate: ['habit'], orderBy: { date: 'desc', habit: { name: 'asc' } } },
  );
  const journal = await ctx.em.find(
    JournalEntry,
    { user: mentee, private: false, date: { $gte: since } },
    { orderBy: { date: 'desc', createdAt: 'desc' }, limit: 100 },
  );
  const nudges = await ctx.em.find(
    MentorNudge,
    { mentee },
    { populate: ['mentor'], orderBy: { createdAt: 'desc' }, limit: 20 },
  );
  // A nudge's message is the outbox row keyed by it (sendMentorNudge): listed once, with the nudge.
  const nudgeMessages = await ctx.em.find(OutboxMessage, {
    dedupeKey: { $in: nudges.map((nudge) => `mentor-nudge:${nudge.id}`) },
  });
  const statusOf = new Map(nudgeMessages.map((message) => [message.dedupeKey, message.status]));
  const alerts = await ctx.em.find(
    OutboxMessage,
    { user: mentee, kind: 'risk' },
    { orderBy: { createdAt: 'desc' }, limit: 20 },
  );
  return {
    ...row,
    goals: goals.map((goal, i) => ({
      id: goal.id,
      title: goal.title,
      unit: goal.unit,
      deadline: goal.deadline,
      current: progress[i]!.current,
      target: progress[i]!.target,
      fraction: progress[i]!.fraction,
      completed: progress[i]!.completed,
    })),
    logs: logs.map((log) => ({
      date: log.date,
      habit: log.habit.name,
      status: log.status,
      amount: log.amount,
      note: log.note,
    })),
    journal: journal.map((entry) => ({
      date: entry.date,
      text: entry.text,
      mood: entry.mood,
      sentiment: entry.sentiment,
      tags: entry.tags,
    })),
    nudges: nudges.map((nudge) => ({
      at: nudge.createdAt,
      date: nudge.date,
      byMe: nudge.mentor.id === mentor.id,
      mentor: nudge.mentor.name,
      message: nudge.message,
      status: statusOf.get(`mentor-nudge:${nudge.id}`) ?? 'queued',
    })),
    alerts: alerts.map((message) => ({
      at: message.createdAt,
      kind: message.kind,
      status: message.status,
      text: message.reply.text ?? '',
    })),
  };
}
