import type { Logger } from '../logger.js';
import type { EventBus, EventOf, StrideEvent, StrideEventType } from './types.js';

type Handler = (event: StrideEvent) => Promise<void> | void;

/**
 * The embedded event bus: handlers run in this process. A failing handler is logged and never
 * fails the publisher (a broken subscriber must not undo a member's log).
 */
export class InProcessEventBus implements EventBus {
  private readonly handlers = new Map<StrideEventType, Set<Handler>>();

  constructor(private readonly logger?: Logger) {}

  async publish(event: StrideEvent): Promise<void> {
    const handlers = [...(this.handlers.get(event.type) ?? [])];
    await Promise.all(
      handlers.map(async (handler) => {
        try {
          await handler(event);
        } catch (error) {
          this.logger?.error({ err: error, event: event.type }, 'event handler failed');
        }
      }),
    );
  }

  subscribe<T extends StrideEventType>(
    type: T,
    handler: (event: EventOf<T>) => Promise<void> | void,
  ): () => void {
    const set = this.handlers.get(type) ?? new Set<Handler>();
    this.handlers.set(type, set);
    set.add(handler as Handler);
    return () => set.delete(handler as Handler);
  }
}
