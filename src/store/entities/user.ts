import { randomUUID } from 'node:crypto';
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import { timestampProperties } from './timestamps.js';

/** A member: one person, whatever platforms they use. */
export class User {
  [OptionalProps]?: 'timezone' | 'dayStartHour' | 'createdAt' | 'updatedAt';
  id: string = randomUUID();
  name!: string;
  /** IANA zone; every log belongs to the member's local date in it. */
  timezone = 'UTC';
  /** A day that starts at 03:00 counts 01:30 as the day before. */
  dayStartHour = 0;
  createdAt = new Date();
  updatedAt = new Date();
}

export const UserSchema = new EntitySchema<User>({
  class: User,
  tableName: 'users',
  properties: {
    id: { type: 'uuid', primary: true },
    name: { type: 'string', length: 100 },
    timezone: { type: 'string', length: 64 },
    dayStartHour: { type: 'smallint' },
    ...timestampProperties,
  },
});
