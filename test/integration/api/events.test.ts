/** GET /api/v1/me/events: the member's own domain events as server-sent events. */
import type { EventBus } from '../../../src/events/types.js';
import { startTestServer, type TestMember, type TestServer } from '../../support/app.js';
import { buildHabit, buildLog, buildMember } from '../../support/builders.js';
import { openEventStream, type SseMessage } from '../../support/sse.js';

const HEARTBEAT_MS = 100;

let server: TestServer;
let ada: TestMember;
/** Subscriptions to the bus that are still open, counted by wrapping the app's own bus. */
let openSubscriptions = 0;

beforeAll(async () => {
  server = await startTestServer({ now: '2026-11-20T12:00:00Z', eventStreamHeartbeatMs: HEARTBEAT_MS });
  ada = await server.member('Ada');
  const subscribe = server.bus.subscribe.bind(server.bus) as EventBus['subscribe'];
  server.bus.subscribe = ((type, handler) => {
    const unsubscribe = subscribe(type, handler);
    openSubscriptions++;
    return () => {
      openSubscriptions--;
      return unsubscribe();
    };
  }) as EventBus['subscribe'];
});
afterAll(() => server.close());

/** An open event stream of the member with `token`. */
const openStream = (token: string) => openEventStream(`${server.baseUrl}/api/v1/me/events`, token);

/** Waits for the open subscriptions to drop to `count`; fails the test if they never do. */
async function subscriptionsDropTo(count: number): Promise<void> {
  const deadline = Date.now() + 2000;
  while (openSubscriptions > count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  expect(openSubscriptions).toBe(count);
}

const isLogged = (message: SseMessage) => message.event === 'habit_logged';

describe('GET /me/events', () => {
  it("streams the member's own habit_logged, and nothing of another member's", async () => {
    const services = server.services();
    const bob = await buildMember(services, { name: 'Bob' });
    const bobsRun = await buildHabit(services, bob, { name: 'Run' });
    const read = await server.request('POST', '/api/v1/habits', {
      token: ada.token,
      body: { name: 'Read', schedule: { kind: 'daily' } },
    });

    const stream = await openStream(ada.token);
    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream\b/);
    expect(stream.response.headers.get('cache-control')).toContain('no-cache');
    await stream.until((message) => message.comment === 'connected');

    // Bob's log first: had it leaked, it would be the first event Ada's stream saw.
    await buildLog(server.services(), bobsRun);
    const logged = await server.request('PUT', `/api/v1/habits/${read.body.id}/logs/2026-11-20`, {
      token: ada.token,
      body: { status: 'done' },
    });
    expect(logged.status).toBe(200);

    const messages = await stream.until(isLogged);
    const events = messages.filter((message) => message.event).map((message) => JSON.parse(message.data!));
    expect(events).toEqual([
      {
        type: 'habit_logged',
        userId: ada.id,
        habitId: read.body.id,
        date: '2026-11-20',
        status: 'done',
        source: 'api',
      },
    ]);
    // A heartbeat after the event: Bob's log, published earlier, has had every chance to arrive.
    const heartbeats = (await stream.until((m) => m.comment === 'heartbeat')).filter(
      (m) => m.comment === 'heartbeat',
    );
    expect(heartbeats.length).toBeGreaterThan(0);
    expect(stream.received.filter((message) => message.event)).toHaveLength(1);
    stream.close();
  });

  it('unsubscribes from the bus when the client goes away', async () => {
    await subscriptionsDropTo(0);
    const stream = await openStream(ada.token);
    await stream.until((message) => message.comment === 'connected');
    // One subscription per event type, all for this stream.
    expect(openSubscriptions).toBe(5);
    stream.close();
    await subscriptionsDropTo(0);
  });

  it('asks for a token', async () => {
    const res = await server.request('GET', '/api/v1/me/events');
    expect(res.status).toBe(401);
    expect(res.body.error.id).toBe('authentication_required');
  });
});
