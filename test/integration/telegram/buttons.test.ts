/**
 * Inline keyboards: a pressed button (callback_query) runs its action for the presser only, and
 * every press is answered with answerCallbackQuery.
 */
import type { Message } from 'telegraf/types';
import { callbackQueryUpdate, textMessageUpdate } from '../../fakes/telegram/index.js';
import { botTexts, startTelegramHarness, type TelegramHarness } from '../../support/telegram.js';

const ada = { id: 6401, first_name: 'Ada' };
const bob = { id: 6402, first_name: 'Bob' };
const GROUP = -100640000;

let sut: TelegramHarness;

beforeEach(async () => {
  sut = await startTelegramHarness({ webhook: true });
});

afterEach(async () => {
  await sut.close();
});

/** Ada adds a habit in the group; the reply carries its "Done today" button. */
async function adaAddsRead(): Promise<Message.TextMessage> {
  const update = textMessageUpdate({
    from: ada,
    chatId: GROUP,
    chatType: 'group',
    text: '/habit add Read daily',
  });
  await sut.fake.deliverWebhook(update, { url: sut.webhookUrl });
  const call = await sut.fake.waitForCall('sendMessage', (params) => String(params.text).startsWith('Added'));
  // The first-contact hint follows it.
  await sut.fake.waitForCall('sendMessage', (params) => String(params.text).includes('Welcome'));
  return (call.answer as { result: Message.TextMessage }).result;
}

const press = (from: typeof ada, message: Message.TextMessage, data?: string) => {
  const button = message.reply_markup!.inline_keyboard[0]![0]! as { callback_data: string };
  return callbackQueryUpdate({ from, message, data: data ?? button.callback_data });
};

async function adaLogs(): Promise<unknown[]> {
  const habits = await sut.apiAs(ada.id, '/habits');
  return (await sut.apiAs(ada.id, `/habits/${habits.body[0].id}/logs`)).body;
}

it("runs a button for its owner, and only answers someone else's press with an alert", async () => {
  const message = await adaAddsRead();
  expect(message.reply_markup!.inline_keyboard).toEqual([
    [{ text: 'Done today', callback_data: expect.any(String) }],
  ]);
  const sentBefore = sut.fake.callsTo('sendMessage').length;

  const bobs = press(bob, message);
  expect((await sut.fake.deliverWebhook(bobs, { url: sut.webhookUrl })).status).toBe(200);

  expect(sut.fake.callsTo('answerCallbackQuery').map((call) => call.params)).toEqual([
    {
      callback_query_id: bobs.callback_query.id,
      text: 'This button is not yours, so it did nothing.',
      show_alert: true,
    },
  ]);
  expect(sut.invocations.at(-1)).toMatchObject({
    user: { id: String(bob.id) },
    action: bobs.callback_query.data,
    eventId: bobs.callback_query.id,
    channel: { id: String(GROUP), kind: 'group' },
  });
  expect(await adaLogs()).toEqual([]);
  expect(sut.fake.callsTo('sendMessage')).toHaveLength(sentBefore);

  const adas = press(ada, message);
  await sut.fake.deliverWebhook(adas, { url: sut.webhookUrl });

  const answered = await sut.fake.waitForCall(
    'answerCallbackQuery',
    (params) => params.callback_query_id === adas.callback_query.id,
  );
  expect(answered.params).toEqual({ callback_query_id: adas.callback_query.id });
  expect(answered.answer).toEqual({ ok: true, result: true });
  const logged = await sut.fake.waitForCall('sendMessage', (params) =>
    String(params.text).includes('done for today'),
  );
  expect(Number(logged.params.chat_id)).toBe(GROUP);
  expect(await adaLogs()).toEqual([expect.objectContaining({ status: 'done', source: 'telegram' })]);
});

it('answers an unknown or expired button with an alert', async () => {
  const message = await adaAddsRead();
  const stale = press(ada, message, 'no-such-action');

  await sut.fake.deliverWebhook(stale, { url: sut.webhookUrl });

  expect(sut.fake.callsTo('answerCallbackQuery').map((call) => call.params)).toEqual([
    {
      callback_query_id: stale.callback_query.id,
      text: 'That button has expired. Type the command instead.',
      show_alert: true,
    },
  ]);
  expect(await adaLogs()).toEqual([]);
});

it('never runs a hidden confirmation typed as a command', async () => {
  await adaAddsRead();
  const before = sut.invocations.length;
  for (const text of ['/!forget-me confirmed', '!forget-me confirmed']) {
    await sut.fake.deliverWebhook(textMessageUpdate({ from: ada, text }), { url: sut.webhookUrl });
  }
  await sut.waitForInvocations(before + 2);
  const unknown = () => botTexts(sut.fake, ada.id).filter((text) => text.startsWith("I don't know"));
  for (let tries = 0; unknown().length < 2 && tries < 100; tries++)
    await new Promise((resolve) => setTimeout(resolve, 20));
  expect(unknown()).toEqual([expect.stringContaining('!forget-me'), expect.stringContaining('!forget-me')]);
  expect((await sut.apiAs(ada.id, '/habits')).body).toEqual([expect.objectContaining({ name: 'Read' })]);
});

it('runs a delete button once, and answers the second press with an alert', async () => {
  await adaAddsRead();
  await sut.fake.deliverWebhook(
    textMessageUpdate({ from: ada, chatId: GROUP, chatType: 'group', text: '/habit delete read' }),
    {
      url: sut.webhookUrl,
    },
  );
  const call = await sut.fake.waitForCall('sendMessage', (params) =>
    String(params.text).includes('and all its logs'),
  );
  const message = (call.answer as { result: Message.TextMessage }).result;
  const first = press(ada, message);
  const second = press(ada, message);
  await sut.fake.deliverWebhook(first, { url: sut.webhookUrl });
  await sut.fake.deliverWebhook(second, { url: sut.webhookUrl });

  const alert = await sut.fake.waitForCall(
    'answerCallbackQuery',
    (params) => params.callback_query_id === second.callback_query.id,
  );
  expect(alert.params).toEqual({
    callback_query_id: second.callback_query.id,
    text: 'That button was already used.',
    show_alert: true,
  });
  await sut.fake.waitForCall('sendMessage', (params) => String(params.text).includes('Deleted'));
  expect((await sut.apiAs(ada.id, '/habits')).body).toEqual([]);
});
