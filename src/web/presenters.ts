/** What the API returns for each stored thing, and the schemas that document it. */
import { z } from 'zod';
import { scheduleSchema, targetSchema } from '../services/inputs.js';
import type { GoalProgress } from '../services/goals.js';
import type { WrittenDayLog } from '../services/logs.js';
import type { Goal, Habit, User } from '../store/entities/index.js';

const date = z.string().meta({ format: 'date' });

export const habitDto = z
  .object({
    id: z.uuid(),
    name: z.string(),
    schedule: scheduleSchema,
    target: targetSchema.nullable(),
    difficulty: z.enum(['easy', 'medium', 'hard']),
    priority: z.enum(['low', 'medium', 'high']),
    status: z.enum(['active', 'paused', 'archived']),
    pausedSpans: z.array(z.object({ from: date, to: date.nullable() })),
    startDate: date,
    goalContribution: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Habit' });

export const logDto = z
  .object({
    date,
    status: z.enum(['done', 'skipped', 'missed']),
    amount: z.number().nullable(),
    note: z.string().nullable(),
    source: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Log' });

export const goalDto = z
  .object({
    id: z.uuid(),
    title: z.string(),
    target: z.number(),
    unit: z.string().nullable(),
    startDate: date,
    deadline: date.nullable(),
    completedAt: z.string().nullable(),
    habits: z.array(z.uuid()),
    createdAt: z.string(),
  })
  .meta({ id: 'Goal' });

export const progressDto = z
  .object({
    current: z.number(),
    target: z.number(),
    fraction: z.number(),
    completed: z.boolean(),
    completedAt: z.string().nullable(),
  })
  .meta({ id: 'GoalProgress' });

export const userDto = z
  .object({ id: z.uuid(), name: z.string(), timezone: z.string(), dayStartHour: z.number() })
  .meta({ id: 'Member' });

export function presentHabit(habit: Habit): z.infer<typeof habitDto> {
  return {
    id: habit.id,
    name: habit.name,
    schedule: habit.schedule,
    target: habit.target,
    difficulty: habit.difficulty,
    priority: habit.priority,
    status: habit.status,
    pausedSpans: habit.pausedSpans,
    startDate: habit.startDate,
    goalContribution: habit.goalContribution,
    createdAt: habit.createdAt.toISOString(),
    updatedAt: habit.updatedAt.toISOString(),
  };
}

export function presentLog(log: WrittenDayLog): z.infer<typeof logDto> {
  return {
    date: log.date,
    status: log.status,
    amount: log.amount,
    note: log.note,
    source: log.source,
    updatedAt: new Date(log.updatedAt).toISOString(),
  };
}

export function presentGoal(goal: Goal, habitIds: string[]): z.infer<typeof goalDto> {
  return {
    id: goal.id,
    title: goal.title,
    target: goal.target,
    unit: goal.unit,
    startDate: goal.startDate,
    deadline: goal.deadline,
    completedAt: goal.completedAt?.toISOString() ?? null,
    habits: habitIds,
    createdAt: goal.createdAt.toISOString(),
  };
}

export function presentProgress(progress: GoalProgress): z.infer<typeof progressDto> {
  return { ...progress, completedAt: progress.completedAt?.toISOString() ?? null };
}

export function presentUser(user: User): z.infer<typeof userDto> {
  return { id: user.id, name: user.name, timezone: user.timezone, dayStartHour: user.dayStartHour };
}
