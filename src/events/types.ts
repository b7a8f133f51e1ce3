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

/** The event bus port: in-process by default; Redis pub/sub when several processes run. */
export interface EventBus {
  publish(event: StrideEvent): Promise<void>;
  subscribe<T extends StrideEventType>(
    type: T,
    handler: (event: EventOf<T>) => Promise<void> | void,
  ): () => void;
}
