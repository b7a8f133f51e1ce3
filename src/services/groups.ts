/**
 * Groups: a chat channel made a Stride group by an admin, the members who join it, its weekly
 * review time, and the numbers it shows (src/domain/groups.ts). Only members who joined are ever
 * loaded for a group, so nothing of anyone else can reach its posts.
 */
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { addDays, civilOf, dayNumberOf, startOfWeek, toDayNumber } from '../domain/dates.js';
import {
  biggestImprovement,
  fellBehind,
  groupBoard,
  groupStreak,
  memberWeek,
  type BoardEntry,
  type Encouragement,
  type GroupMember,
  type GroupStreak,
  type Improvement,
  type MemberWeek,
} from '../domain/groups.js';
import type { LocalDate } from '../domain/types.js';
import { localWallAt, wallInstant, type WallMinute } from '../domain/wall-clock.js';
import { ConflictError } from '../errors.js';
import { Group, GroupMembership, Habit, type User } from '../store/entities/index.js';
import { dayLogsOfHabits } from '../store/repositories/index.js';
import { todayFor, type ServiceContext } from './context.js';
import { rulesOf } from './rules.js';
import { checkedTimeZone } from './settings.js';

/** The channel a command came from, as groups are keyed. */
export interface ChannelRef {
  platform: string;
  /** The Slack team; '' where channel ids are global. */
  workspace: string;
  channelId: string;
  name?: string;
}

/** When a group's weekly review is posted: a local weekday and time in a zone. */
export interface ReviewTime {
  /** 1 Monday … 7 Sunday. */
  weekday: number;
  minute: WallMinute;
  timezone: string;
}

export const DEFAULT_REVIEW: Omit<ReviewTime, 'timezone'> = { weekday: 1, minute: 9 * 60 };

/** The group of a channel, or null when the channel is not one. */
export async function groupOfChannel(ctx: ServiceContext, channel: ChannelRef): Promise<Group | null> {
  return ctx.em.findOne(Group, {
    platform: channel.platform,
    workspace: channel.workspace,
    channelId: channel.channelId,
  });
}

/** Makes the channel a group; 409 when it is one already (one group per channel). */
export async function setupGroup(
  ctx: ServiceContext,
  admin: User,
  channel: ChannelRef,
  review: ReviewTime,
): Promise<Group> {
  const timezone = checkedTimeZone(review.timezone);
  const group = ctx.em.create(Group, {
    platform: channel.platform,
    workspace: channel.workspace,
    channelId: channel.channelId,
    name: channel.name?.slice(0, 100) ?? null,
    reviewWeekday: review.weekday,
    reviewMinute: review.minute,
    timezone,
    reviewFrom: ctx.now(),
    createdBy: admin,
  });
  try {
    await ctx.em.flush();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException)
      throw ConflictError('This channel is a Stride group already.', 'group_exists');
    throw error;
  }
  return group;
}

/** A change of the review: a field left out stays as it is. */
export interface ReviewChange extends Partial<ReviewTime> {
  enabled?: boolean;
}

/**
 * Changes the review time or turns it on or off. A new time counts from now: a review already
 * posted this week is not posted again, and a time already past this week waits for next week.
 */
export async function changeReview(ctx: ServiceContext, group: Group, change: ReviewChange): Promise<Group> {
  if (change.timezone !== undefined) group.timezone = checkedTimeZone(change.timezone);
  if (change.weekday !== undefined) group.reviewWeekday = change.weekday;
  if (change.minute !== undefined) group.reviewMinute = change.minute;
  if (change.enabled !== undefined) group.reviewEnabled = change.enabled;
  group.reviewFrom = ctx.now();
  await ctx.em.flush();
  return group;
}

/** Deletes the group and every membership of it; its members' habits are untouched. */
export async function deleteGroup(ctx: ServiceContext, group: Group): Promise<void> {
  await ctx.em.nativeDelete(Group, { id: group.id });
}

/** Joins `user` to the group; false when they were in it already. */
export async function joinGroup(ctx: ServiceContext, group: Group, user: User): Promise<boolean> {
  const inserted = await ctx.em.execute<{ id: string }[]>(
    `insert into group_memberships (id, group_id, user_id, created_at, updated_at)
     values (gen_random_uuid(), ?, ?, ?, ?) on conflict (group_id, user_id) do nothing returning id`,
    [group.id, user.id, ctx.now(), ctx.now()],
  );
  return inserted.length > 0;
}

