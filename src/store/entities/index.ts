export { ApiToken, ApiTokenSchema } from './api-token.js';
export { CoachPlan, CoachPlanSchema, CoachTurn, CoachTurnSchema, type CoachRole } from './coach.js';
export {
  ChatAction,
  ChatActionSchema,
  HandledEvent,
  HandledEventSchema,
  LinkCode,
  LinkCodeSchema,
} from './chat.js';
export { Goal, GoalHabit, GoalHabitSchema, GoalSchema } from './goal.js';
export { Group, GroupMembership, GroupMembershipSchema, GroupSchema } from './group.js';
export { Habit, HabitSchema, type HabitStatus, type Priority } from './habit.js';
export { HabitLog, HabitLogSchema } from './habit-log.js';
export { Identity, IdentitySchema } from './identity.js';
export { JournalEntry, JournalEntrySchema } from './journal.js';
export {
  MentorInsight,
  MentorInsightSchema,
  MentorInvite,
  MentorInviteSchema,
  MentorLoginLink,
  MentorLoginLinkSchema,
  MentorNudge,
  MentorNudgeSchema,
  MentorSession,
  MentorSessionSchema,
  Mentorship,
  MentorshipSchema,
  type MentorshipStatus,
} from './mentor.js';
export {
  JobRun,
  JobRunSchema,
  OutboxMessage,
  OutboxMessageSchema,
  type OutboxChannel,
  type OutboxStatus,
} from './outbox.js';
export { User, UserSchema } from './user.js';

import { ApiTokenSchema } from './api-token.js';
import { CoachPlanSchema, CoachTurnSchema } from './coach.js';
import { ChatActionSchema, HandledEventSchema, LinkCodeSchema } from './chat.js';
import { GoalHabitSchema, GoalSchema } from './goal.js';
import { GroupMembershipSchema, GroupSchema } from './group.js';
import { HabitSchema } from './habit.js';
import { HabitLogSchema } from './habit-log.js';
import { IdentitySchema } from './identity.js';
import { JournalEntrySchema } from './journal.js';
import {
  MentorInsightSchema,
  MentorInviteSchema,
  MentorLoginLinkSchema,
  MentorNudgeSchema,
  MentorSessionSchema,
  MentorshipSchema,
} from './mentor.js';
import { JobRunSchema, OutboxMessageSchema } from './outbox.js';
import { UserSchema } from './user.js';

/** Every entity schema, for the ORM's discovery. */
export const entitySchemas = [
  UserSchema,
  IdentitySchema,
  HabitSchema,
  HabitLogSchema,
  GoalSchema,
  GoalHabitSchema,
  ApiTokenSchema,
  ChatActionSchema,
  HandledEventSchema,
  LinkCodeSchema,
  CoachTurnSchema,
  CoachPlanSchema,
  OutboxMessageSchema,
  JobRunSchema,
  GroupSchema,
  GroupMembershipSchema,
  MentorshipSchema,
  MentorInviteSchema,
  MentorLoginLinkSchema,
  MentorSessionSchema,
  MentorInsightSchema,
  MentorNudgeSchema,
  JournalEntrySchema,
];
