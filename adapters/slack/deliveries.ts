/**
 * Slack delivers again what it thinks was lost (X-Slack-Retry-Num, Socket Mode retry_attempt), and
 * a retried slash command or button comes back with the same trigger_id. The core never runs a
 * delivery id twice and answers a repeat with the first reply; this keeps the adapter from posting
 * that reply a second time, and tracks the work in progress so stop() can wait for it.
 */

// Slack retries within minutes; an hour of ids is plenty and bounded.
const REMEMBER_MS = 60 * 60 * 1000;
const MAX_IDS = 20_000;

export class RecentDeliveries {
  private readonly seen = new Map<string, number>();

  /** True the first time an id is seen (within the hour), false for a repeat. */
  claim(id: string, now = Date.now()): boolean {
    const expires = this.seen.get(id);
    if (expires !== undefined && expires > now) return false;
    this.seen.delete(id);
    this.seen.set(id, now + REMEMBER_MS);
    if (this.seen.size > MAX_IDS) this.seen.delete(this.seen.keys().next().value!);
    return true;
  }

  /** Forgets an id whose handling failed, so Slack's retry of it runs. */
  release(id: string): void {
    this.seen.delete(id);
  }
}

/** Work started by Slack deliveries; stop() drains it so nothing is cut off mid-answer. */
export class TaskTracker {
  private readonly running = new Set<Promise<unknown>>();

  async run<T>(work: () => Promise<T>): Promise<T> {
    const task = work();
    this.running.add(task);
    try {
      return await task;
    } finally {
      this.running.delete(task);
    }
  }

  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
