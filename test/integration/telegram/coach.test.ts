/**
 * Stride as a coach in a Telegram private chat: plain words go to the coach (Gemini, here the fake
 * one answering with function calls), which logs; the log is read back through the REST API.
 */
import { createGeminiModel } from '../../../src/coach/gemini.js';
import { lastUserText, startFakeGemini, turn, type FakeGemini } from '../../fakes/gemini/index.js';
import { textMessageUpdate } from '../../fakes/telegram/index.js';
import { botTexts, startTelegramHarness, type TelegramHarness } from '../../support/telegram.js';

const ada = { id: 8301, first_name: 'Ada', language_code: 'en' };

let gemini: FakeGemini;
let sut: TelegramHarness;

beforeEach(async () => {
  gemini = await startFakeGemini({ apiKey: 'test-key' });
  const model = createGeminiModel({ apiKey: 'test-key', model: 'gemini-2.5-flash', baseUrl: gemini.baseUrl });
  sut = await startTelegramHarness({ model });
});

afterEach(async () => {
  await sut.close();
  await gemini.close();
});

it('logs "I ran 5k yesterday" said in plain words, through the coach', async () => {
  sut.fake.pushUpdate(textMessageUpdate({ from: ada, text: '/habit add Run daily 5 km' }));
  await sut.fake.waitForCall('sendMessage', (params) => String(params.text).startsWith('Added'));
  gemini.script(
    turn.functionCall('log_habit', { habit: 'run', date: 'yesterday', amount: 5 }),
    turn.text('Nice, that is a start!'),
  );

  sut.fake.pushUpdate(textMessageUpdate({ from: ada, text: 'I ran 5k yesterday' }));
  await sut.fake.waitForCall('sendMessage', (params) =>
    String(params.text).includes('Nice, that is a start!'),
  );

  expect(sut.invocations.at(-1)).toMatchObject({ text: 'I ran 5k yesterday', channel: { kind: 'dm' } });
  expect(lastUserText(gemini.requests[0]!)).toBe('I ran 5k yesterday');
  expect(botTexts(sut.fake, ada.id).at(-1)).toMatch(
    /^✅ Run done for 2026-11-19 \(5 km\)\. Streak: 1 day\.\nNice, that is a start!$/,
  );
  const habits = await sut.apiAs(ada.id, '/habits');
  const logs = await sut.apiAs(ada.id, `/habits/${habits.body[0].id}/logs`);
  expect(logs.body).toEqual([expect.objectContaining({ date: '2026-11-19', status: 'done', amount: 5 })]);
});

it('keeps plain words in a group for those who mention the bot', async () => {
  const group = { chatId: -100830000, chatType: 'supergroup' as const };
  sut.fake.pushUpdate(textMessageUpdate({ ...group, from: ada, text: 'how am I doing?' }));
  gemini.script(turn.text('You are doing fine.'));
  sut.fake.pushUpdate(textMessageUpdate({ ...group, from: ada, text: '@stride_test_bot how am I doing?' }));

  await sut.fake.waitForCall('sendMessage', (params) => params.text === 'You are doing fine.');

  expect(sut.invocations.map((invocation) => invocation.text)).toEqual(['how am I doing?']);
  expect(gemini.requests).toHaveLength(1);
});
