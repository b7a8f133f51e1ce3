/**
 * The server's stop as the web app sees it: one AbortSignal, aborted when `stride start` begins to
 * stop. From then /readyz answers 503 (a load balancer stops sending), every answer closes its
 * connection (a client sends nothing more on it), and live event streams end, so that the server
 * is left with requests that finish by themselves.
 */
import { setMaxListeners } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { Writable } from 'node:stream';
import type { Middleware } from 'koa';

/** The controller whose abort() says the server is stopping. */
export function createStopping(): AbortController {
  const controller = new AbortController();
  // One listener per open event stream: many streams are normal, not a leak.
  setMaxListeners(0, controller.signal);
  return controller;
}

/** Answers with `Connection: close` once the server is stopping, requests begun before included. */
export function closeConnectionsWhenStopping(stopping: AbortSignal): Middleware {
  return async (koa, next) => {
    if (stopping.aborted) koa.set('Connection', 'close');
    await next();
    if (stopping.aborted && !koa.headerSent) koa.set('Connection', 'close');
  };
}

/**
 * Ends a live `stream` (its response completes cleanly; the client reconnects, elsewhere) when the
 * server stops, or at once if it is stopping already. Forgotten when the response closes.
 */
export function endWhenStopping(
  stream: Writable,
  res: ServerResponse,
  stopping: AbortSignal | undefined,
): void {
  if (!stopping) return;
  if (stopping.aborted) {
    stream.end();
    return;
  }
  const end = () => stream.end();
  stopping.addEventListener('abort', end, { once: true });
  res.once('close', () => stopping.removeEventListener('abort', end));
}
