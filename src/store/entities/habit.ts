import { randomUUID } from 'node:crypto';
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import type {
  Difficulty,
  LocalDate,
  NumericTarget,
  PastRules,
  PausedSpan,
  Schedule,
} from '../../domain/types.js';
import { timestampProperties } from './timestamps.js';
import { User } from './user.js';

export type HabitStatus = 'active' | 'paused' | 'archived';
export type Priority = 'low' | 'medium' | 'high';

/** A habit a member tracks, with its schedule and optional numeric daily target. */
export class Habit {
  [OptionalProps]?:
    | 'target'
    | 'difficulty'
    | 'priority'
    | 'status'
    | 'pausedSpans'
    | 'goalContribution'
    | 'declaredStartDate'
    | 'ruleHistory'
    | 'reminderMinute'
    | 'atRiskSince'
    | 'lastDoneOn'
    | 'riskCheckedOn'
    | 'createdAt'
    | 'updatedAt';
  id: string = randomUUID();
  owner!: User;
  name!: string;
  schedule!: Schedule;
  target: NumericTarget | null = null;
  difficulty: Difficulty = 'medium';
  priority: Priority = 'medium';
  status: HabitStatus = 'active';
  /** Every pause, kept so that paused days stay transparent to streaks after a resume. */
  pausedSpans: PausedSpan[] = [];
  /** The first day the habit counts: the earlier of its declared start and its earliest log. */
  startDate!: LocalDate;
  /**
   * The start the member gave (at creation or by an edit), kept apart from `startDate` so that
   * undoing a backdated log moves the start back to it rather than leaving it where the log put it.
   */
  declaredStartDate!: LocalDate;
  /** What a done log adds to the goals this habit contributes to (numeric habits add the amount). */
  goalContribution = 1;
  /** The schedules and targets it had before edits, oldest first: past days keep their rules. */
  ruleHistory: PastRules[] = [];
  /** This habit's own reminder, a local wall-clock minute (0..1439), or null. */
  reminderMinute: number | null = null;
  /**
   * Set by the risk scan when the last two due days were missed: the first of them, which names
   * the episode (one alert each). The next done log clears it.
   */
  atRiskSince: LocalDate | null = null;
  /**
   * Scan state, kept by src/services/logs.ts: the latest date whose log counts as done (a numeric
   * log must meet the target in force that day), or null. The risk scan reads it instead of the logs.
   */
  lastDoneOn: LocalDate | null = null;
  /**
   * The member's local date on which the risk scan last found the habit not at risk; a log or an
   * edit clears it, so the scan judges each habit at most once a day (or once a period).
   */
  riskCheckedOn: LocalDate | null = null;
  createdAt = new Date();
  updatedAt = new Date();
}

export const HabitSchema = new EntitySchema<Habit>({
  class: Habit,
  tableName: 'habits',
  // One live habit per name and member, whatever the case: the database decides, so concurrent
  // creates cannot both pass. Archived habits free their name.
  uniques: [
    {
      name: 'habits_owner_id_lower_name_unique',
      expression:
        'create unique index "habits_owner_id_lower_name_unique" on "habits" ("owner_id", lower("name")) where "status" <> \'archived\'',
    },
  ],
  // The reminder scan and the risk scan's candidates (src/store/repositories).
  indexes: [
    {
      name: 'habits_reminder_minute_index',
      expression:
        'create index "habits_reminder_minute_index" on "habits" ("reminder_minute") where "reminder_minute" is not null',
    },
    {
      name: 'habits_risk_due_index',
      expression:
        'create index "habits_risk_due_index" on "habits" ("last_done_on") where "at_risk_since" is null and "status" = \'active\' and "schedule"->>\'kind\' <> \'per_period\'',
    },
    {
      name: 'habits_risk_period_index',
      expression:
        'create index "habits_risk_period_index" on "habits" ("risk_checked_on") where "at_risk_since" is null and "status" = \'active\' and "schedule"->>\'kind\' = \'per_period\'',
    },
  ],
  properties: {
    id: { type: 'uuid', primary: true },
    owner: { kind: 'm:1', entity: () => User, deleteRule: 'cascade', index: 'habits_owner_id_index' },
    name: { type: 'string', length: 100 },
    schedule: { type: 'json' },
    target: { type: 'json', nullable: true },
    difficulty: { type: 'string', length: 10 },
    priority: { type: 'string', length: 10 },
    status: { type: 'string', length: 10 },
    pausedSpans: { type: 'json' },
    startDate: { type: 'date' },
    declaredStartDate: { type: 'date', onCreate: (habit: Habit) => habit.startDate },
    goalContribution: { type: 'double' },
    ruleHistory: { type: 'json' },
    reminderMinute: { type: 'smallint', nullable: true },
    atRiskSince: { type: 'date', nullable: true },
    lastDoneOn: { type: 'date', nullable: true },
    riskCheckedOn: { type: 'date', nullable: true },
    ...timestampProperties,
  },
});
