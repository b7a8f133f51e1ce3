/**
 * The outbox delivering to Telegram through the real adapter's Messenger and the fake Bot API: once
 * per message with its buttons, again after a 429, dead after eight failures or one refusal for
 * good, and back in the queue by `stride outbox retry`.
 */
import { createTelegramAdapter } from '../../../adapters/telegram/index.js';
import { createChartRenderer } from '../../../src/charts/index.js';
import { backoffMs, deliverDue, MAX_ATTEMPTS } from '../../../src/jobs/delivery.js';
import { createLogger } from '../../../src/logger.js';
import { MessengerRegistry } from '../../../src/services/messengers.js';
import type { User } from '../../../src/store/entities/index.js';
import { buildHabit } from '../../support/builders.js';
import { runStride } from '../../support/cli.js';
import { after, NOW, startOutboxHarness, type OutboxHarness } from '../../support/outbox.js';

const ADA = '7501';
const BOB = '7502';

let sut: OutboxHarness;
let ada: User;

beforeAll(async () => {
  // Two attempts per Bot API call in the adapter: its retry shows, and a failure settles fast.
  sut = await startOutboxHarness({ telegramRetryAttempts: 2 });
  ada = await sut.member('telegram', ADA, { privateChannel: ADA });
  await sut.member('telegram', BOB, { privateChannel: BOB });
  await buildHabit(sut.services(), ada, { name: 'Read' });
});

afterAll(async () => {
  await sut.close();
});

afterEach(() => {
  expect(sut.telegram.unexpectedCalls).toEqual([]);
});

const sendsTo = (chatId: string) =>
  sut.telegram.callsTo('sendMessage').filter((call) => String(call.params.chat_id) === chatId);

