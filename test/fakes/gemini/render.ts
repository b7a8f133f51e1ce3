/**
 * Turns an answer into the JSON the real API sends: one body for `:generateContent`, a series of
 * SSE events for `:streamGenerateContent?alt=sse`. Token counts are estimates (about four
 * characters a token) so that code reading usageMetadata sees plausible, input-dependent numbers.
 */
import { randomBytes } from 'node:crypto';
import type { Part } from '@google/genai';
import type { AnswerTurn, ErrorTurn, GenerateContentBody, GenerateContentWireResponse } from './types.js';

/** Roughly what Gemini's tokenizer gives for English text; never zero for a non-empty request. */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/** Everything the model "reads": text, tool traffic and declarations all cost prompt tokens. */
function promptText(body: GenerateContentBody): string {
  const partText = (part: Part): string =>
    part.text ?? JSON.stringify(part.functionCall ?? part.functionResponse ?? '');
  const contents = [...(body.systemInstruction ? [body.systemInstruction] : []), ...(body.contents ?? [])];
  const text = contents.flatMap((content) => (content.parts ?? []).map(partText)).join('\n');
  return body.tools ? text + JSON.stringify(body.tools) : text;
}

function outputText(parts: Part[]): string {
  return parts.map((part) => part.text ?? JSON.stringify(part.functionCall ?? '')).join('');
}

function usage(body: GenerateContentBody, parts: Part[]): GenerateContentWireResponse['usageMetadata'] {
  const promptTokenCount = estimateTokens(promptText(body));
  const candidatesTokenCount = parts.length ? estimateTokens(outputText(parts)) : 0;
  return {
    promptTokenCount,
    candidatesTokenCount,
    totalTokenCount: promptTokenCount + candidatesTokenCount,
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: promptTokenCount }],
  };
}

function responseId(): string {
  return randomBytes(12).toString('base64url');
}

/** The whole answer as one `:generateContent` body. */
export function renderAnswer(
  turn: AnswerTurn,
  body: GenerateContentBody,
  model: string,
): GenerateContentWireResponse {
  return {
    candidates: [
      { content: { role: 'model', parts: turn.parts }, finishReason: turn.finishReason, index: 0 },
    ],
    usageMetadata: usage(body, turn.parts),
    modelVersion: model,
    responseId: responseId(),
  };
}

/**
 * The answer as stream chunks: text is cut into up to three pieces (so a consumer that keeps only
 * the last chunk is caught), other parts travel whole; the last chunk carries finishReason and
 * usageMetadata, as the real stream does.
 */
export function renderAnswerChunks(
  turn: AnswerTurn,
  body: GenerateContentBody,
  model: string,
): GenerateContentWireResponse[] {
  const pieces: Part[] = turn.parts.flatMap((part) => {
    if (part.text === undefined || part.text.length < 3) return [part];
    const size = Math.ceil(part.text.length / 3);
    return [0, 1, 2].map((i) => ({ text: part.text!.slice(i * size, (i + 1) * size) })).filter((p) => p.text);
  });
  const id = responseId();
  const chunks = (pieces.length ? pieces : [undefined]).map((part): GenerateContentWireResponse => ({
    candidates: [{ ...(part ? { content: { role: 'model' as const, parts: [part] } } : {}), index: 0 }],
    modelVersion: model,
    responseId: id,
  }));
  const last = chunks[chunks.length - 1]!;
  last.candidates[0]!.finishReason = turn.finishReason;
  last.usageMetadata = usage(body, turn.parts);
  return chunks;
}

/** Google's error envelope, the body of every non-2xx answer. */
export function renderError(turn: Omit<ErrorTurn, 'kind'>): { error: Omit<ErrorTurn, 'kind'> } {
  return { error: { code: turn.code, message: turn.message, status: turn.status, details: turn.details } };
}
