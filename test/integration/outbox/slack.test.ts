/**
 * The outbox delivering to Slack through the real adapter's Messenger and the fake Web API: to the
 * member's DM (opened from their user id when Stride has none yet), again after a 429 at the next
 * round, and dead at once when Slack says the account is gone.
 */
import type { User } from '../../../src/store/entities/index.js';
import { buildHabit } from '../../support/builders.js';
import { after, startOutboxHarness, type OutboxHarness } from '../../support/outbox.js';
import { buttonsOf } from '../../support/slack.js';

let sut: OutboxHarness;
let ada: User;
let bob: User;

beforeAll(async () => {
  sut = await startOutboxHarness();
  const team = sut.slack.identity.teamId;
  ada = await sut.member('slack', 'U0ADA', { privateChannel: 'D0ADA', workspace: team });
  // Bob only ever talked to Stride in a channel: no DM yet.
  bob = await sut.member('slack', 'U0BOB', { workspace: team });
  await buildHabit(sut.services(), ada, { name: 'Read' });
});

afterAll(async () => {
  await sut.close();
});

afterEach(() => {
  expect(sut.slack.unexpectedCalls).toEqual([]);
});

const postsTo = (channel: string) =>
  sut.slack.callsTo('chat.postMessage').filter((call) => call.body.channel === channel);

describe('the outbox on Slack', () => {
  it("posts once to the member's DM, with buttons that only the member can press", async () => {
    await sut.enqueue(ada.id, 'reminder:ada:read', {
      text: '⏰ Time for **Read**',
      actions: [{ label: '✓ Read', style: 'primary', command: 'done read' }],
    });

    expect(await sut.deliver()).toEqual({ sent: 1, failed: 0, dead: 0 });
    expect(await sut.deliver(after(60_000))).toEqual({ sent: 0, failed: 0, dead: 0 });
    expect(await sut.enqueue(ada.id, 'reminder:ada:read', { text: 'again?' })).toEqual([]);
    expect(await sut.deliver(after(120_000))).toEqual({ sent: 0, failed: 0, dead: 0 });

    const posts = postsTo('D0ADA');
    expect(posts).toHaveLength(1);
    expect(sut.slack.callsTo('conversations.open')).toHaveLength(0);
    const [button] = buttonsOf(posts[0]!.body);
    const stored = await sut.sql<{ command: string; owner_id: string }>(
      `select command, owner_id from chat_actions where id = ?`,
      [button!.value],
    );
    expect(stored).toEqual([{ command: 'done read', owner_id: ada.id }]);
    expect(button!.actionId).toBe(`stride:${button!.value}`);
    expect(await sut.row('reminder:ada:read')).toMatchObject({
      status: 'sent',
      platform: 'slack',
      attempts: 1,
    });

    expect((await sut.press('slack', 'U0BOB', button!.value)).text).toMatch(/This button is not yours/);
    expect((await sut.press('slack', 'U0ADA', button!.value)).text).not.toMatch(/not yours/);
    const logs = await sut.sql<{ status: string; source: string }>(`select status, source from habit_logs`);
    expect(logs).toEqual([{ status: 'done', source: 'slack' }]);
  });

  it('opens the DM with conversations.open when the member never talked to Stride privately', async () => {
    await sut.enqueue(bob.id, 'nudge:bob:first', { text: 'Two quiet days: still running?' });

    expect(await sut.deliver()).toEqual({ sent: 1, failed: 0, dead: 0 });

    const opened = sut.slack.callsTo('conversations.open');
    expect(opened.map((call) => call.body.users)).toEqual(['U0BOB']);
    const posts = postsTo('D0BOB');
    expect(posts.map((call) => call.body.text)).toEqual(['Two quiet days: still running?']);
    expect(await sut.row('nudge:bob:first')).toMatchObject({ status: 'sent', platform: 'slack' });
  });

  it('tries a 429 again at the next round after Retry-After, and posts once', async () => {
    // The WebClient here does not retry (retries: 0): the outbox's retry shows.
    sut.slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    await sut.enqueue(ada.id, 'risk:ada:429', { text: 'Read is at risk' });

    expect(await sut.deliver()).toEqual({ sent: 0, failed: 1, dead: 0 });
    const failed = await sut.row('risk:ada:429');
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, platform: 'slack' });
    expect(failed.next_attempt_at).toEqual(after(1000));

    expect(await sut.deliver(after(1000))).toEqual({ sent: 1, failed: 0, dead: 0 });
    const attempts = postsTo('D0ADA').filter((call) => call.body.text === 'Read is at risk');
    expect(attempts).toHaveLength(2);
    expect(await sut.row('risk:ada:429')).toMatchObject({ status: 'sent', attempts: 2 });
    expect(await sut.deliver(after(60_000))).toEqual({ sent: 0, failed: 0, dead: 0 });
  });

  it('gives a message up after one attempt when Slack says the account is inactive', async () => {
    sut.slack.failNext('chat.postMessage', { error: 'account_inactive' });
    await sut.enqueue(ada.id, 'celebration:ada:gone', { text: '🎉 30 days!' });

    expect(await sut.deliver()).toEqual({ sent: 0, failed: 0, dead: 1 });
    expect(await sut.deliver(after(24 * 3600_000))).toEqual({ sent: 0, failed: 0, dead: 0 });

    expect(postsTo('D0ADA').filter((call) => call.body.text === '🎉 30 days!')).toHaveLength(1);
    expect(await sut.row('celebration:ada:gone')).toMatchObject({
      status: 'dead',
      attempts: 1,
      last_error: 'Slack: account_inactive',
    });
  });
});
