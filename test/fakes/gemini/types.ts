/**
 * Wire shapes of the fake Gemini API. Request parts reuse the SDK's own types because the SDK
 * serialises `Content`, `Tool`, `ToolConfig` and `GenerationConfig` onto the wire unchanged
 * (camelCase); responses are plain JSON the SDK turns back into a `GenerateContentResponse`.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Content, GenerationConfig, Part, Tool, ToolConfig } from '@google/genai';

/** The JSON body `models.generateContent` posts (`generateContentParametersToMldev`). */
export interface GenerateContentBody {
  contents: Content[];
  systemInstruction?: Content;
  tools?: Tool[];
  toolConfig?: ToolConfig;
  /** Always present when the caller passed a `config`, even if only `{}`. */
  generationConfig?: GenerationConfig;
  safetySettings?: unknown[];
  cachedContent?: string;
}

/** One call that reached a model route, whether it was answered, refused or is still hanging. */
export interface RecordedRequest {
  /** Which RPC: the SDK's `generateContent` or `generateContentStream`. */
  rpc: 'generateContent' | 'streamGenerateContent';
  /** Model id without the `models/` prefix, e.g. `gemini-2.5-flash`. */
  model: string;
  /** The `x-goog-api-key` header (or `?key=`), as sent. */
  apiKey: string | undefined;
  headers: IncomingHttpHeaders;
  body: GenerateContentBody;
  at: Date;
  /** HTTP status the fake answered; undefined while the answer is pending (hang, delay). */
  status?: number;
  /** True when the client hung up before the fake answered: proof a timeout or abort hit the wire. */
  aborted: boolean;
}

/** Something the fake refused because no test asked for it: a wrong route, an empty script, a bad body. */
export interface UnexpectedRequest {
  method: string;
  path: string;
  status: number;
  reason: string;
  at: Date;
}

/** The model answers with these parts (text, JSON text, function calls). */
export interface AnswerTurn {
  kind: 'answer';
  parts: Part[];
  finishReason: string;
}

/** The API refuses with an HTTP error in Google's `{"error":{code,message,status,details}}` shape. */
export interface ErrorTurn {
  kind: 'error';
  code: number;
  status: string;
  message: string;
  details: unknown[];
}

/** No answer at all until the client aborts or the fake closes. */
export interface HangTurn {
  kind: 'hang';
}

/** Another turn, answered after a pause (a slow model rather than a dead one). */
export interface DelayTurn {
  kind: 'delay';
  ms: number;
  then: FakeTurn;
}

/** An exact HTTP status and JSON body, for shapes the other kinds do not cover. */
export interface RawTurn {
  kind: 'raw';
  status: number;
  body: unknown;
}

export type FakeTurn = AnswerTurn | ErrorTurn | HangTurn | DelayTurn | RawTurn;

/** Answers requests the script does not cover; may look at the request to decide. */
export type FakeResponder = (request: RecordedRequest) => FakeTurn | Promise<FakeTurn>;

/** The JSON the real API returns from `:generateContent` (one SSE event has the same shape). */
export interface GenerateContentWireResponse {
  candidates: Array<{
    content?: { role: 'model'; parts: Part[] };
    finishReason?: string;
    index: number;
  }>;
  usageMetadata?: {
    promptTokenCount: number;
    candidatesTokenCount: number;
    totalTokenCount: number;
    promptTokensDetails: Array<{ modality: 'TEXT'; tokenCount: number }>;
  };
  modelVersion: string;
  responseId: string;
}
