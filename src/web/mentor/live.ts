/**
 * /mentor/events: a server-sent event each time one of the mentor's mentees does something (a log,
 * a milestone, a nudge…), so the open page (live.js) refreshes within a second. Only the mentees of
 * when the stream opened, and only while the mentorship is still active. It ends when the server
 * stops; the page's EventSource then reconnects (to another server behind a load balancer).
 */
import { PassThrough } from 'node:stream';
import type { Context } from 'koa';
import { STRIDE_EVENT_TYPES } from '../../events/member.js';
import type { EventBus } from '../../events/types.js';
import { Mentorship, type User } from '../../store/entities/index.js';
import type { Orm } from '../../store/orm.js';
import { endWhenStopping } from '../stopping.js';

const HEARTBEAT_MS = 15_000;

export interface LiveDependencies {
  orm: Orm;
  events: EventBus;
  /** How often a heartbeat comment goes out; tests shorten it. */
  heartbeatMs?: number;
  /** Ends the stream when the server stops (the page's EventSource reconnects). */
  stopping?: AbortSignal;
}

/** Answers `koa` with the event stream of `mentor`'s `mentees`, until the browser goes. */
export function streamMenteeEvents(
  koa: Context,
  deps: LiveDependencies,
  mentor: User,
  mentees: readonly User[],
): void {
  const followed = new Set(mentees.map((mentee) => mentee.id));
  const stream = new PassThrough();
  koa.req.socket.setTimeout(0);
  koa.req.socket.setNoDelay(true);
  koa.set({ 'Cache-Control': 'no-cache, no-transform', 'X-Accel-Buffering': 'no' });
  koa.type = 'text/event-stream';
  const stillFollowed = async (menteeId: string) =>
    (await deps.orm.em.fork().count(Mentorship, { mentor, mentee: menteeId, status: 'active' })) > 0;
  const unsubscribers = STRIDE_EVENT_TYPES.map((type) =>
    deps.events.subscribe(type, async (event) => {
      // Filtered twice: the mentees of when the stream opened, and a mentorship still active now.
      if (!followed.has(event.userId) || !(await stillFollowed(event.userId))) return;
      stream.write(`event: update\ndata: ${JSON.stringify({ type: event.type, mentee: event.userId })}\n\n`);
    }),
  );
  const heartbeat = setInterval(() => stream.write(': heartbeat\n\n'), deps.heartbeatMs ?? HEARTBEAT_MS);
  heartbeat.unref();
  koa.res.once('close', () => {
    clearInterval(heartbeat);
    for (const unsubscribe of unsubscribers) unsubscribe();
    stream.end();
  });
  stream.write(': connected\n\n');
  endWhenStopping(stream, koa.res, deps.stopping);
  koa.body = stream;
}
