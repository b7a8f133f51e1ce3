/** One member's own domain events, whatever their type: what a live client (the API's stream) follows. */
import type { EventBus, StrideEvent, StrideEventType } from './types.js';

// A record, not a list, so that a new event type fails the type check until it is named here.
const EVENT_TYPES: Record<StrideEventType, true> = {
  habit_logged: true,
  streak_milestone: true,
  habit_at_risk: true,
  goal_completed: true,
  nudge_sent: true,
};

/** Every domain event type, in a stable order. */
export const STRIDE_EVENT_TYPES = Object.keys(EVENT_TYPES) as StrideEventType[];

/**
 * Calls `handler` with every event about the member `userId`, and with no one else's. Returns the
 * function that unsubscribes from every type at once.
 */
export function subscribeToMember(
  bus: EventBus,
  userId: string,
  handler: (event: StrideEvent) => void,
): () => void {
  const unsubscribers = STRIDE_EVENT_TYPES.map((type) =>
    bus.subscribe(type, (event) => {
      if (event.userId === userId) handler(event);
    }),
  );
  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}
