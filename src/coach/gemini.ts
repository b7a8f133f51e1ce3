/** The language model behind the coach: Gemini through @google/genai. */
import { ApiError, GoogleGenAI, type Content } from '@google/genai';
import {
  ModelUnavailableError,
  type LanguageModel,
  type ModelMessage,
  type ModelPart,
  type ModelRequest,
} from './model.js';

export interface GeminiOptions {
  apiKey: string;
  model: string;
  /** Overrides the endpoint (tests, proxies). */
  baseUrl?: string;
}

/** A LanguageModel on Gemini. Errors become ModelUnavailableError, so callers fall back cleanly. */
export function createGeminiModel(options: GeminiOptions): LanguageModel {
  // No retryOptions: the SDK then makes exactly one request, and the coach's own deadline governs.
  const ai = new GoogleGenAI({
    apiKey: options.apiKey,
    httpOptions: options.baseUrl ? { baseUrl: options.baseUrl } : undefined,
  });
  return {
    name: 'gemini',
    async generate(request: ModelRequest) {
      try {
        const response = await ai.models.generateContent({
          model: options.model,
          contents: request.messages as Content[],
          config: {
            systemInstruction: request.system,
            httpOptions: { timeout: request.timeoutMs },
            ...(request.tools?.length
              ? {
                  tools: [
                    {
                      functionDeclarations: request.tools.map((tool) => ({
                        name: tool.name,
                        description: tool.description,
                        parametersJsonSchema: tool.parameters,
                      })),
                    },
                  ],
                }
              : {}),
            ...(request.jsonSchema
              ? { responseMimeType: 'application/json', responseJsonSchema: request.jsonSchema }
              : {}),
          },
        });
        const content = response.candidates?.[0]?.content;
        const parts = (content?.parts ?? []) as ModelPart[];
        const functionCalls = (response.functionCalls ?? []).map((call) => ({
          name: call.name ?? '',
          args: (call.args ?? {}) as Record<string, unknown>,
        }));
        const text = parts
          .flatMap((part) => ('text' in part && typeof part.text === 'string' ? [part.text] : []))
          .join('');
        const message: ModelMessage = { role: 'model', parts };
        return { message, text, functionCalls, tokens: response.usageMetadata?.totalTokenCount ?? 0 };
      } catch (error) {
        throw unavailable(error);
      }
    },
  };
}

function unavailable(error: unknown): ModelUnavailableError {
  if (error instanceof ApiError || (error as { name?: string }).name === 'ApiError') {
    const status = (error as { status?: number }).status ?? 0;
    if (status === 429) return new ModelUnavailableError('rate_limited', 'Gemini is rate limiting us');
    if (status >= 500) return new ModelUnavailableError('server_error', `Gemini answered ${status}`);
    return new ModelUnavailableError('bad_request', `Gemini refused the request (${status})`);
  }
  // The SDK aborts a timed-out request with a DOMException named AbortError (not an ApiError).
  if ((error as { name?: string }).name === 'AbortError')
    return new ModelUnavailableError('timeout', 'Gemini took too long');
  return new ModelUnavailableError(
    'network',
    `Gemini is unreachable: ${(error as Error).message ?? String(error)}`,
  );
}
