/** A request's events wait for its reply, then reach every subscriber in order (issue 16). */
import { EventsAfterReply } from '../../../src/events/after-reply.js';
import { InProcessEventBus } from '../../../src/events/in-process.js';
import type { StrideEvent } from '../../../src/events/types.js';

const logged = (date: string): StrideEvent => ({
  type: 'habit_logged',
  userId: 'u1',
  habitId: 'h1',
  date,
  status: 'done',
  source: 'test',
});

function setup() {
  const bus = new InProcessEventBus();
  const afterReply = new EventsAfterReply(bus);
  const seen: string[] = [];
  bus.subscribe('habit_logged', (event) => void seen.push(event.date));
  return { afterReply, seen };
}

it('holds what a request publishes until release, then publishes it in order after the current turn', async () => {
  const { afterReply, seen } = setup();
  const events = afterReply.hold();
  await events.publish(logged('2026-11-01'));
  await events.publish(logged('2026-11-02'));
  expect(seen).toEqual([]);
  events.release();
  // The reply's own continuations run first: nothing is published in the turn that released.
  await Promise.resolve();
  expect(seen).toEqual([]);
  await afterReply.settled();
  expect(seen).toEqual(['2026-11-01', '2026-11-02']);
});

it('publishes at once what comes after the release, and settles only when all is published', async () => {
  const { afterReply, seen } = setup();
  const events = afterReply.hold();
  events.release();
  await events.publish(logged('2026-11-03'));
  await afterReply.settled();
  expect(seen).toEqual(['2026-11-03']);
});

it('keeps each request to its own events', async () => {
  const { afterReply, seen } = setup();
  const first = afterReply.hold();
  const second = afterReply.hold();
  await first.publish(logged('2026-11-04'));
  await second.publish(logged('2026-11-05'));
  second.release();
  await afterReply.settled();
  expect(seen).toEqual(['2026-11-05']);
  first.release();
  await afterReply.settled();
  expect(seen).toEqual(['2026-11-05', '2026-11-04']);
});
