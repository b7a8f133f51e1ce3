/** What every use case runs with: its own EntityManager, the event bus, and the clock. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { localDateAt } from '../domain/dates.js';
import type { LocalDate } from '../domain/types.js';
import type { EventBus } from '../events/types.js';
import type { Habit, User } from '../store/entities/index.js';

export interface ServiceContext {
  /** Forked per request or job; never the global one. */
  em: EntityManager;
  events: EventBus;
  /** The current instant; tests pin it. */
  now(): Date;
  /**
   * A habit read ahead with the request's member (authenticateToken), taken by the request's first
   * getHabit, which comes before anything is written; later ones read again.
   */
  habitRead?: Habit;
}

/** The member's local date right now, in their time zone and with their day start hour. */
export function todayFor(ctx: ServiceContext, user: User): LocalDate {
  return localDateAt(ctx.now(), user.timezone, user.dayStartHour);
}
