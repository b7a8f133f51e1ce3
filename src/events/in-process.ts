import type { Logger } from '../logger.js';
import type {
  EventBus,
  EventOf,
  EventScope,
  StrideEvent,
  StrideEventType,
  SubscribeOptions,
} from './types.js';

type Handler = (event: StrideEvent) => Promise<void> | void;

/**
 * This process's subscribers, by event type and scope. A failing handler is logged and never fails
 * the publisher (a broken subscriber must not undo a member's log).
 */
export class EventHandlers {
  private readonly handlers = new Map<StrideEventType, Map<Handler, EventScope>>();

  constructor(private readonly logger?: Logger) {}

  add<T extends StrideEventType>(
    type: T,
    handler: (event: EventOf<T>) => Promise<void> | void,
    options: SubscribeOptions = {},
  ): () => void {
    const registered = this.handlers.get(type) ?? new Map<Handler, EventScope>();
    this.handlers.set(type, registered);
    registered.set(handler as Handler, options.scope ?? 'everywhere');
    return () => registered.delete(handler as Handler);
  }

  /**
   * Runs the handlers of `event`: all of them for an event published here, and only those that
   * listen `everywhere` for one published by another process.
   */
  async run(event: StrideEvent, publishedHere: boolean): Promise<void> {
    const handlers = [...(this.handlers.get(event.type) ?? [])]
      .filter(([, scope]) => publishedHere || scope === 'everywhere')
      .map(([handler]) => handler);
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
}

/** The embedded event bus: every publisher and subscriber is in this process. */
export class InProcessEventBus implements EventBus {
  private readonly handlers: EventHandlers;

  constructor(logger?: Logger) {
    this.handlers = new EventHandlers(logger);
  }

  publish(event: StrideEvent): Promise<void> {
    return this.handlers.run(event, true);
  }

  subscribe<T extends StrideEventType>(
    type: T,
    handler: (event: EventOf<T>) => Promise<void> | void,
    options?: SubscribeOptions,
  ): () => void {
    return this.handlers.add(type, handler, options);
  }
}
