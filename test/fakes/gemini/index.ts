/**
 * Fake Gemini API for tests that drive the real @google/genai SDK over loopback. See server.ts.
 */
export { startFakeGemini, type FakeGemini, type FakeGeminiOptions } from './server.js';
export { turn, retryInfo, type FakeCall } from './turns.js';
export {
  lastUserText,
  functionResponses,
  replayedFunctionCalls,
  declaredFunctions,
  systemInstructionText,
  generationConfig,
  toolConfig,
  type SentFunctionResponse,
} from './inspect.js';
export { estimateTokens } from './render.js';
export type {
  FakeTurn,
  FakeResponder,
  RecordedRequest,
  UnexpectedRequest,
  GenerateContentBody,
  GenerateContentWireResponse,
} from './types.js';
