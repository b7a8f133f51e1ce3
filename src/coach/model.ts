/**
 * The language-model port the coach talks to. Gemini implements it (gemini.ts); tests point that
 * implementation at a fake server. Nothing else in the coach knows which model answers.
 */

export type ModelPart =
  | { text: string }
  | { functionCall: { name: string; args: Record<string, unknown> } }
  | { functionResponse: { name: string; response: Record<string, unknown> } };

export interface ModelMessage {
  role: 'user' | 'model';
  parts: ModelPart[];
}

export interface ToolDeclaration {
  name: string;
  description: string;
  /** JSON Schema of the arguments. */
  parameters: Record<string, unknown>;
}

export interface ModelRequest {
  system: string;
  messages: ModelMessage[];
  tools?: ToolDeclaration[];
  /** Ask for a JSON answer matching this JSON Schema (no tools then). */
  jsonSchema?: Record<string, unknown>;
  /** Give up after this long. */
  timeoutMs: number;
}

export interface ModelResponse {
  /** The model's turn, to send back in the history. */
  message: ModelMessage;
  text: string;
  functionCalls: { name: string; args: Record<string, unknown> }[];
  tokens: number;
}

export interface LanguageModel {
  name: string;
  generate(request: ModelRequest): Promise<ModelResponse>;
}

/** The model could not answer (timeout, rate limit, server error, network): the offline coach steps in. */
export class ModelUnavailableError extends Error {
  constructor(
    readonly reason: 'timeout' | 'rate_limited' | 'server_error' | 'network' | 'bad_request',
    message: string,
  ) {
    super(message);
    this.name = 'ModelUnavailableError';
  }
}
