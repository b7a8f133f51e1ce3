/**
 * Celebrations, driven by events rather than a scan: a streak milestone or a completed goal becomes
 * a short message in the outbox, enqueued by the process that wrote the log (with JOBS=off too;
 * whichever process delivers sends it). Every path that logs — a command, a button, the coach's
 * tool, the API and its imports — goes through logHabit or importLogs (log-habit.ts), which publish
 * streak_milestone, and through refreshGoalsOfHabit (goals.ts), which publishes goal_completed.
 * Keys: `milestone:<habit>:<streak>:<date>` and `goal:<goal>`. Quiet hours hold them.
 */
import { streakUnit } from '../domain/streaks.js';
import type { EventBus, EventOf } from '../events/types.js';
import { goalReply, milestoneReply } from '../language/outreach.js';
import type { Logger } from '../logger.js';
import { Goal, Habit, User } from '../store/entities/index.js';
import type { ServiceContext } from './context.js';
import type { Outbox } from './outbox.js';
import { quietHold } from './quiet-hours.js';
import { rulesOf } from './rules.js';

export interface CelebrationDependencies {
  events: EventBus;
  /** A fresh service context for each celebration (its own EntityManager). */
  services(): ServiceContext;
  outbox: Outbox;
  logger?: Logger;
}

/** Subscribes the celebrations to the event bus; returns the unsubscriber. */
export function subscribeCelebrations(deps: CelebrationDependencies): () => void {
  // Only events published by this process: with several processes on a shared bus, each event is
  // celebrated by the one that wrote the log, not once per process.
  const here = { scope: 'this-process' } as const;
  const unsubscribers = [
    deps.events.subscribe('streak_milestone', (event) => celebrateMilestone(deps, event), here),
    deps.events.subscribe('goal_completed', (event) => celebrateGoal(deps, event), here),
  ];
  return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
}

async function celebrateMilestone(
  deps: CelebrationDependencies,
  event: EventOf<'streak_milestone'>,
): Promise<void> {
  const ctx = deps.services();
  const habit = await ctx.em.findOne(
    Habit,
    { id: event.habitId, owner: event.userId },
    { populate: ['owner'] },
  );
  if (!habit) return;
  const notBefore = quietHold(ctx.now(), habit.owner);
  await deps.outbox.enqueue(ctx, [
    {
      userId: event.userId,
      kind: 'milestone',
      dedupeKey: `milestone:${habit.id}:${event.streak}:${event.date}`,
      reply: milestoneReply(habit, event.streak, streakUnit(rulesOf(habit))),
      ...(notBefore ? { notBefore } : {}),
    },
  ]);
}

async function celebrateGoal(deps: CelebrationDependencies, event: EventOf<'goal_completed'>): Promise<void> {
  const ctx = deps.services();
  const goal = await ctx.em.findOne(Goal, { id: event.goalId, owner: event.userId });
  const member = await ctx.em.findOne(User, { id: event.userId });
  if (!goal || !member) return;
  const notBefore = quietHold(ctx.now(), member);
  await deps.outbox.enqueue(ctx, [
    {
      userId: event.userId,
      kind: 'goal',
      dedupeKey: `goal:${goal.id}`,
      reply: goalReply(goal.title),
      ...(notBefore ? { notBefore } : {}),
    },
  ]);
}
