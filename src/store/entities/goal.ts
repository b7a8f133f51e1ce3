import { randomUUID } from 'node:crypto';
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import type { LocalDate } from '../../domain/types.js';
import { Habit } from './habit.js';
import { timestampProperties } from './timestamps.js';
import { User } from './user.js';

/** A target to reach by an optional deadline, fed by the done logs of its habits. */
export class Goal {
  [OptionalProps]?: 'parent' | 'position' | 'unit' | 'deadline' | 'completedAt' | 'createdAt' | 'updatedAt';
  id: string = randomUUID();
  owner!: User;
  /** Set on the subgoals of a plan. */
  parent: Goal | null = null;
  /** Order among the subgoals of one parent. */
  position = 0;
  title!: string;
  target!: number;
  unit: string | null = null;
  startDate!: LocalDate;
  deadline: LocalDate | null = null;
  /** Set once, when progress first reaches the target. */
  completedAt: Date | null = null;
  createdAt = new Date();
  updatedAt = new Date();
}

/** A habit that contributes to a goal. */
export class GoalHabit {
  [OptionalProps]?: 'createdAt' | 'updatedAt';
  id: string = randomUUID();
  goal!: Goal;
  habit!: Habit;
  createdAt = new Date();
  updatedAt = new Date();
}

export const GoalSchema = new EntitySchema<Goal>({
  class: Goal,
  tableName: 'goals',
  // One top-level goal per title and member, whatever the case. Subgoals belong to their plan and
  // may repeat a title ("Week 1" under two goals).
  uniques: [
    {
      name: 'goals_owner_id_lower_title_unique',
      expression:
        'create unique index "goals_owner_id_lower_title_unique" on "goals" ("owner_id", lower("title")) where "parent_id" is null',
    },
  ],
  properties: {
    id: { type: 'uuid', primary: true },
    owner: { kind: 'm:1', entity: () => User, deleteRule: 'cascade', index: 'goals_owner_id_index' },
    parent: {
      kind: 'm:1',
      entity: () => Goal,
      nullable: true,
      deleteRule: 'cascade',
      index: 'goals_parent_id_index',
    },
    position: { type: 'integer' },
    title: { type: 'string', length: 200 },
    target: { type: 'double' },
    unit: { type: 'string', length: 30, nullable: true },
    startDate: { type: 'date' },
    deadline: { type: 'date', nullable: true },
    completedAt: { type: 'Date', nullable: true },
    ...timestampProperties,
  },
});

export const GoalHabitSchema = new EntitySchema<GoalHabit>({
  class: GoalHabit,
  tableName: 'goal_habits',
  uniques: [{ name: 'goal_habits_goal_id_habit_id_unique', properties: ['goal', 'habit'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    goal: { kind: 'm:1', entity: () => Goal, deleteRule: 'cascade' },
    // Finds the goals to update when a habit is logged.
    habit: { kind: 'm:1', entity: () => Habit, deleteRule: 'cascade', index: 'goal_habits_habit_id_index' },
    ...timestampProperties,
  },
});