/** Takes `user` out of the group; false when they were not in it. */
export async function leaveGroup(ctx: ServiceContext, group: Group, user: User): Promise<boolean> {
  return (await ctx.em.nativeDelete(GroupMembership, { group, user })) > 0;
}

export async function isMemberOf(ctx: ServiceContext, group: Group, user: User): Promise<boolean> {
  return (await ctx.em.count(GroupMembership, { group, user })) > 0;
}

/** The groups `user` joined, with when; oldest first. */
export async function groupsOfMember(ctx: ServiceContext, user: User): Promise<GroupMembership[]> {
  return ctx.em.find(
    GroupMembership,
    { user },
    { populate: ['group'], orderBy: { createdAt: 'asc', id: 'asc' } },
  );
}

/** What a group shows: its joined members' numbers, each on their own calendar. */
export interface GroupReport {
  group: Group;
  /** Monday of the week reported, on the group's calendar. */
  weekStart: LocalDate;
  members: GroupMember[];
  weeks: Map<string, MemberWeek>;
  streak: GroupStreak;
  board: BoardEntry[];
  improvement: Improvement | null;
  behind: Encouragement[];
}

/**
 * The group's numbers now: the week containing `weekOf` (the group's today unless given) for each
 * joined member, the group streak, the board, the biggest improvement and who could use a word
 * of encouragement. Loads only joined members, their current habits and those habits' logs.
 */
export async function groupReport(
  ctx: ServiceContext,
  group: Group,
  weekOf?: LocalDate,
): Promise<GroupReport> {
  const memberships = await ctx.em.find(
    GroupMembership,
    { group },
    { populate: ['user'], orderBy: { createdAt: 'asc', id: 'asc' } },
  );
  const users = memberships.map((membership) => membership.user);
  const habits = users.length
    ? await ctx.em.find(
        Habit,
        { owner: { $in: users }, status: { $ne: 'archived' } },
        { orderBy: { createdAt: 'asc', id: 'asc' } },
      )
    : [];
  const logs = await dayLogsOfHabits(
    ctx.em,
    habits.map((habit) => habit.id),
  );
  const members: GroupMember[] = users.map((user) => ({
    id: user.id,
    name: user.name,
    today: todayFor(ctx, user),
    habits: habits
      .filter((habit) => habit.owner.id === user.id)
      .map((habit) => ({ rules: rulesOf(habit), logs: logs.get(habit.id) ?? [] })),
  }));
  const weekStart = startOfWeek(weekOf ?? localWallAt(ctx.now(), group.timezone).date);
  return {
    group,
    weekStart,
    members,
    weeks: new Map(members.map((member) => [member.id, memberWeek(member, weekStart)])),
    streak: groupStreak(members),
    board: groupBoard(members),
    improvement: biggestImprovement(members),
    behind: fellBehind(members),
  };
}

/** `2026-W48`: the ISO week a date falls in (its Thursday's year). */
export function isoWeekLabel(date: LocalDate): string {
  const thursday = toDayNumber(startOfWeek(date)) + 3;
  const [year] = civilOf(thursday);
  const week = Math.floor((thursday - dayNumberOf(year, 1, 1)) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** This week's review instant of the group, as of `now` (the week of the group's local date). */
export function reviewInstantOfWeek(group: Group, now: Date): { week: string; at: Date } {
  const today = localWallAt(now, group.timezone).date;
  const day = addDays(startOfWeek(today), group.reviewWeekday - 1);
  return { week: isoWeekLabel(today), at: wallInstant(day, group.reviewMinute, group.timezone) };
}

/**
 * Groups whose review is due at `now`: enabled, this week's review time reached (and reached
 * after the group was made or its time last changed) and not yet enqueued this week. A worker that
 * was down at the time posts when it is back, within the same week.
 */
export async function reviewsDue(ctx: ServiceContext, now: Date): Promise<{ group: Group; week: string }[]> {
  const groups = await ctx.em.find(Group, { reviewEnabled: true }, { orderBy: { id: 'asc' } });
  return groups.flatMap((group) => {
    const { week, at } = reviewInstantOfWeek(group, now);
    const due = at <= now && at >= group.reviewFrom && group.lastReviewWeek !== week;
    return due ? [{ group, week }] : [];
  });
}

/** Claims the group's review of `week`: true for exactly one caller, however many race. */
export async function claimReview(ctx: ServiceContext, group: Group, week: string): Promise<boolean> {
  const claimed = await ctx.em.execute<{ id: string }[]>(
    `update groups set last_review_week = ?, updated_at = ? where id = ? and last_review_week is distinct from ? returning id`,
    [week, ctx.now(), group.id, week],
  );
  return claimed.length > 0;
}
