/** The Snowflake fake's memory: calls by route name (login, query, result, telemetry, logout). */
import { CallRecorder } from '../shared/call-recorder.js';
import type { Failure, RecordedCall, UnexpectedCall } from './types.js';

export class Recorder extends CallRecorder<RecordedCall, Failure, UnexpectedCall> {
  constructor() {
    super(
      (call) => call.route,
      (call) => `${call.answer?.status ?? '…'} ${call.body?.sqlText ?? call.path}`,
    );
  }
}
