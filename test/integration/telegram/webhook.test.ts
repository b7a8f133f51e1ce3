/**
 * The Telegram adapter in webhook mode: updates posted to Stride's real Koa server as Telegram
 * posts them, verified by the secret token, and never run twice.
 */
import { textMessageUpdate } from '../../fakes/telegram/index.js';
import {
  botTexts,
  startTelegramHarness,
  WEBHOOK_SECRET,
  type TelegramHarness,
} from '../../support/telegram.js';

const ada = { id: 5301, first_name: 'Ada', language_code: 'fr' };

let sut: TelegramHarness;

beforeEach(async () => {
  sut = await startTelegramHarness({ webhook: true });
});

afterEach(async () => {
  await sut.close();
});

async function readLogs(): Promise<unknown[]> {
  const habits = await sut.apiAs(ada.id, '/habits');
  return (await sut.apiAs(ada.id, `/habits/${habits.body[0].id}/logs`)).body;
}

it('registers the webhook with its secret at start, and does not poll', () => {
  expect(sut.fake.webhook).toEqual({
    url: 'https://stride.example/telegram/webhook',
    secretToken: WEBHOOK_SECRET,
    allowedUpdates: ['message', 'callback_query'],
  });
  expect(sut.fake.callsTo('getUpdates')).toEqual([]);
  expect(sut.fake.callsTo('setMyCommands')).toHaveLength(1);
});

it('runs an update carrying the right secret, and refuses a wrong or missing one with 403', async () => {
  const accepted = await sut.fake.deliverWebhook(
    textMessageUpdate({ from: ada, text: '/habit add Read daily' }),
    {
      url: sut.webhookUrl,
    },
  );
  const wrong = await sut.fake.deliverWebhook(textMessageUpdate({ from: ada, text: '/done read' }), {
    url: sut.webhookUrl,
    secretToken: 'wrong-secret',
  });
  const missing = await sut.fake.deliverWebhook(textMessageUpdate({ from: ada, text: '/done read' }), {
    url: sut.webhookUrl,
    secretToken: null,
  });

  expect(accepted.status).toBe(200);
  expect([wrong.status, missing.status]).toEqual([403, 403]);
  expect(sut.invocations.map((invocation) => invocation.text)).toEqual(['habit add Read daily']);
  expect(sut.invocations[0]!.user).toEqual({ id: String(ada.id), displayName: 'Ada', locale: 'fr' });
  await sut.fake.waitForCall('sendMessage', (params) => String(params.text).startsWith('Added'));
  expect(await readLogs()).toEqual([]);
  // The API next to it still works: the webhook did not swallow other routes or bodies.
  expect((await sut.apiAs(ada.id, '/habits')).status).toBe(200);
});

it('handles a redelivered update once, in this process and in the next', async () => {
  await sut.fake.deliverWebhook(textMessageUpdate({ from: ada, text: '/habit add Read daily' }), {
    url: sut.webhookUrl,
  });
  const done = textMessageUpdate({ from: ada, text: '/done read' });

  const first = await sut.fake.deliverWebhook(done, { url: sut.webhookUrl });
  const again = await sut.fake.deliverWebhook(done, { url: sut.webhookUrl });

  expect([first.status, again.status]).toEqual([200, 200]);
  expect(sut.invocations.filter((invocation) => invocation.eventId === String(done.update_id))).toHaveLength(
    1,
  );
  await sut.fake.waitForCall('sendMessage', (params) => String(params.text).includes('done for today'));

  // A restarted Stride does not remember the update id; the core's dedupe by eventId still holds.
  const next = await startTelegramHarness({ webhook: true, database: sut.database, fake: sut.fake });
  try {
    expect((await sut.fake.deliverWebhook(done, { url: next.webhookUrl })).status).toBe(200);
    expect(next.invocations.map((invocation) => invocation.eventId)).toEqual([String(done.update_id)]);
  } finally {
    await next.close();
  }
  expect(await readLogs()).toEqual([expect.objectContaining({ date: '2026-11-20', status: 'done' })]);
});

it('answers 503 once stopped, so Telegram delivers the update again later', async () => {
  await sut.adapter.stop();

  const refused = await sut.fake.deliverWebhook(textMessageUpdate({ from: ada, text: '/help' }), {
    url: sut.webhookUrl,
  });

  expect(refused.status).toBe(503);
  expect(sut.invocations).toEqual([]);
  expect(botTexts(sut.fake, ada.id)).toEqual([]);
});
