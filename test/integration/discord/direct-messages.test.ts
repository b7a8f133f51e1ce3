/**
 * Stride in a member's DM on Discord: plain words go to the coach (Gemini, here the fake one
 * answering with a function call), commands typed as text run, quick messages keep their order, a
 * bot's messages are passed over, and the member is the same one as in every server (a token asked
 * for in the DM reads the habits made with a slash command in a server).
 */
import { createGeminiModel } from '../../../src/coach/gemini.js';
import { lastUserText, startFakeGemini, turn, type FakeGemini } from '../../fakes/gemini/index.js';
import { directMessage, dmChannelFor } from '../../fakes/discord/index.js';
import {
  dmMessages,
  nextDm,
  startDiscordHarness,
  textOf,
  type DiscordHarness,
} from '../../support/discord.js';

const ADA = { id: '1200000000000000701', username: 'ada', globalName: 'Ada' };

let gemini: FakeGemini;
let sut: DiscordHarness;

beforeEach(async () => {
  gemini = await startFakeGemini({ apiKey: 'test-key' });
  const model = createGeminiModel({ apiKey: 'test-key', model: 'gemini-2.5-flash', baseUrl: gemini.baseUrl });
  sut = await startDiscordHarness({ model });
});

afterEach(async () => {
  expect(sut.fake.unexpectedCalls).toEqual([]);
  await sut.close();
  await gemini.close();
});

/** Ada writes `text` in her DM; resolves with the text of the bot's next message there. */
async function say(text: string): Promise<string> {
  const before = sut.fake.callsTo('createMessage').length;
  sut.dm(ADA, text);
  return textOf((await nextDm(sut.fake, ADA.id, before)).body);
}

it('logs "I ran 5k yesterday" said in plain words, through the coach', async () => {
  expect(await say('habit add Run daily 5 km')).toContain('Added Run');
  gemini.script(
    turn.functionCall('log_habit', { habit: 'run', date: 'yesterday', amount: 5 }),
    turn.text('Nice, that is a start!'),
  );

  const answer = await say('I ran 5k yesterday');

  expect(answer).toMatch(/Run done for 2026-11-19 \(5 km\)[\s\S]*Nice, that is a start!/);
  expect(lastUserText(gemini.requests[0]!)).toBe('I ran 5k yesterday');
  expect(sut.invocations.at(-1)).toMatchObject({
    platform: 'discord',
    workspace: '',
    channel: { id: dmChannelFor(ADA.id), kind: 'dm' },
    user: { id: ADA.id, displayName: 'Ada' },
    text: 'I ran 5k yesterday',
  });
});

it('keeps quick messages in order, and passes over bots', async () => {
  const before = sut.fake.callsTo('createMessage').length;
  sut.dm(ADA, 'habit add Read daily');
  sut.dm(ADA, 'done read');
  sut.fake.dispatch(
    'MESSAGE_CREATE',
    directMessage({ user: { id: '1200000000000000799' }, content: 'help', bot: true }),
  );

  await sut.fake.waitForCall('createMessage', (call) => textOf(call.body).includes('Read done'));
  expect(dmMessages(sut.fake, ADA.id, before).map((call) => textOf(call.body).split('\n')[0])).toEqual([
    expect.stringContaining('Added Read'),
    expect.stringContaining('Read done'),
  ]);
  expect(sut.invocations.map((invocation) => invocation.text)).toEqual(['habit add Read daily', 'done read']);
});

it("shows a server's habits through a token asked for in the DM: one member everywhere", async () => {
  const added = await sut.answerTo(
    sut.command({
      user: ADA,
      name: 'habit',
      options: [{ name: 'add', type: 1, options: [{ name: 'name', type: 3, value: 'Stretch' }] }],
    }),
  );
  expect(added.text).toContain('Added Stretch');

  const answer = await say('token');
  const token = /API token: (\S+)/.exec(answer)?.[1];
  expect(token).toBeDefined();

  const habits = await sut.api('/habits', token!);
  expect(habits.status).toBe(200);
  expect(habits.body.map((habit: { name: string }) => habit.name)).toEqual(['Stretch']);
});
