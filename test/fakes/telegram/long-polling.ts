/**
 * The update queue behind getUpdates, with Telegram's long-polling rules: an update stays queued
 * until a later call's `offset` passes it (so an answer lost on the way is delivered again), a call
 * with `timeout` is held until an update arrives or the timeout passes, and a second concurrent
 * call ends the held one with 409 Conflict.
 */
import type { Update } from 'telegraf/types';
import { ApiError, conflict } from './errors.js';

export interface PollRequest {
  offset?: number;
  limit?: number;
  /** Seconds to hold the request when nothing is queued; 0 answers at once. */
  timeout?: number;
  allowedUpdates?: string[];
}

interface HeldPoll {
  wake(): void;
  end(outcome: Update[] | ApiError): void;
}

// What an empty allowed_updates list means, per the Bot API docs.
const OPT_IN_TYPES = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);

export class UpdateQueue {
  private queued: Update[] = [];
  private lastUpdateId = 0;
  // undefined until a call sets it: "if not specified, the previous setting will be used".
  private allowedTypes: string[] | undefined;
  private readonly held = new Set<HeldPoll>();

  /** Queues an update. Telegram's update ids rise; a test that breaks that has a bug. */
  push(update: Update): void {
    if (!Number.isSafeInteger(update.update_id) || update.update_id <= this.lastUpdateId) {
      throw new Error(`update_id ${update.update_id} does not rise above ${this.lastUpdateId}`);
    }
    this.lastUpdateId = update.update_id;
    this.queued.push(update);
    for (const poll of this.held) poll.wake();
  }

  /** deleteWebhook/setWebhook with drop_pending_updates. */
  dropPending(): void {
    this.queued = [];
  }

  get pendingCount(): number {
    return this.queued.length;
  }

  get heldCount(): number {
    return this.held.size;
  }

  /** One getUpdates call; `signal` aborts when the client hangs up. */
  async poll(request: PollRequest, signal: AbortSignal): Promise<Update[]> {
    if (request.allowedUpdates !== undefined) this.allowedTypes = request.allowedUpdates;
    this.confirm(request.offset ?? 0);
    for (const poll of this.held) {
      poll.end(
        conflict('terminated by other getUpdates request; make sure that only one bot instance is running'),
      );
    }
    const limit = Math.min(100, Math.max(1, request.limit ?? 100));
    const ready = this.deliverable(limit);
    if (ready.length > 0 || !request.timeout || request.timeout <= 0 || signal.aborted) return ready;

    return new Promise<Update[]>((resolve, reject) => {
      const poll: HeldPoll = {
        wake: () => {
          const updates = this.deliverable(limit);
          if (updates.length > 0) poll.end(updates);
        },
        end: (outcome) => {
          if (!this.held.delete(poll)) return;
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
          if (outcome instanceof ApiError) reject(outcome);
          else resolve(outcome);
        },
      };
      const onAbort = () => poll.end([]);
      const timer = setTimeout(() => poll.end([]), request.timeout! * 1000);
      signal.addEventListener('abort', onAbort);
      this.held.add(poll);
    });
  }

  /** Ends every held call with [] as a timeout would; used when the fake closes. */
  releaseAll(): void {
    for (const poll of this.held) poll.end([]);
  }

  /** A positive offset confirms every update below it; a negative one keeps only the last -offset. */
  private confirm(offset: number): void {
    if (offset > 0) this.queued = this.queued.filter((update) => update.update_id >= offset);
    else if (offset < 0) this.queued = this.queued.slice(offset);
  }

  /** The first `limit` queued updates of allowed types; Telegram never creates the others. */
  private deliverable(limit: number): Update[] {
    this.queued = this.queued.filter((update) => this.isAllowed(update));
    return this.queued.slice(0, limit);
  }

  private isAllowed(update: Update): boolean {
    const type = Object.keys(update).find((key) => key !== 'update_id') ?? '';
    const allowed = this.allowedTypes ?? [];
    return allowed.length === 0 ? !OPT_IN_TYPES.has(type) : allowed.includes(type);
  }
}
