/** Discord's REST errors: an HTTP status and a `{message, code}` body. */

export class DiscordApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }

  toBody(): { message: string; code: number } {
    return { message: this.message, code: this.code };
  }
}

/**
 * A 429 as Discord sends it. @discordjs/rest reads the headers, not the body: `Retry-After`
 * (seconds) sets the wait, `X-RateLimit-Global` makes it block every route, and the bucket headers
 * keep it from retrying before the reset.
 */
export function rateLimited(
  retryAfter: number,
  global: boolean,
  bucket: string,
): { headers: Record<string, string>; body: Record<string, unknown> } {
  return {
    headers: {
      'retry-after': String(retryAfter),
      'x-ratelimit-limit': '5',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': String(Date.now() / 1000 + retryAfter),
      'x-ratelimit-reset-after': String(retryAfter),
      'x-ratelimit-bucket': bucket,
      'x-ratelimit-scope': global ? 'global' : 'user',
      ...(global ? { 'x-ratelimit-global': 'true' } : {}),
    },
    body: { message: 'You are being rate limited.', retry_after: retryAfter, global },
  };
}
