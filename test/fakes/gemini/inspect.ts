/**
 * Readers for what Stride sent, so tests assert on meaning (the user's words, the tool results,
 * the declared tools) rather than on the exact nesting of the wire format.
 */
import type { FunctionCall, GenerationConfig, ToolConfig } from '@google/genai';
import type { RecordedRequest } from './types.js';

/** A tool result as sent back in a `{functionResponse: {name, response}}` part. */
export interface SentFunctionResponse {
  name: string | undefined;
  response: Record<string, unknown> | undefined;
  id?: string;
}

/** Text of the newest user turn that has text (tool-result turns have none), or undefined. */
export function lastUserText(request: RecordedRequest): string | undefined {
  const texts = request.body.contents
    .filter((content) => (content.role ?? 'user') === 'user')
    .map((content) => (content.parts ?? []).flatMap((part) => (part.text === undefined ? [] : [part.text])))
    .filter((parts) => parts.length > 0);
  return texts.at(-1)?.join('');
}

/**
 * The functionResponse parts of the newest turn, i.e. the tool results this request answers with.
 * Empty when the newest turn is not a tool-result turn.
 */
export function functionResponses(request: RecordedRequest): SentFunctionResponse[] {
  const newest = request.body.contents.at(-1);
  return (newest?.parts ?? []).flatMap((part) =>
    part.functionResponse
      ? [
          {
            name: part.functionResponse.name,
            response: part.functionResponse.response,
            ...(part.functionResponse.id ? { id: part.functionResponse.id } : {}),
          },
        ]
      : [],
  );
}

/** Every function call the model made earlier in the history Stride replays (model turns). */
export function replayedFunctionCalls(request: RecordedRequest): FunctionCall[] {
  return request.body.contents
    .filter((content) => content.role === 'model')
    .flatMap((content) =>
      (content.parts ?? []).flatMap((part) => (part.functionCall ? [part.functionCall] : [])),
    );
}

/** Names of the functions declared in `tools`, in order. */
export function declaredFunctions(request: RecordedRequest): string[] {
  return (request.body.tools ?? []).flatMap((tool) =>
    (tool.functionDeclarations ?? []).map((declaration) => declaration.name ?? ''),
  );
}

/** The systemInstruction's text parts joined, or undefined when none was sent. */
export function systemInstructionText(request: RecordedRequest): string | undefined {
  const parts = request.body.systemInstruction?.parts;
  return parts ? parts.map((part) => part.text ?? '').join('') : undefined;
}

/** The generationConfig sent (responseMimeType, temperature, maxOutputTokens…), `{}` when absent. */
export function generationConfig(request: RecordedRequest): GenerationConfig {
  return request.body.generationConfig ?? {};
}

/** The toolConfig sent (functionCallingConfig.mode, allowedFunctionNames), or undefined. */
export function toolConfig(request: RecordedRequest): ToolConfig | undefined {
  return request.body.toolConfig;
}
