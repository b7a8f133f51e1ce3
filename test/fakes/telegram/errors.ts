/**
 * Bot API errors. A method handler throws an ApiError and the server turns it into the envelope
 * Telegram answers with; the HTTP status always equals `error_code`, as on api.telegram.org.
 */

/** The error envelope's body, exactly as the Bot API writes it. */
export interface ErrorEnvelope {
  ok: false;
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

export class ApiError extends Error {
  constructor(
    readonly errorCode: number,
    readonly description: string,
    readonly parameters?: ErrorEnvelope['parameters'],
  ) {
    super(`${errorCode}: ${description}`);
  }

  toEnvelope(): ErrorEnvelope {
    return {
      ok: false,
      error_code: this.errorCode,
      description: this.description,
      ...(this.parameters ? { parameters: this.parameters } : {}),
    };
  }
}

/** 400 with Telegram's `Bad Request: ` prefix, e.g. `badRequest('message text is empty')`. */
export function badRequest(detail: string): ApiError {
  return new ApiError(400, `Bad Request: ${detail}`);
}

export function unauthorized(): ApiError {
  return new ApiError(401, 'Unauthorized');
}

export function forbidden(detail: string): ApiError {
  return new ApiError(403, `Forbidden: ${detail}`);
}

export function methodNotFound(): ApiError {
  return new ApiError(404, 'Not Found: method not found');
}

export function conflict(detail: string): ApiError {
  return new ApiError(409, `Conflict: ${detail}`);
}

/** The flood-control answer; the only error that carries `retry_after`. */
export function tooManyRequests(retryAfter: number): ApiError {
  return new ApiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
}
