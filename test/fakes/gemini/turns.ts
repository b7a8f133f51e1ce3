/**
 * Builders for what the fake answers next: `fake.script(turn.text('Nice!'), turn.error(429))`.
 */
import type { Part } from '@google/genai';
import type { AnswerTurn, DelayTurn, ErrorTurn, FakeTurn, HangTurn, RawTurn } from './types.js';

/** One function call the model asks for; `id` is optional because the Gemini API often omits it. */
export interface FakeCall {
  name: string;
  args?: Record<string, unknown>;
  id?: string;
}

/** Google's canonical status and a message in the style the Gemini API uses, per HTTP code. */
const STATUS_BY_CODE: Record<number, { status: string; message: string }> = {
  400: { status: 'INVALID_ARGUMENT', message: 'Request contains an invalid argument.' },
  403: { status: 'PERMISSION_DENIED', message: 'The caller does not have permission' },
  404: { status: 'NOT_FOUND', message: 'Requested entity was not found.' },
  429: { status: 'RESOURCE_EXHAUSTED', message: 'Resource has been exhausted (e.g. check quota).' },
  500: { status: 'INTERNAL', message: 'An internal error has occurred. Please retry or report the problem.' },
  503: { status: 'UNAVAILABLE', message: 'The model is overloaded. Please try again later.' },
  504: { status: 'DEADLINE_EXCEEDED', message: 'Deadline expired before operation could complete.' },
};

function answer(parts: Part[], finishReason = 'STOP'): AnswerTurn {
  return { kind: 'answer', parts, finishReason };
}

export const turn = {
  /** A plain text answer (`response.text`). */
  text(text: string): AnswerTurn {
    return answer([{ text }]);
  },

  /** A text part holding `JSON.stringify(value)`, as the model answers under `responseMimeType: 'application/json'`. */
  json(value: unknown): AnswerTurn {
    return answer([{ text: JSON.stringify(value) }]);
  },

  /**
   * The model asks for one tool call (`functionCall(name, args)`) or several in one turn
   * (`functionCall([{name, args}, …])`). finishReason stays STOP, as the real API sends it.
   */
  functionCall(nameOrCalls: string | FakeCall[], args: Record<string, unknown> = {}): AnswerTurn {
    const calls: FakeCall[] = typeof nameOrCalls === 'string' ? [{ name: nameOrCalls, args }] : nameOrCalls;
    return answer(
      calls.map((call) => ({
        functionCall: { ...(call.id ? { id: call.id } : {}), name: call.name, args: call.args ?? {} },
      })),
    );
  },

  /** Any parts and finishReason, e.g. a truncated answer: `turn.answer([{text: 'Par'}], 'MAX_TOKENS')`. */
  answer,

  /**
   * An HTTP error in Google's shape. Status and message default from the code
   * (429 RESOURCE_EXHAUSTED, 500 INTERNAL, 503 UNAVAILABLE, 400 INVALID_ARGUMENT…).
   */
  error(code: number, status?: string, message?: string, details: unknown[] = []): ErrorTurn {
    const known = STATUS_BY_CODE[code] ?? { status: 'UNKNOWN', message: 'Unknown error.' };
    return {
      kind: 'error',
      code,
      status: status ?? known.status,
      message: message ?? known.message,
      details,
    };
  },

  /** Never answers: the client's timeout or abort signal must cut it (close() frees the socket). */
  hang(): HangTurn {
    return { kind: 'hang' };
  },

  /** Answers `then` after `ms` milliseconds. */
  delay(ms: number, then: FakeTurn): DelayTurn {
    return { kind: 'delay', ms, then };
  },

  /** Exactly this status and JSON body. */
  raw(status: number, body: unknown): RawTurn {
    return { kind: 'raw', status, body };
  },
};

/** The `google.rpc.RetryInfo` detail real 429s carry, to put in `turn.error(429, …, [retryInfo(30)])`. */
export function retryInfo(seconds: number): Record<string, unknown> {
  return { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${seconds}s` };
}
