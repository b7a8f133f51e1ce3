/** /me/events: the member's own domain events, live, as server-sent events. */
import { PassThrough } from 'node:stream';
import { subscribeToMember } from '../../events/member.js';
import { defineRoute } from '../route.js';
import { endWhenStopping } from '../stopping.js';

/** Proxies and load balancers drop a connection that stays silent for a minute or so. */
export const HEARTBEAT_MS = 15_000;

/**
 * The event stream route; `heartbeatMs` is how often a comment keeps an idle connection open. A
 * stream ends when `stopping` aborts: the server is shutting down, and a client reconnects.
 */
export function eventStreamRoutes(heartbeatMs = HEARTBEAT_MS, stopping?: AbortSignal) {
  return [
    defineRoute({
      method: 'get',
      path: '/me/events',
      summary: 'Your own events as they happen (text/event-stream)',
      description:
        'A server-sent-events stream of your domain events: `habit_logged`, `streak_milestone`, ' +
        '`habit_at_risk`, `goal_completed`, `nudge_sent`. Each arrives as `event: <type>` with the event ' +
        `as JSON in \`data\`. Only your own events are sent. A comment line every ${heartbeatMs / 1000} s ` +
        'keeps the connection open; events while disconnected are not replayed. The stream ends when ' +
        'the server shuts down: reconnect (EventSource does by itself).',
      tag: 'Me',
      produces: 'text/event-stream',
      handler: async ({ services, user, koa }) => {
        const stream = new PassThrough();
        // The stream lives as long as the client stays: no idle timeout, no buffering on the way.
        koa.req.socket.setTimeout(0);
        koa.req.socket.setNoDelay(true);
        koa.set({ 'Cache-Control': 'no-cache, no-transform', 'X-Accel-Buffering': 'no' });
        const unsubscribe = subscribeToMember(services.events, user.id, (event) => {
          stream.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
        });
        const heartbeat = setInterval(() => stream.write(': heartbeat\n\n'), heartbeatMs);
        // An open stream must never keep the process (or jest) alive on its own.
        heartbeat.unref();
        // The response closes when the client goes away, or ends when the server stops.
        koa.res.once('close', () => {
          clearInterval(heartbeat);
          unsubscribe();
          stream.end();
        });
        // Sends the headers at once, so the client knows the stream is open before any event.
        stream.write(': connected\n\n');
        endWhenStopping(stream, koa.res, stopping);
        return stream;
      },
    }),
  ];
}
