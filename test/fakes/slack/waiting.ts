/** Waiting for something the fake records, with a timeout that names what never came. */

/**
 * Re-checks `find` whenever `notify()` is called, so a test can await a call, an ack or a response
 * that may already have happened or may still be on its way.
 */
export class Signal {
  private readonly listeners = new Set<() => void>();
  private closedReason: string | undefined;

  notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  /** Fails every pending wait: after close() nothing more can arrive. */
  close(reason: string): void {
    this.closedReason = reason;
    this.notify();
  }

  waitUntil<T>(find: () => T | undefined, timeoutMs: number, describe: () => string): Promise<T> {
    const found = find();
    if (found !== undefined) return Promise.resolve(found);
    return new Promise<T>((resolve, reject) => {
      const finish = (outcome: () => void) => {
        clearTimeout(timer);
        this.listeners.delete(listener);
        outcome();
      };
      const listener = () => {
        const value = find();
        if (value !== undefined) finish(() => resolve(value));
        else if (this.closedReason !== undefined) {
          const why = this.closedReason;
          finish(() => reject(new Error(`${describe()}: ${why}`)));
        }
      };
      const timer = setTimeout(
        () => finish(() => reject(new Error(`${describe()}: timed out after ${timeoutMs} ms`))),
        timeoutMs,
      );
      this.listeners.add(listener);
      listener();
    });
  }
}
