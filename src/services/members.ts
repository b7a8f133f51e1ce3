/** A member's own settings and data: time zone, day start, export, and forgetting everything. */
import { ValidationError } from '../errors.js';
import {
  ApiToken,
  CoachTurn,
  Goal,
  GoalHabit,
  GroupMembership,
  Habit,
  HabitLog,
  Identity,
  JournalEntry,
  Mentorship,
  User,
} from '../store/entities/index.js';
import type { ServiceContext } from './context.js';
import { checkedTimeZone } from './settings.js';

/** Sets the member's IANA time zone, by its canonical name. Existing logs keep their dates. */
export async function setTimezone(ctx: ServiceContext, user: User, timezone: string): Promise<User> {
  // One zone, one spelling: `america/new_york` is stored as `America/New_York`.
  user.timezone = checkedTimeZone(timezone);
  await ctx.em.flush();
  return user;
}

/** Sets the hour (0-12) at which the member's day starts, for night owls. */
export async function setDayStart(ctx: ServiceContext, user: User, hour: number): Promise<User> {
  if (!Number.isInteger(hour) || hour < 0 || hour > 12) {
    throw ValidationError('The day can start at a whole hour from 0 to 12, e.g. `settings daystart 3`.');
  }
  user.dayStartHour = hour;
  await ctx.em.flush();
  return user;
}

/** Everything the member owns, as plain JSON (their export). */
export async function exportMember(ctx: ServiceContext, user: User) {
  const [identities, habits, goals, tokens] = await Promise.all([
    ctx.em.find(Identity, { user }, { orderBy: { createdAt: 'asc' } }),
    ctx.em.find(Habit, { owner: user }, { orderBy: { createdAt: 'asc' } }),
    ctx.em.find(Goal, { owner: user }, { orderBy: { createdAt: 'asc' } }),
    ctx.em.find(ApiToken, { user }, { orderBy: { createdAt: 'asc' } }),
  ]);
  const logs = await ctx.em.find(
    HabitLog,
    { habit: { owner: user } },
    { orderBy: { habit: 'asc', date: 'asc' } },
  );
  const turns = await ctx.em.find(CoachTurn, { user }, { orderBy: { createdAt: 'asc' } });
  const links = await ctx.em.find(GoalHabit, { goal: { owner: user } });
  const journal = await ctx.em.find(
    JournalEntry,
    { user },
    { orderBy: { date: 'asc', createdAt: 'asc', id: 'asc' } },
  );
  // Names only: the other person's data is theirs, not part of this member's export.
  const mentorships = await ctx.em.find(
    Mentorship,
    { $or: [{ mentor: user }, { mentee: user }] },
    { populate: ['mentor', 'mentee'], orderBy: { createdAt: 'asc', id: 'asc' } },
  );
  const memberships = await ctx.em.find(
    GroupMembership,
    { user },
    { populate: ['group'], orderBy: { createdAt: 'asc' } },
  );
  return {
    exportedAt: ctx.now().toISOString(),
    member: {
      id: user.id,
      name: user.name,
      timezone: user.timezone,
      dayStartHour: user.dayStartHour,
      createdAt: user.createdAt,
    },
    identities: identities.map((i) => ({
      platform: i.platform,
      workspace: i.workspace,
      platformUserId: i.platformUserId,
      displayName: i.displayName,
    })),
    habits: habits.map((h) => ({
      id: h.id,
      name: h.name,
      schedule: h.schedule,
      target: h.target,
      difficulty: h.difficulty,
      priority: h.priority,
      status: h.status,
      pausedSpans: h.pausedSpans,
      ruleHistory: h.ruleHistory,
      startDate: h.startDate,
      goalContribution: h.goalContribution,
      logs: logs
        .filter((l) => l.habit.id === h.id)
        .map((l) => ({ date: l.date, status: l.status, amount: l.amount, note: l.note, source: l.source })),
    })),
    goals: goals.map((g) => ({
      id: g.id,
      title: g.title,
      target: g.target,
      unit: g.unit,
      startDate: g.startDate,
      deadline: g.deadline,
      completedAt: g.completedAt,
      parentId: g.parent?.id ?? null,
      habits: links.filter((link) => link.goal.id === g.id).map((link) => link.habit.id),
    })),
    groups: memberships.map(({ group, createdAt }) => ({
      platform: group.platform,
      channelId: group.channelId,
      name: group.name,
      joinedAt: createdAt,
    })),
    journal: journal.map((entry) => ({
      date: entry.date,
      text: entry.text,
      mood: entry.mood,
      sentiment: entry.sentiment,
      sentimentEngine: entry.sentimentEngine,
      tags: entry.tags,
      private: entry.private,
      source: entry.source,
      createdAt: entry.createdAt,
    })),
    mentorships: {
      mentors: mentorships
        .filter((link) => link.mentee.id === user.id)
        .map((link) => ({ name: link.mentor.name, status: link.status, acceptedAt: link.acceptedAt })),
      mentees: mentorships
        .filter((link) => link.mentor.id === user.id)
        .map((link) => ({ name: link.mentee.name, status: link.status, acceptedAt: link.acceptedAt })),
    },
    apiTokens: tokens.map((t) => ({ prefix: t.prefix, createdAt: t.createdAt, lastUsedAt: t.lastUsedAt })),
    coach: turns.map((t) => ({
      at: t.createdAt,
      role: t.role,
      content: t.content,
      tool: t.tool,
      toolArgs: t.toolArgs,
      toolResult: t.toolResult,
      engine: t.engine,
      tokens: t.tokens,
    })),
  };
}

/**
 * Deletes the member and everything they own (every table cascades from the member): journal,
 * mentorships on both sides, invites, nudges; a mentor's AI questions about them lose the link.
 */
export async function forgetMember(ctx: ServiceContext, user: User): Promise<void> {
  await ctx.em.nativeDelete(User, { id: user.id });
}
