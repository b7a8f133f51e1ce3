/**
 * A fake API's memory of what it was asked, shared by the fakes: calls (by the key the fake names
 * them by, a Bot API method or a REST route), unexpected requests, waiters and canned failures.
 */

/** Something a fake did not understand or would not accept; a passing test expects none. */
export interface UnexpectedRequest {
  /** What came in: `POST /api/foo.bar`, `GET /api/v10/foo`, `WS IDENTIFY`, … */
  request: string;
  reason: string;
  body?: unknown;
  at: Date;
}

interface Waiter<Call> {
  key: string;
  matches(call: Call): boolean;
  resolve(call: Call): void;
}

export class CallRecorder<Call extends object, Failure, Unexpected extends { at: Date }> {
  readonly calls: Call[] = [];
  readonly unexpectedCalls: Unexpected[] = [];
  private readonly waiters = new Set<Waiter<Call>>();
  private readonly failures = new Map<string, Failure[]>();
  // Calls waitForCall may return: settled ones (answered, or whatever the fake says settles them).
  private readonly settled = new WeakSet<Call>();

  /**
   * @param keyOf what a call is named by (callsTo, waitForCall and failNext take it)
   * @param describe one call in a timeout's message
   */
  constructor(
    private readonly keyOf: (call: Call) => string,
    private readonly describe: (call: Call) => string,
  ) {}

  /** Records a call as it arrives; waiters hear of it once it settles. */
  record(call: Call): void {
    this.calls.push(call);
  }

  settle(call: Call): void {
    if (this.settled.has(call)) return;
    this.settled.add(call);
    for (const waiter of this.waiters) {
      if (waiter.key === this.keyOf(call) && waiter.matches(call)) waiter.resolve(call);
    }
  }

  recordUnexpected(entry: Omit<Unexpected, 'at'>): void {
    this.unexpectedCalls.push({ ...entry, at: new Date() } as Unexpected);
  }

  callsTo(key: string): Call[] {
    return this.calls.filter((call) => this.keyOf(call) === key);
  }

  /**
   * The first settled call named `key` that `matches`, already made or still to come. The wait is
   * generous: a passing test never spends it, and a coach turn on a loaded 2-core CI machine
   * (two model calls and a log) once took longer than 5 s.
   */
  waitForCall(key: string, matches: (call: Call) => boolean = () => true, timeoutMs = 15_000): Promise<Call> {
    const earlier = this.calls.find(
      (call) => this.keyOf(call) === key && this.settled.has(call) && matches(call),
    );
    if (earlier) return Promise.resolve(earlier);
    return new Promise((resolve, reject) => {
      const waiter: Waiter<Call> = {
        key,
        matches,
        resolve: (call) => {
          this.waiters.delete(waiter);
          clearTimeout(timer);
          resolve(call);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const seen = this.callsTo(key).map(this.describe);
        reject(
          new Error(
            `no matching ${key} call within ${timeoutMs} ms; saw ${seen.length}: ${seen.join(', ') || '(none)'}`,
          ),
        );
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  failNext(key: string, failure: Failure): void {
    this.failures.set(key, [...(this.failures.get(key) ?? []), failure]);
  }

  /** The canned failure for this call of `key`, consumed; undefined when none is queued. */
  takeFailure(key: string): Failure | undefined {
    return this.failures.get(key)?.shift();
  }
}
