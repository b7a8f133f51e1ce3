/**
 * The request checks the real API makes that Stride's code could plausibly fail, with the real
 * API's messages. The fake answers these with 400 INVALID_ARGUMENT (as Google does) and also records
 * them as unexpected, because a test never means to send a request the real API would refuse.
 */
import type { Content } from '@google/genai';
import type { GenerateContentBody } from './types.js';

/** Google's rule for function names (letters, digits, `_ . : -`, at most 64, not starting with a digit). */
const FUNCTION_NAME = /^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$/;

const countParts = (content: Content | undefined, key: 'functionCall' | 'functionResponse'): number =>
  (content?.parts ?? []).filter((part) => part[key] !== undefined).length;

/** Returns why the real API would reject `body` with 400, or undefined when it would accept it. */
export function findInvalidArgument(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return 'Invalid JSON payload received. Expected an object.';
  }
  const request = body as GenerateContentBody;
  if (!Array.isArray(request.contents) || request.contents.length === 0) {
    return '* GenerateContentRequest.contents: contents is not specified';
  }
  for (const [index, content] of request.contents.entries()) {
    if (content.role !== undefined && content.role !== 'user' && content.role !== 'model') {
      return 'Please use a valid role: user, model.';
    }
    if (!Array.isArray(content.parts) || content.parts.length === 0) {
      return `* GenerateContentRequest.contents[${index}].parts: contents.parts must not be empty.`;
    }
    const responses = countParts(content, 'functionResponse');
    if (responses > 0) {
      const previous = request.contents[index - 1];
      const calls = countParts(previous, 'functionCall');
      if (previous?.role !== 'model' || calls === 0) {
        return 'Please ensure that function response turn comes immediately after a function call turn.';
      }
      if (calls !== responses) {
        return 'Please ensure that the number of function response parts is equal to the number of function call parts of the function call turn.';
      }
    }
  }
  const declarations = (request.tools ?? []).flatMap((tool) => tool.functionDeclarations ?? []);
  for (const declaration of declarations) {
    if (!declaration.name || !FUNCTION_NAME.test(declaration.name)) {
      return `* GenerateContentRequest.tools[0].function_declarations: [FIELD_INVALID] Invalid function name "${declaration.name ?? ''}". Must start with a letter or an underscore. Must be alphameric (a-z, A-Z, 0-9), underscores (_), dots (.), colons (:), or dashes (-), with a maximum length of 64.`;
    }
  }
  if (declarations.length > 0 && request.generationConfig?.responseMimeType === 'application/json') {
    return "Function calling with a response mime type: 'application/json' is unsupported";
  }
  return undefined;
}
