/**
 * The outbound queue every message goes through, paced within Telegram's limits: about one message
 * a second per chat, 20 a minute per group, 30 a second in all. Nothing is dropped for going too
 * fast: a message waits for its slot. Messages to one chat leave in the order they were queued.
 */

/** At most `count` sends in any `perMs` window. */
export interface Rate {
  count: number;
  perMs: number;
}

export interface SendLimits {
  perChat: Rate;
  /** On top of perChat, for groups and supergroups (negative chat ids). */
  perGroup: Rate;
  overall: Rate;
}

/** Telegram's documented limits (core.telegram.org/bots/faq, "broadcasting to users"). */
export const TELEGRAM_SEND_LIMITS: SendLimits = {
  perChat: { count: 1, perMs: 1000 },
  perGroup: { count: 20, perMs: 60_000 },
  overall: { count: 30, perMs: 1000 },
};

/** A sliding window: exact for "20 a minute", where a token bucket would allow bursts past it. */
class Window {
  private readonly starts: number[] = [];

  constructor(private readonly rate: Rate) {}

  /** The earliest time the next send may start. */
  nextSlot(now: number): number {
    this.forget(now);
    if (this.starts.length < this.rate.count) return now;
    return this.starts[this.starts.length - this.rate.count]! + this.rate.perMs;
  }

  record(at: number): void {
    this.starts.push(at);
  }

  /** No send inside the window any more: the chat may be forgotten. */
  isQuiet(now: number): boolean {
    this.forget(now);
    return this.starts.length === 0;
  }

  private forget(now: number): void {
    while (this.starts.length > 0 && this.starts[0]! + this.rate.perMs <= now) this.starts.shift();
  }
}

interface Job {
  send: () => Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface Lane {
  jobs: Job[];
  /** The head job is being sent; the lane waits for it, which keeps the chat's order. */
  busy: boolean;
  chat: Window;
  group?: Window;
}

export class StoppedError extends Error {
  constructor() {
    super('the Telegram adapter stopped before this message was sent');
    this.name = 'StoppedError';
  }
}

export class SendQueue {
  private readonly lanes = new Map<string, Lane>();
  private readonly overall: Window;
  private readonly stopping = new AbortController();
  private readonly idleWaiters = new Set<() => void>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly limits: SendLimits = TELEGRAM_SEND_LIMITS,
    private readonly now: () => number = Date.now,
  ) {
    this.overall = new Window(limits.overall);
  }

  /** Aborts when the queue closes; sends pass it to their retry waits. */
  get signal(): AbortSignal {
    return this.stopping.signal;
  }

  /** Queues `send` for `chatId`; settles once it has run (resolved) or failed for good (rejected). */
  push(chatId: string, send: () => Promise<void>): Promise<void> {
    if (this.closed) return Promise.reject(new StoppedError());
    let lane = this.lanes.get(chatId);
    if (!lane) {
      lane = { jobs: [], busy: false, chat: new Window(this.limits.perChat) };
      if (chatId.startsWith('-')) lane.group = new Window(this.limits.perGroup);
      this.lanes.set(chatId, lane);
    }
    const queued = lane;
    return new Promise<void>((resolve, reject) => {
      queued.jobs.push({ send, resolve, reject });
      this.pump();
    });
  }

  /** Messages queued or being sent. */
  get pending(): number {
    let count = 0;
    for (const lane of this.lanes.values()) count += lane.jobs.length;
    return count;
  }

  /**
   * Stops taking messages, gives the queued ones `graceMs` to go out, then gives up on the rest
   * (their promises reject with StoppedError). Returns how many were given up.
   */
  async close(graceMs: number): Promise<number> {
    this.closed = true;
    await this.idle(graceMs);
    this.stopping.abort();
    let dropped = 0;
    for (const lane of this.lanes.values()) {
      const waiting = lane.jobs.splice(lane.busy ? 1 : 0);
      dropped += waiting.length;
      for (const job of waiting) job.reject(new StoppedError());
    }
    clearTimeout(this.timer);
    // A send already on the wire finishes (its retry wait, if any, was just aborted).
    await this.idle(Number.POSITIVE_INFINITY);
    return dropped;
  }

  /** Starts every send whose slot has come, and sets a timer for the earliest one still waiting. */
  private pump(): void {
    const now = this.now();
    let next = Number.POSITIVE_INFINITY;
    for (const [chatId, lane] of [...this.lanes]) {
      if (lane.busy) continue;
      if (lane.jobs.length === 0) {
        if (lane.chat.isQuiet(now) && (lane.group?.isQuiet(now) ?? true)) this.lanes.delete(chatId);
        continue;
      }
      const at = Math.max(
        lane.chat.nextSlot(now),
        lane.group?.nextSlot(now) ?? now,
        this.overall.nextSlot(now),
      );
      if (at > now) next = Math.min(next, at);
      else this.start(chatId, lane, now);
    }
    clearTimeout(this.timer);
    this.timer = undefined;
    if (next !== Number.POSITIVE_INFINITY && !this.stopping.signal.aborted) {
      this.timer = setTimeout(() => this.pump(), next - now);
    }
  }

  private start(chatId: string, lane: Lane, now: number): void {
    lane.busy = true;
    lane.chat.record(now);
    lane.group?.record(now);
    this.overall.record(now);
    // To the back of the line, so a busy chat cannot starve the others of the overall limit.
    this.lanes.delete(chatId);
    this.lanes.set(chatId, lane);
    const job = lane.jobs[0]!;
    void job
      .send()
      .then(job.resolve, job.reject)
      .finally(() => {
        lane.jobs.shift();
        lane.busy = false;
        if (!this.stopping.signal.aborted) this.pump();
        if (this.pending === 0) for (const wake of this.idleWaiters) wake();
      });
  }

  /** Resolves when nothing is queued, or after `timeoutMs`. */
  private async idle(timeoutMs: number): Promise<void> {
    if (this.pending === 0) return;
    let timer: NodeJS.Timeout | undefined;
    let wake: (() => void) | undefined;
    await new Promise<void>((resolve) => {
      wake = resolve;
      this.idleWaiters.add(resolve);
      if (Number.isFinite(timeoutMs)) timer = setTimeout(resolve, timeoutMs);
    });
    clearTimeout(timer);
    if (wake) this.idleWaiters.delete(wake);
  }
}
