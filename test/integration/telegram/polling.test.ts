/**
 * The Telegram adapter over long polling: the real telegraf polls the fake Bot API, the real chat
 * core answers, and the logs are read back through the REST API.
 */
import { readFile } from 'node:fs/promises';
import type { Message } from 'telegraf/types';
import { textMessageUpdate, type UserInput } from '../../fakes/telegram/index.js';
import { botTexts, startTelegramHarness, type TelegramHarness } from '../../support/telegram.js';

const ada = { id: 4201, first_name: 'Ada', last_name: 'Lovelace', username: 'ada', language_code: 'en' };
const bob = { id: 4202, first_name: 'Bob' };
const GROUP = -100200300;

let sut: TelegramHarness;

beforeEach(async () => {
  sut = await startTelegramHarness();
});

afterEach(async () => {
  await sut.close();
});

const sentTo = (chatId: number) =>
  sut.fake.callsTo('sendMessage').filter((call) => Number(call.params.chat_id) === chatId);

async function habitsOf(userId: number): Promise<{ id: string; name: string }[]> {
  const { status, body } = await sut.apiAs(userId, '/habits');
  expect(status).toBe(200);
  return body;
}

it('registers the manifest commands, then polls', async () => {
  const manifest = JSON.parse(
    await readFile(new URL('../../../manifest/telegram-commands.json', import.meta.url), 'utf8'),
  );

  await sut.fake.waitForCall('getUpdates', (params) => params.timeout === 50);

  expect(sut.fake.callsTo('getMe')).toHaveLength(1);
  expect(sut.fake.callsTo('setMyCommands').map((call) => call.params)).toEqual([{ commands: manifest }]);
  expect(sut.fake.callsTo('deleteWebhook')).toHaveLength(1);
  expect(sut.fake.callsTo('getUpdates')[0]!.params).toMatchObject({
    allowed_updates: ['message', 'callback_query'],
  });
});

it('answers commands and free text in a private chat, in the order they were sent', async () => {
  const updates = [
    textMessageUpdate({ from: ada, text: '/start' }),
    textMessageUpdate({ from: ada, text: '/habit add Read daily' }),
    textMessageUpdate({ from: ada, text: '/done read' }),
    textMessageUpdate({ from: ada, text: 'ran 5k yesterday' }),
  ];
  // One batch: telegraf handles a batch concurrently, the adapter keeps one chat's updates in order.
  for (const update of updates) sut.fake.pushUpdate(update);

  await sut.waitForInvocations(4);
  // /start's help, the first-contact hint, the habit, the log and the answer to the free text.
  await sut.fake.waitForCall('sendMessage', () => sentTo(ada.id).length >= 5);

  expect(sut.invocations.map((invocation) => invocation.text)).toEqual([
    'help',
    'habit add Read daily',
    'done read',
    'ran 5k yesterday',
  ]);
  expect(sut.invocations[0]).toEqual({
    platform: 'telegram',
    workspace: '',
    channel: { id: String(ada.id), kind: 'dm' },
    user: { id: String(ada.id), displayName: 'Ada Lovelace', locale: 'en' },
    text: 'help',
    eventId: String(updates[0]!.update_id),
    receivedAt: expect.any(Date),
  });

  const calls = sentTo(ada.id);
  expect(calls.every((call) => call.params.parse_mode === 'HTML')).toBe(true);
  expect(calls[0]!.params.text).toContain('<b>Stride</b>');
  expect(calls[0]!.params.text).toContain('• <code>');
  // The help may take two messages (Telegram's 4096 characters); the answers follow in order.
  const texts = botTexts(sut.fake, ada.id);
  const welcome = texts.findIndex(
    (text) => text.startsWith('👋 Welcome') && text.includes('settings timezone'),
  );
  expect(welcome).toBeGreaterThan(0);
  expect(texts[welcome + 1]).toMatch(/^Added Read: /);
  expect(texts[welcome + 2]).toContain('Read done for today');
  expect(calls[welcome + 1]!.params.reply_markup).toEqual({
    inline_keyboard: [[{ text: 'Done today', callback_data: expect.stringMatching(/^[\w-]{1,64}$/) }]],
  });

  const [read] = await habitsOf(ada.id);
  expect(read!.name).toBe('Read');
  const logs = await sut.apiAs(ada.id, `/habits/${read!.id}/logs`);
  expect(logs.body).toEqual([
    expect.objectContaining({ date: '2026-11-20', status: 'done', source: 'telegram' }),
  ]);
  expect(sut.fake.unexpectedCalls).toEqual([]);
});

