import { randomUUID } from 'node:crypto';
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import { timestampProperties } from './timestamps.js';
import { User } from './user.js';

/**
 * A chat channel that is a Stride group (a Slack channel, a Discord channel, a Telegram group):
 * members who join share their weekly summary there, and a weekly review is posted at the
 * group's local weekday and time. One group per channel.
 */
export class Group {
  [OptionalProps]?:
    | 'workspace'
    | 'name'
    | 'reviewEnabled'
    | 'lastReviewWeek'
    | 'reviewFrom'
    | 'createdBy'
    | 'createdAt'
    | 'updatedAt';
  id: string = randomUUID();
  platform!: string;
  /** The Slack team; '' where channel ids are global (Discord, Telegram). */
  workspace = '';
  channelId!: string;
  /** The channel's name when the platform told it (`general`, a Telegram group's title). */
  name: string | null = null;
  /** ISO weekday of the review: 1 Monday … 7 Sunday. */
  reviewWeekday!: number;
  /** Local minute of the day of the review (540 is 09:00). */
  reviewMinute!: number;
  timezone!: string;
  reviewEnabled = true;
  /** The ISO week (`2026-W48`) of the last review enqueued: one review per week. */
  lastReviewWeek: string | null = null;
  /**
   * No review before this instant: set when the group is made or its review time changes, so a
   * group set up on a Wednesday with a Monday review waits for Monday instead of posting at once.
   */
  reviewFrom: Date = new Date();
  /** The admin who set it up; null once they are forgotten. */
  createdBy: User | null = null;
  createdAt = new Date();
  updatedAt = new Date();
}

/** A member who joined a group: only they are ever shown to it. */
export class GroupMembership {
  [OptionalProps]?: 'createdAt' | 'updatedAt';
  id: string = randomUUID();
  group!: Group;
  user!: User;
  /** When they joined. */
  createdAt = new Date();
  updatedAt = new Date();
}

export const GroupSchema = new EntitySchema<Group>({
  class: Group,
  tableName: 'groups',
  uniques: [
    { name: 'groups_platform_workspace_channel_unique', properties: ['platform', 'workspace', 'channelId'] },
  ],
  properties: {
    id: { type: 'uuid', primary: true },
    platform: { type: 'string', length: 20 },
    workspace: { type: 'string', length: 100, default: '' },
    channelId: { type: 'string', length: 100 },
    name: { type: 'string', length: 100, nullable: true },
    reviewWeekday: { type: 'smallint' },
    reviewMinute: { type: 'smallint' },
    timezone: { type: 'string', length: 64 },
    reviewEnabled: { type: 'boolean', default: true },
    lastReviewWeek: { type: 'string', length: 10, nullable: true },
    reviewFrom: { type: 'Date' },
    createdBy: {
      kind: 'm:1',
      entity: () => User,
      deleteRule: 'set null',
      nullable: true,
      index: 'groups_created_by_id_index',
    },
    ...timestampProperties,
  },
});

export const GroupMembershipSchema = new EntitySchema<GroupMembership>({
  class: GroupMembership,
  tableName: 'group_memberships',
  uniques: [{ name: 'group_memberships_group_id_user_id_unique', properties: ['group', 'user'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    group: { kind: 'm:1', entity: () => Group, deleteRule: 'cascade' },
    user: {
      kind: 'm:1',
      entity: () => User,
      deleteRule: 'cascade',
      index: 'group_memberships_user_id_index',
    },
    ...timestampProperties,
  },
});
