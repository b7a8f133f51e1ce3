/**
 * A request's events wait for its reply (issue 16: nothing slow before the acknowledgement). A
 * chat command or an API request publishes into its own hold(): its subscribers (the celebration
 * of a milestone, the live pages, the other processes over Redis) run once its reply has been
 * handed on, instead of before it. The events still reach every subscriber, in the order they
 * were published.
 */
import type { Logger } from '../logger.js';
import type { EventBus, EventOf, StrideEvent, StrideEventType, SubscribeOptions } from './types.js';

export class EventsAfterReply {
  private readonly publishing = new Set<Promise<void>>();

  constructor(
    private readonly bus: EventBus,
    private readonly logger?: Logger,
  ) {}

  /** A bus for one request: what it publishes waits until release(). */
  hold(): HeldEvents {
    return new HeldEvents(this.bus, (events) => this.publishSoon(events));
  }

  /** Resolves once every released event has been published (shutdown, tests). */
  async settled(): Promise<void> {
    while (this.publishing.size > 0) await Promise.all(this.publishing);
  }

  /**
   * Publishes `events` after the continuations already queued, such as the one that writes the
   * reply the request just returned, have run.
   */
  private publishSoon(events: StrideEvent[]): void {
    const published: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
      .then(async () => {
        for (const event of events) {
          // The bus never fails for a subscriber; a bus that cannot publish (Redis away) is logged.
          await this.bus.publish(event).catch((error: unknown) => {
            this.logger?.error({ err: error, event: event.type }, 'event not published');
          });
        }
      })
      .finally(() => this.publishing.delete(published));
    this.publishing.add(published);
  }
}

/** One request's events, held until its reply is on its way; after release() they go at once. */
export class HeldEvents implements EventBus {
  private held: StrideEvent[] | undefined = [];

  constructor(
    private readonly bus: EventBus,
    private readonly publishSoon: (events: StrideEvent[]) => void,
  ) {}

  publish(event: StrideEvent): Promise<void> {
    if (this.held) this.held.push(event);
    else this.publishSoon([event]);
    return Promise.resolve();
  }

  subscribe<T extends StrideEventType>(
    type: T,
    handler: (event: EventOf<T>) => Promise<void> | void,
    options?: SubscribeOptions,
  ): () => void {
    return this.bus.subscribe(type, handler, options);
  }

  /** The reply is on its way: publishes what was held, and from now on what comes. */
  release(): void {
    const held = this.held ?? [];
    this.held = undefined;
    if (held.length > 0) this.publishSoon(held);
  }
}
