/**
 * Known errors: each carries an HTTP status and a stable snake_case id, and a message safe to show
 * to a member. Anything else is an unknown error and is never shown (it becomes a generic 500).
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly id: string,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** 400: the input is malformed or breaks a rule. */
export const ValidationError = (message: string, id = 'validation_error') => new AppError(400, id, message);

/** 401: no valid credentials. */
export const AuthenticationError = (message = 'A valid API token is required.') =>
  new AppError(401, 'authentication_required', message);

/** 404: no such thing, or not yours (the two are never told apart). */
export const NotFoundError = (what: string) => new AppError(404, 'not_found', `${what} not found.`);

/** 409: the request clashes with the current state. */
export const ConflictError = (message: string, id = 'conflict') => new AppError(409, id, message);

/** 413: more than a request may carry. */
export const TooLargeError = (message: string) => new AppError(413, 'too_large', message);

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
