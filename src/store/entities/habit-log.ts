import { randomUUID } from 'node:crypto';
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import type { LocalDate, LogStatus } from '../../domain/types.js';
import { Habit } from './habit.js';
import { timestampProperties } from './timestamps.js';

/** One habit's log for one local date: at most one per habit and day. */
export class HabitLog {
  [OptionalProps]?: 'amount' | 'note' | 'source' | 'createdAt' | 'updatedAt';
  id: string = randomUUID();
  habit!: Habit;
  date!: LocalDate;
  status!: LogStatus;
  amount: number | null = null;
  note: string | null = null;
  /** Where it was logged: api, cli, slack, discord, telegram, console, coach. */
  source = 'api';
  createdAt = new Date();
  updatedAt = new Date();
}

export const HabitLogSchema = new EntitySchema<HabitLog>({
  class: HabitLog,
  tableName: 'habit_logs',
  // One log per habit per day; the same index serves every "logs of a habit in a date range" query,
  // and carries what a streak reads (status, amount), so a habit's history is an index-only scan.
  uniques: [
    {
      name: 'habit_logs_habit_id_date_unique',
      properties: ['habit', 'date'],
      expression:
        'alter table "habit_logs" add constraint "habit_logs_habit_id_date_unique" unique ("habit_id", "date") include ("status", "amount")',
    },
  ],
  properties: {
    id: { type: 'uuid', primary: true },
    habit: { kind: 'm:1', entity: () => Habit, deleteRule: 'cascade' },
    date: { type: 'date' },
    status: { type: 'string', length: 10 },
    amount: { type: 'double', nullable: true },
    note: { type: 'text', nullable: true },
    source: { type: 'string', length: 20 },
    ...timestampProperties,
  },
});