describe('the outbox on Telegram', () => {
  it('sends a message once to the private chat, with buttons that work like reply buttons', async () => {
    const before = sendsTo(ADA).length;
    const keys = await sut.enqueue(ada.id, 'reminder:ada:read', {
      text: '⏰ Time for **Read**',
      actions: [
        { label: '✓ Read', style: 'primary', command: 'done read' },
        { label: 'Skip', command: 'skip read' },
      ],
    });
    expect(keys).toEqual(['reminder:ada:read']);

    expect(await sut.deliver()).toEqual({ sent: 1, failed: 0, dead: 0 });

    const sends = sendsTo(ADA).slice(before);
    expect(sends).toHaveLength(1);
    expect(sends[0]!.answer?.ok).toBe(true);
    expect(sends[0]!.params.text).toBe('⏰ Time for <b>Read</b>');
    const buttons = (
      sends[0]!.params.reply_markup as { inline_keyboard: { callback_data: string }[][] }
    ).inline_keyboard
      .flat()
      .map((button) => button.callback_data);
    const stored = await sut.sql<{ id: string; command: string; owner_id: string }>(
      `select id, command, owner_id from chat_actions where id in (?, ?)`,
      buttons,
    );
    expect(stored.map((action) => [action.id, action.command, action.owner_id]).sort()).toEqual(
      [
        [buttons[0], 'done read', ada.id],
        [buttons[1], 'skip read', ada.id],
      ].sort(),
    );
    expect(await sut.row('reminder:ada:read')).toMatchObject({
      status: 'sent',
      platform: 'telegram',
      attempts: 1,
      last_error: null,
    });

    // Delivered is delivered: neither another round nor the same key again sends anything.
    expect(await sut.deliver(after(60_000))).toEqual({ sent: 0, failed: 0, dead: 0 });
    expect(await sut.enqueue(ada.id, 'reminder:ada:read', { text: 'again?' })).toEqual([]);
    expect(await sut.deliver(after(120_000))).toEqual({ sent: 0, failed: 0, dead: 0 });
    expect(sendsTo(ADA).slice(before)).toHaveLength(1);

    // Someone else's press does nothing; the member's press runs the command as them.
    const stranger = await sut.press('telegram', BOB, buttons[0]!);
    expect(stranger.text).toMatch(/This button is not yours/);
    const logsBefore = await sut.sql<{ n: number }>(`select count(*)::int as n from habit_logs`);
    expect(logsBefore[0]!.n).toBe(0);
    const pressed = await sut.press('telegram', ADA, buttons[0]!);
    expect(pressed.text).not.toMatch(/not yours/);
    const logs = await sut.sql<{ status: string; user_id: string }>(
      `select l.status, h.owner_id as user_id from habit_logs l join habits h on h.id = l.habit_id`,
    );
    expect(logs).toEqual([{ status: 'done', user_id: ada.id }]);
  });

  it('delivers once when Telegram answers 429 and then 200 (the adapter waits retry_after)', async () => {
    const before = sendsTo(ADA).length;
    sut.telegram.failNext('sendMessage', { retryAfter: 1 });
    await sut.enqueue(ada.id, 'nudge:ada:429-once', { text: 'Still with us?' });

    expect(await sut.deliver()).toEqual({ sent: 1, failed: 0, dead: 0 });

    const attempts = sendsTo(ADA).slice(before);
    expect(attempts.map((call) => call.answer?.ok)).toEqual([false, true]);
    expect(attempts.filter((call) => call.params.text === 'Still with us?')).toHaveLength(2);
    expect(await sut.row('nudge:ada:429-once')).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it("waits Telegram's retry_after in the outbox when the 429 outlasts the adapter's retries", async () => {
    const before = sendsTo(ADA).length;
    sut.telegram.failNext('sendMessage', { retryAfter: 120 });
    // One attempt per call in this adapter: it would otherwise wait the 120 s itself.
    const adapter = createTelegramAdapter(
      { botToken: sut.telegram.token, apiRoot: sut.telegram.apiRoot },
      { core: sut.core, charts: createChartRenderer(), logger: createLogger('silent') },
      { retryAttempts: 1 },
    );
    const registry = new MessengerRegistry();
    registry.register('telegram', adapter.messenger);
    try {
      await sut.enqueue(ada.id, 'risk:ada:flood', { text: 'Your streak is at risk' });

      expect(await deliverDue(sut.deps(registry), NOW)).toEqual({ sent: 0, failed: 1, dead: 0 });
      const failed = await sut.row('risk:ada:flood');
      expect(failed).toMatchObject({ status: 'failed', attempts: 1, platform: 'telegram' });
      expect(failed.last_error).toMatch(/429/);
      expect(failed.next_attempt_at).toEqual(after(120_000));

      // Not before Telegram's wait, whatever the backoff would say; then once.
      expect(await deliverDue(sut.deps(registry), after(60_000))).toEqual({ sent: 0, failed: 0, dead: 0 });
      sut.telegram.failNext('sendMessage', { retryAfter: 120 });
      expect(await deliverDue(sut.deps(registry), after(120_000))).toEqual({ sent: 0, failed: 1, dead: 0 });
      expect(await deliverDue(sut.deps(registry), after(240_000))).toEqual({ sent: 1, failed: 0, dead: 0 });
    } finally {
      await adapter.stop();
    }
    const attempts = sendsTo(ADA).slice(before);
    expect(attempts.map((call) => call.answer?.ok)).toEqual([false, false, true]);
    expect(await sut.row('risk:ada:flood')).toMatchObject({ status: 'sent', attempts: 3 });
  });

  it('gives a message up after one attempt when the member blocked the bot', async () => {
    const before = sendsTo(BOB).length;
    const bob = (
      await sut.sql<{ user_id: string }>(
        `select user_id from identities where platform = 'telegram' and platform_user_id = ?`,
        [BOB],
      )
    )[0]!.user_id;
    sut.telegram.failNext('sendMessage', {
      errorCode: 403,
      description: 'Forbidden: bot was blocked by the user',
    });
    await sut.enqueue(bob, 'reminder:bob:blocked', { text: 'Time to run' });

    expect(await sut.deliver()).toEqual({ sent: 0, failed: 0, dead: 1 });
    expect(await sut.deliver(after(24 * 3600_000))).toEqual({ sent: 0, failed: 0, dead: 0 });

    expect(sendsTo(BOB).slice(before)).toHaveLength(1);
    const row = await sut.row('reminder:bob:blocked');
    expect(row).toMatchObject({ status: 'dead', attempts: 1, platform: 'telegram' });
    expect(row.last_error).toMatch(/blocked by the user/);
  });

  it('is dead after eight attempts when Telegram is down, listed by `stride outbox --dead`, and `retry` queues it again', async () => {
    const before = sendsTo(ADA).length;
    // Two calls per attempt (the adapter retries a 5xx once), eight attempts.
    for (let i = 0; i < 2 * MAX_ATTEMPTS; i++)
      sut.telegram.failNext('sendMessage', { errorCode: 500, description: 'Internal Server Error' });
    await sut.enqueue(ada.id, 'review:ada:down', { text: 'Your weekly review' });

    let now = NOW;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const result = await sut.deliver(now);
      const row = await sut.row('review:ada:down');
      expect(row.attempts).toBe(attempt);
      if (attempt < MAX_ATTEMPTS) {
        expect(result).toEqual({ sent: 0, failed: 1, dead: 0 });
        expect(row.status).toBe('failed');
        expect(row.next_attempt_at.getTime() - now.getTime()).toBe(backoffMs(attempt));
        // Nothing goes a moment before the backoff is over.
        expect(await sut.deliver(new Date(row.next_attempt_at.getTime() - 1))).toEqual({
          sent: 0,
          failed: 0,
          dead: 0,
        });
        now = row.next_attempt_at;
      } else {
        expect(result).toEqual({ sent: 0, failed: 0, dead: 1 });
        expect(row.status).toBe('dead');
      }
    }
    expect(sendsTo(ADA).slice(before)).toHaveLength(2 * MAX_ATTEMPTS);
    expect(await sut.deliver(after(30 * 24 * 3600_000))).toEqual({ sent: 0, failed: 0, dead: 0 });

    const env = { DATABASE_URL: sut.database.url };
    const listed = await runStride(['outbox', '--dead', '--json'], env);
    expect(listed.stderr).toBe('');
    expect(listed.code).toBe(0);
    const { id } = await sut.row('review:ada:down');
    expect(JSON.parse(listed.stdout)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id, status: 'dead', kind: 'reminder', attempts: MAX_ATTEMPTS }),
      ]),
    );
    const table = await runStride(['outbox', '--dead'], env);
    expect(table.stdout).toContain(id);
    expect(table.stdout).toContain('Internal Server Error');

    const retried = await runStride(['outbox', 'retry', id], env);
    expect(retried.code).toBe(0);
    expect(retried.stdout).toContain(`Message ${id} is queued again`);
    expect(await sut.row('review:ada:down')).toMatchObject({ status: 'queued', attempts: 0 });
    const later = new Date(Math.max(Date.now(), NOW.getTime()) + 1000);
    expect(await sut.deliver(later)).toEqual({ sent: 1, failed: 0, dead: 0 });
    expect(sendsTo(ADA).slice(before).at(-1)!.answer?.ok).toBe(true);
    expect(await sut.row('review:ada:down')).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('keeps the bot token out of the stored error when Telegram cannot be reached at all', async () => {
    const adapter = createTelegramAdapter(
      // Nothing listens on port 1: every call is refused.
      { botToken: sut.telegram.token, apiRoot: 'http://127.0.0.1:1' },
      { core: sut.core, charts: createChartRenderer(), logger: createLogger('silent') },
      { retryAttempts: 1 },
    );
    const registry = new MessengerRegistry();
    registry.register('telegram', adapter.messenger);
    try {
      await sut.enqueue(ada.id, 'reminder:ada:unreachable', { text: 'Anyone there?' });
      expect(await deliverDue(sut.deps(registry), NOW)).toEqual({ sent: 0, failed: 1, dead: 0 });
    } finally {
      await adapter.stop();
    }
    const row = await sut.row('reminder:ada:unreachable');
    expect(row.status).toBe('failed');
    expect(row.last_error).toMatch(/ECONNREFUSED/);
    expect(row.last_error).not.toContain(sut.telegram.token.split(':')[1]!);
  });
});
