/**
 * Reading typed values out of wire parameters. The Bot API accepts every value either natively
 * (JSON) or as a string (query, urlencoded, multipart), and objects as JSON-encoded strings; telegraf
 * uses both, so every handler goes through these.
 */
import { badRequest } from './errors.js';
import type { Params } from './types.js';

export function optionalString(params: Params, name: string): string | undefined {
  const value = params[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw badRequest(`field "${name}" must be of type String`);
}

export function optionalInteger(params: Params, name: string): number | undefined {
  const value = params[name];
  if (value === undefined || value === null || value === '') return undefined;
  const number = typeof value === 'string' ? Number(value.trim()) : value;
  if (typeof number !== 'number' || !Number.isSafeInteger(number)) {
    throw badRequest(`field "${name}" must be of type Integer`);
  }
  return number;
}

export function optionalBoolean(params: Params, name: string): boolean | undefined {
  const value = params[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === '1' || value === 1) return true;
  if (value === 'false' || value === '0' || value === 0) return false;
  throw badRequest(`field "${name}" must be of type Boolean`);
}

/** An object or array, given natively or as a JSON string. */
export function optionalJson<T>(params: Params, name: string): T | undefined {
  const value = params[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') return value as T;
  try {
    return JSON.parse(value) as T;
  } catch {
    throw badRequest(
      name === 'reply_markup'
        ? "can't parse reply keyboard markup JSON object"
        : `can't parse ${name} JSON object`,
    );
  }
}

/** `chat_id`: an integer, or a `@username` string for public channels and supergroups. */
export function requiredChatId(params: Params): number | string {
  const value = params.chat_id;
  if (value === undefined || value === null || value === '') throw badRequest('chat_id is empty');
  if (typeof value === 'string' && value.startsWith('@')) return value;
  const id = optionalInteger(params, 'chat_id');
  if (id === undefined || id === 0) throw badRequest('chat not found');
  return id;
}

export function requiredMessageId(params: Params, message = 'message to edit not found'): number {
  const id = optionalInteger(params, 'message_id');
  if (id === undefined) throw badRequest('message identifier is not specified');
  if (id <= 0) throw badRequest(message);
  return id;
}
