/**
 * Retrying Bot API calls. telegraf throws a 429 at once (only its polling loop waits), so every
 * call Stride makes goes through withRetry, which waits the `retry_after` Telegram asks for.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { TelegramError } from 'telegraf';

/** Runs a Bot API call with the adapter's retry policy. */
export type Retry = <T>(call: () => Promise<T>) => Promise<T>;

export interface RetryOptions {
  /** Aborts a wait between attempts (the adapter is stopping). */
  signal?: AbortSignal;
  /** Attempts in all, the first included. */
  attempts?: number;
  /** Told before each wait, for the logs. */
  onRetry?: (error: unknown, waitMs: number) => void;
}

const DEFAULT_ATTEMPTS = 5;
const FIRST_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 8000;

/** Runs `call`, again after a 429 (waiting retry_after), a 5xx or a network failure (backing off). */
export async function withRetry<T>(call: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? DEFAULT_ATTEMPTS;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      const waitMs = retryDelay(error, attempt);
      if (waitMs === undefined || attempt >= attempts) throw error;
      options.onRetry?.(error, waitMs);
      await sleep(waitMs, undefined, { signal: options.signal });
    }
  }
}

/** How long to wait before another attempt, or undefined when the same request would fail again. */
export function retryDelay(error: unknown, attempt: number): number | undefined {
  if (error instanceof TelegramError) {
    if (error.code === 429) return (error.parameters?.retry_after ?? 1) * 1000;
    if (error.code >= 500) return backoff(attempt);
    // 400 (bad request), 403 (blocked by the user), 401…: asking again changes nothing.
    return undefined;
  }
  // node-fetch's network failures. A reset after Telegram got the request could repeat a message;
  // losing a reminder is the worse of the two.
  if (error instanceof Error && error.name === 'FetchError') return backoff(attempt);
  return undefined;
}

function backoff(attempt: number): number {
  return Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** (attempt - 1));
}

/**
 * An error as a log may show it. node-fetch's messages carry the request URL, which holds the bot
 * token (`/bot123:ABC…/sendMessage`), so that part is masked.
 */
export function describeError(error: unknown): { code?: number; message: string } {
  if (error instanceof TelegramError) return { code: error.code, message: error.description };
  const message = error instanceof Error ? error.message : String(error);
  return { message: message.replace(/bot\d+:[\w-]+/g, 'bot<token>') };
}
