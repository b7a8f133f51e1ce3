/**
 * The event bus across processes, on Redis pub/sub: an event published in one process reaches the
 * subscribers of every other (a mentor's page open on one server updates when the mentee logs
 * through another, or when the worker's risk job runs).
 *
 * Each event is run for this process's subscribers directly, then published on one channel with the
 * publishing bus's id; every bus hears its own messages back and skips them, so a local subscriber
 * gets each event once, not once directly and again through Redis. While Redis is unreachable
 * events still reach this process's subscribers (DESIGN.md: "events stay in-process"); other
 * processes miss them, as a live stream misses events while disconnected.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger.js';
import type { SharedRedis } from '../redis/connection.js';
import { EventHandlers } from './in-process.js';
import { STRIDE_EVENT_TYPES } from './member.js';
import type { EventBus, EventOf, StrideEvent, StrideEventType, SubscribeOptions } from './types.js';

/** The channel every Stride process of the deployment publishes on and listens to (prefixed). */
export const EVENTS_CHANNEL = 'events';

interface Envelope {
  /** The id of the bus that published it. */
  origin: string;
  event: StrideEvent;
}

export class RedisEventBus implements EventBus {
  private readonly id = randomUUID();
  private readonly handlers: EventHandlers;

  constructor(
    private readonly redis: SharedRedis,
    private readonly logger: Logger,
  ) {
    this.handlers = new EventHandlers(logger);
    redis.listen(EVENTS_CHANNEL, (message) => this.received(message));
  }

  async publish(event: StrideEvent): Promise<void> {
    const envelope: Envelope = { origin: this.id, event };
    await Promise.all([
      this.handlers.run(event, true),
      // A failure is Redis's outage, logged once by the connection; the publisher goes on.
      this.redis.attempt(
        (redis) => redis.publish(this.redis.key(EVENTS_CHANNEL), JSON.stringify(envelope)),
        () => 0,
      ),
    ]);
  }

  subscribe<T extends StrideEventType>(
    type: T,
    handler: (event: EventOf<T>) => Promise<void> | void,
    options?: SubscribeOptions,
  ): () => void {
    return this.handlers.add(type, handler, options);
  }

  private received(message: string): void {
    const envelope = parseEnvelope(message);
    if (!envelope) {
      this.logger.warn('an event on Redis was not understood and is ignored');
      return;
    }
    if (envelope.origin === this.id) return;
    void this.handlers.run(envelope.event, false);
  }
}

/** The envelope in `message`, or undefined when it is not one (another program on the channel). */
function parseEnvelope(message: string): Envelope | undefined {
  try {
    const parsed = JSON.parse(message) as Partial<Envelope>;
    const event = parsed.event as Partial<StrideEvent> | undefined;
    if (
      typeof parsed.origin !== 'string' ||
      typeof event?.userId !== 'string' ||
      !STRIDE_EVENT_TYPES.includes(event.type as StrideEventType)
    )
      return undefined;
    return parsed as Envelope;
  } catch {
    return undefined;
  }
}
