/**
 * The outbox as the core uses it: every message Stride starts itself is enqueued here (idempotent
 * by its dedupe key) and delivered by the delivery loop of whichever process runs jobs. A process
 * that delivers listens, so what it enqueues goes out at once rather than at the next poll.
 */
import { enqueueMessages, type NewOutboxMessage } from '../store/repositories/index.js';
import type { ServiceContext } from './context.js';

export type { NewOutboxMessage };

export class Outbox {
  private readonly listeners = new Set<() => void>();

  /** Enqueues messages; returns the dedupe keys that were new (the others were already there). */
  async enqueue(ctx: ServiceContext, messages: readonly NewOutboxMessage[]): Promise<string[]> {
    const keys = await enqueueMessages(ctx.em, messages, ctx.now());
    if (keys.length) for (const listener of this.listeners) listener();
    return keys;
  }

  /** Calls `listener` after every enqueue that added a message; returns the unsubscriber. */
  onEnqueued(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
