/**
 * The work an adapter has started for its deliveries, so that stop() can wait for it: an answer
 * cut off mid-way would leave a member without a reply, or a platform retrying what was done.
 */
export class InFlight {
  private readonly running = new Set<Promise<unknown>>();

  /** Runs `work` and tracks it until it settles; resolves or rejects as it does. */
  run<T>(work: () => Promise<T>): Promise<T> {
    return this.track(work());
  }

  /** Tracks a promise already started until it settles, and returns it. */
  track<T>(task: Promise<T>): Promise<T> {
    this.running.add(task);
    const forget = () => this.running.delete(task);
    task.then(forget, forget);
    return task;
  }

  /** How much is running now. */
  get size(): number {
    return this.running.size;
  }

  /** Waits until nothing is running, including work started while waiting; never rejects. */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
