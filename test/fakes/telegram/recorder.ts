/** The fake's memory of what it was asked: calls, unexpected requests, waiters and canned failures. */
import { ApiError, tooManyRequests } from './errors.js';
import type { Failure, Params, RecordedCall, UnexpectedCall } from './types.js';

interface Waiter {
  method: string;
  matches(call: RecordedCall): boolean;
  resolve(call: RecordedCall): void;
}

export class Recorder {
  readonly calls: RecordedCall[] = [];
  readonly unexpectedCalls: UnexpectedCall[] = [];
  private readonly waiters = new Set<Waiter>();
  private readonly failures = new Map<string, Failure[]>();
  // Calls waitForCall may return: answered ones, and long polls from the moment they arrive.
  private readonly settled = new WeakSet<RecordedCall>();

  /** Records a call as it arrives; waiters hear of it once it settles. */
  record(call: RecordedCall): void {
    this.calls.push(call);
  }

  settle(call: RecordedCall): void {
    if (this.settled.has(call)) return;
    this.settled.add(call);
    for (const waiter of this.waiters) {
      if (waiter.method === call.method && waiter.matches(call)) waiter.resolve(call);
    }
  }

  recordUnexpected(entry: Omit<UnexpectedCall, 'at'>): void {
    this.unexpectedCalls.push({ ...entry, at: new Date() });
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  waitForCall(
    method: string,
    predicate: (params: Params, call: RecordedCall) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<RecordedCall> {
    const matches = (call: RecordedCall) => predicate(call.params, call);
    const earlier = this.calls.find(
      (call) => call.method === method && this.settled.has(call) && matches(call),
    );
    if (earlier) return Promise.resolve(earlier);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        method,
        matches,
        resolve: (call) => {
          this.waiters.delete(waiter);
          clearTimeout(timer);
          resolve(call);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const seen = this.callsTo(method).map((call) => JSON.stringify(call.params, summarizeFiles));
        reject(
          new Error(
            `no matching ${method} call within ${timeoutMs} ms; saw ${seen.length}: ${seen.join(', ') || '(none)'}`,
          ),
        );
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  failNext(method: string, failure: Failure): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), failure]);
  }

  /** The canned failure for this call of `method`, consumed; undefined when none is queued. */
  takeFailure(method: string): ApiError | undefined {
    const failure = this.failures.get(method)?.shift();
    if (!failure) return undefined;
    return 'retryAfter' in failure
      ? tooManyRequests(failure.retryAfter)
      : new ApiError(failure.errorCode, failure.description);
  }
}

// Uploaded bytes would flood a failure message.
function summarizeFiles(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && 'bytes' in value && Buffer.isBuffer(value.bytes)) {
    return `<file ${value.bytes.length} bytes>`;
  }
  return value;
}