it('in a group, answers commands and mentions only', async () => {
  const inGroup = (from: UserInput, text: string) =>
    textMessageUpdate({ from, chatId: GROUP, chatType: 'supergroup', text });
  sut.fake.pushUpdate(inGroup(ada, '/habit add Read daily'));
  sut.fake.pushUpdate(inGroup(bob, 'I read a whole book yesterday'));
  sut.fake.pushUpdate(inGroup(bob, '/help@some_other_bot'));
  sut.fake.pushUpdate(inGroup(bob, 'hey @somebody_else, done read?'));
  const mention = inGroup(ada, '@stride_test_bot done read');
  sut.fake.pushUpdate(mention);
  sut.fake.pushUpdate(inGroup(ada, '/streak@stride_test_bot read'));

  await sut.fake.waitForCall('sendMessage', (params) => String(params.text).includes('🔥'));

  expect(
    sut.invocations.map((invocation) => [invocation.user.id, invocation.text, invocation.channel]),
  ).toEqual([
    [String(ada.id), 'habit add Read daily', { id: String(GROUP), kind: 'group', name: `Group ${GROUP}` }],
    [String(ada.id), 'done read', { id: String(GROUP), kind: 'group', name: `Group ${GROUP}` }],
    [String(ada.id), 'streak read', { id: String(GROUP), kind: 'group', name: `Group ${GROUP}` }],
  ]);
  // Each answer quotes the message it answers, so the group sees whom it is for.
  const logged = sentTo(GROUP).find((call) => String(call.params.text).includes('done for today'))!;
  expect(logged.params.reply_parameters).toEqual({
    message_id: mention.message.message_id,
    allow_sending_without_reply: true,
  });
  const [read] = await habitsOf(ada.id);
  expect((await sut.apiAs(ada.id, `/habits/${read!.id}/logs`)).body).toHaveLength(1);
});

it('ignores messages from other bots', async () => {
  const fromBot = textMessageUpdate({ from: bob, text: '/help' });
  (fromBot.message.from as { is_bot: boolean }).is_bot = true;
  sut.fake.pushUpdate(fromBot);
  const human = textMessageUpdate({ from: ada, text: '/help' });
  sut.fake.pushUpdate(human);

  await sut.fake.waitForCall('sendMessage', (params) => Number(params.chat_id) === ada.id);

  expect(sut.invocations.map((invocation) => invocation.user.id)).toEqual([String(ada.id)]);
  expect(sentTo(bob.id)).toEqual([]);
});

it('escapes HTML in what members type', async () => {
  sut.fake.pushUpdate(textMessageUpdate({ from: ada, text: '/habit add <b>& daily' }));

  const call = await sut.fake.waitForCall('sendMessage', (params) => String(params.text).startsWith('Added'));

  expect(call.params.text).toContain('<b>&lt;b&gt;&amp;</b>');
  const sent = (call.answer as { result: Message.TextMessage }).result;
  expect(sent.text).toBe('Added <b>&: every day. Log it with done <b>&.');
  expect(sent.entities).toContainEqual({ type: 'bold', offset: 'Added '.length, length: '<b>&'.length });
  expect((await habitsOf(ada.id)).map((habit) => habit.name)).toEqual(['<b>&']);
});

it('retries a 429 after retry_after: the message arrives exactly once', async () => {
  sut.fake.failNext('sendMessage', { retryAfter: 1 });
  const started = Date.now();
  sut.fake.pushUpdate(textMessageUpdate({ from: ada, text: '/help' }));

  await sut.fake.waitForCall('sendMessage', (_params, call) => call.answer?.ok === true);

  const [refused, accepted] = sut.fake.callsTo('sendMessage');
  expect(refused!.answer).toMatchObject({ ok: false, error_code: 429 });
  expect(accepted!.at.getTime() - refused!.at.getTime()).toBeGreaterThanOrEqual(1000);
  expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  await sut.fake.waitForCall('sendMessage', () => sentTo(ada.id).length >= 3);
  const helps = botTexts(sut.fake, ada.id).filter((text) => text.startsWith('Stride keeps'));
  expect(helps).toHaveLength(1);
});
