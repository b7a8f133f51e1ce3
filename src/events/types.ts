/** The domain events of DESIGN.md section 3, as they travel on the event bus. */
import type { LocalDate, LogStatus } from '../domain/types.js';

export type StrideEvent =
  | {
      type: 'habit_logged';
      userId: string;
      habitId: string;
      date: LocalDate;
      status: LogStatus;
      source: string;
    }
  | { type: 'streak_milestone'; userId: string; habitId: string; streak: number; date: LocalDate }
  | { type: 'habit_at_risk'; userId: string; habitId: string }
  | { type: 'goal_completed'; userId: string; goalId: string }
  | { type: 'nudge_sent'; userId: string; mentorId: string };

export type StrideEventType = StrideEvent['type'];
export type EventOf<T extends StrideEventType> = Extract<StrideEvent, { type: T }>;

/**
 * Which publishers a subscriber hears. `everywhere` (the default) is for observers, such as a live
 * page, that must see what happens in any process; `this-process` is for handlers with side
 * effects, such as enqueueing a celebration, that must run once per event, in the process that
 * published it, however many processes subscribe.
 */
export type EventScope = 'everywhere' | 'this-process';

export interface SubscribeOptions {
  scope?: EventScope;
}

/**
 * The event bus port: in-process by default; Redis pub/sub when several processes run. An event
 * reaches each subscriber once; a failing subscriber never fails the publisher.
 */
export interface EventBus {
  /** Resolves once this process's subscribers have run and other processes were told. */
  publish(event: StrideEvent): Promise<void>;
  subscribe<T extends StrideEventType>(
    type: T,
    handler: (event: EventOf<T>) => Promise<void> | void,
    options?: SubscribeOptions,
  ): () => void;
}
