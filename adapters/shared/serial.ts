/**
 * Work that must run in arrival order per key: two messages a member sends in quick succession
 * arrive together and would otherwise run concurrently (`habit add Read` must be done before
 * `done read` starts). Different keys still run side by side.
 */
export class SerialByKey {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `task` after every task given before for `key`; resolves or rejects as it does. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    // Forgotten once idle, so the map holds only keys with work queued.
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
