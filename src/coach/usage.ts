/**
 * What the coach's limits count: a member's messages in the last hour (COACH_RATE_LIMIT_PER_HOUR)
 * and the model tokens their answers used in the last 24 hours (COACH_DAILY_TOKEN_BUDGET). The
 * default counts the stored conversation itself, in PostgreSQL, which every process shares already;
 * with Redis (./redis-usage.ts) the counts live there, so a message is admitted atomically (two
 * messages sent at once cannot both take the last slot) and without aggregate queries.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { User } from '../store/entities/index.js';
import { countMemberMessagesSince, tokensSpentSince } from '../store/repositories/index.js';

export const HOUR_MS = 60 * 60 * 1000;
export const DAY_MS = 24 * HOUR_MS;

/** Whose usage, when, and the unit of work the coach runs in. */
export interface UsageRequest {
  em: EntityManager;
  member: User;
  now: Date;
}

export interface CoachUsage {
  /**
   * Counts the member's message at `now`, unless `limit` messages were counted in the hour before
   * it; `lastHour` is how many were. A refused message is not counted.
   */
  admitMessage(request: UsageRequest, limit: number): Promise<{ admitted: boolean; lastHour: number }>;
  /** The model tokens the member's answers used in the 24 hours before `now`. */
  tokensLastDay(request: UsageRequest): Promise<number>;
  /** Counts the tokens one model answer used. */
  recordTokens(request: UsageRequest, tokens: number): Promise<void>;
}

/**
 * Counts the coach turns in the database: the member's messages (the coach stores each admitted
 * one as a turn) and the tokens stored on the model's turns, so there is nothing else to record.
 */
export const databaseCoachUsage: CoachUsage = {
  async admitMessage({ em, member, now }, limit) {
    const lastHour = await countMemberMessagesSince(em, member, new Date(now.getTime() - HOUR_MS));
    return { admitted: lastHour < limit, lastHour };
  },
  tokensLastDay: ({ em, member, now }) => tokensSpentSince(em, member, new Date(now.getTime() - DAY_MS)),
  async recordTokens() {},
};
