/** The Telegram fake's memory: calls by Bot API method (a long poll settles as it arrives, see server.ts). */
import { CallRecorder } from '../shared/call-recorder.js';
import { ApiError, tooManyRequests } from './errors.js';
import type { Failure, Params, RecordedCall, UnexpectedCall } from './types.js';

export class Recorder extends CallRecorder<RecordedCall, Failure, UnexpectedCall> {
  constructor() {
    super(
      (call) => call.method,
      (call) => JSON.stringify(call.params, summarizeFiles),
    );
  }

  /** waitForCall with a predicate over the call's params first, as FakeTelegram offers it. */
  waitForParams(
    method: string,
    predicate: (params: Params, call: RecordedCall) => boolean = () => true,
    timeoutMs?: number,
  ): Promise<RecordedCall> {
    return this.waitForCall(method, (call) => predicate(call.params, call), timeoutMs);
  }

  /** The canned failure for this call of `method` as the error to answer with; consumed. */
  takeApiError(method: string): ApiError | undefined {
    const failure = this.takeFailure(method);
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
