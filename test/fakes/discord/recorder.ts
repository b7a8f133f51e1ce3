/** The Discord fake's memory: calls by REST route name (see routes.ts). */
import { CallRecorder } from '../shared/call-recorder.js';
import type { Failure, RecordedCall, UnexpectedCall } from './types.js';

export class Recorder extends CallRecorder<RecordedCall, Failure, UnexpectedCall> {
  constructor() {
    super(
      (call) => call.route,
      (call) => `${call.answer?.status ?? '…'} ${JSON.stringify(call.body)}`,
    );
  }
}
