import { randomUUID } from 'node:crypto';
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import type { LocalDate } from '../../domain/types.js';
import { timestampProperties } from './timestamps.js';

/** A member: one person, whatever platforms they use. */
export class User {
  [OptionalProps]?:
    | 'timezone'
    | 'dayStartHour'
    | 'reminderMinute'
    | 'quietStartMinute'
    | 'quietEndMinute'
    | 'nudges'
    | 'notifyPlatform'
    | 'lastLoggedOn'
    | 'nudgedSpellFrom'
    | 'createdAt'
    | 'updatedAt';
  id: string = randomUUID();
  name!: string;
  /** IANA zone; every log belongs to the member's local date in it. */
  timezone = 'UTC';
  /** A day that starts at 03:00 counts 01:30 as the day before. */
  dayStartHour = 0;
  /** The daily reminder's local wall-clock minute (0..1439), or null for none. */
  reminderMinute: number | null = null;
  /** Quiet hours (local minutes, start inclusive, end exclusive): nudges and alerts wait for the end. */
  quietStartMinute: number | null = null;
  quietEndMinute: number | null = null;
  /** Whether Stride nudges the member after two quiet days. */
  nudges = true;
  /** The platform messages go to; null: where the member last talked to Stride privately. */
  notifyPlatform: string | null = null;
  /**
   * Scan state, kept by src/services/logs.ts: the latest local date with any log of any habit, or
   * null when the member never logged. The nudge scan reads it instead of the logs.
   */
  lastLoggedOn: LocalDate | null = null;
  /** The first day of the inactive spell the member was last nudged for (one nudge per spell). */
  nudgedSpellFrom: LocalDate | null = null;
  createdAt = new Date();
  updatedAt = new Date();
}

export const UserSchema = new EntitySchema<User>({
  class: User,
  tableName: 'users',
  indexes: [
    {
      // The reminder scan reads each zone's firing window as one range of this index.
      name: 'users_reminder_minute_index',
      expression:
        'create index "users_reminder_minute_index" on "users" ("timezone", "reminder_minute") where "reminder_minute" is not null',
    },
    {
      name: 'users_nudge_due_index',
      expression:
        'create index "users_nudge_due_index" on "users" ("last_logged_on") where "nudges" and ("nudged_spell_from" is null or "last_logged_on" >= "nudged_spell_from")',
    },
  ],
  properties: {
    id: { type: 'uuid', primary: true },
    name: { type: 'string', length: 100 },
    timezone: { type: 'string', length: 64 },
    dayStartHour: { type: 'smallint' },
    reminderMinute: { type: 'smallint', nullable: true },
    quietStartMinute: { type: 'smallint', nullable: true },
    quietEndMinute: { type: 'smallint', nullable: true },
    nudges: { type: 'boolean', default: true },
    notifyPlatform: { type: 'string', length: 20, nullable: true },
    lastLoggedOn: { type: 'date', nullable: true },
    nudgedSpellFrom: { type: 'date', nullable: true },
    ...timestampProperties,
  },
});
