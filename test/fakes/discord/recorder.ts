/** The fake's memory of what it was asked: calls, unexpected requests, waiters and canned failures. */
import type { RouteName } from './routes.js';
import type { Failure, RecordedCall, UnexpectedCall } from './types.js';

interface Waiter {
  route: RouteName;
  matches(call: RecordedCall): boolean;
  resolve(call: RecordedCall): void;
}

export class Recorder {
  readonly calls: RecordedCall[] = [];
  readonly unexpectedCalls: UnexpectedCall[] = [];
  private readonly waiters = new Set<Waiter>();
  private readonly failures = new Map<RouteName, Failure[]>();
  private readonly settled = new WeakSet<RecordedCall>();

  /** Records a call as it arrives; waiters hear of it once it is answered. */
  record(call: RecordedCall): void {
    this.calls.push(call);
  }

  settle(call: RecordedCall): void {
    if (this.settled.has(call)) return;
    this.settled.add(call);
    for (const waiter of this.waiters) {
      if (waiter.route === call.route && waiter.matches(call)) waiter.resolve(call);
    }
  }

  recordUnexpected(entry: Omit<UnexpectedCall, 'at'>): void {
    this.unexpectedCalls.push({ ...entry, at: new Date() });
  }

  callsTo(route: RouteName): RecordedCall[] {
    return this.calls.filter((call) => call.route === route);
  }

  waitForCall(
    route: RouteName,
    predicate: (call: RecordedCall) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<RecordedCall> {
    const earlier = this.calls.find(
      (call) => call.route === route && this.settled.has(call) && predicate(call),
    );
    if (earlier) return Promise.resolve(earlier);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        route,
        matches: predicate,
        resolve: (call) => {
          this.waiters.delete(waiter);
          clearTimeout(timer);
          resolve(call);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const seen = this.callsTo(route).map(
          (call) => `${call.answer?.status ?? '…'} ${JSON.stringify(call.body)}`,
        );
        reject(
          new Error(
            `no matching ${route} call within ${timeoutMs} ms; saw ${seen.length}: ${seen.join(', ') || '(none)'}`,
          ),
        );
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  failNext(route: RouteName, failure: Failure): void {
    this.failures.set(route, [...(this.failures.get(route) ?? []), failure]);
  }

  /** The canned failure for this call of `route`, consumed; undefined when none is queued. */
  takeFailure(route: RouteName): Failure | undefined {
    return this.failures.get(route)?.shift();
  }
}
