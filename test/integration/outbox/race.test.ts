/**
 * Deliverers racing over one outbox (two processes, each with its own adapter and EntityManager):
 * every message reaches Telegram exactly once, counted at the fake.
 */
import { deliverDue, HOLD_MS } from '../../../src/jobs/delivery.js';
import type { Messenger } from '../../../src/ports/platform.js';
import { MessengerRegistry } from '../../../src/services/messengers.js';
import { after, NOW, startOutboxHarness, type OutboxHarness } from '../../support/outbox.js';

let sut: OutboxHarness;

beforeEach(async () => {
  sut = await startOutboxHarness();
});

afterEach(async () => {
  expect(sut.telegram.unexpectedCalls).toEqual([]);
  await sut.close();
});

/** `members` Telegram members with `each` queued messages apiece; returns every text. */
async function queue(members: number, each: number): Promise<string[]> {
  const texts: string[] = [];
  for (let m = 0; m < members; m++) {
    const chat = String(9100 + m);
    const member = await sut.member('telegram', chat, { privateChannel: chat });
    const messages = Array.from({ length: each }, (_, i) => {
      const text = `message ${m}-${i}`;
      texts.push(text);
      return { userId: member.id, kind: 'reminder', dedupeKey: `race:${m}:${i}`, reply: { text } };
    });
    expect(await sut.outbox.enqueue(sut.services(), messages)).toHaveLength(each);
  }
  return texts;
}

function registryWith(messenger: Messenger): MessengerRegistry {
  const registry = new MessengerRegistry();
  registry.register('telegram', messenger);
  return registry;
}

const sentTexts = () => sut.telegram.callsTo('sendMessage').map((call) => String(call.params.text));

it('sends each of 200 messages exactly once when two deliverers race', async () => {
  const texts = await queue(20, 10);
  const first = registryWith(sut.telegramAdapter().messenger);
  const second = registryWith(sut.telegramAdapter().messenger);

  const [a, b] = await Promise.all([deliverDue(sut.deps(first), NOW), deliverDue(sut.deps(second), NOW)]);

  expect(a.sent + b.sent).toBe(200);
  expect(a.failed + b.failed + a.dead + b.dead).toBe(0);
  expect(sentTexts().sort()).toEqual([...texts].sort());
  const rows = await sut.sql<{ status: string; n: number }>(
    `select status, count(*)::int as n from outbox group by status`,
  );
  expect(rows).toEqual([{ status: 'sent', n: 200 }]);
});

it('leaves what a slow deliverer has not claimed to another, and what it holds to itself', async () => {
  const texts = await queue(4, 5);
  const telegram = sut.telegramAdapter().messenger;
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let entered!: () => void;
  const stuck = new Promise<void>((resolve) => (entered = resolve));
  let first = true;
  // The first deliverer's first send hangs (a long 429 wait, a slow network) until released.
  const slow: Messenger = {
    async send(target, reply) {
      if (first) {
        first = false;
        entered();
        await gate;
      }
      await telegram.send(target, reply);
    },
  };

  const slowRun = deliverDue(sut.deps(registryWith(slow)), NOW);
  await stuck;
  // Well past what the old 2-minute hold allowed, still within a claim's hold.
  const later = after(3 * 60_000);
  expect(later.getTime() - NOW.getTime()).toBeLessThan(HOLD_MS);
  const other = await deliverDue(sut.deps(registryWith(sut.telegramAdapter().messenger)), later);
  release();
  const slowResult = await slowRun;

  expect(other.sent).toBeGreaterThan(0);
  expect(slowResult.sent + other.sent).toBe(20);
  expect(sentTexts().sort()).toEqual([...texts].sort());
});
