/** The coach reached from Slack direct messages and mentions, with Gemini on a fake server. */
import { createGeminiModel } from '../../../src/coach/gemini.js';
import { appMentionEvent, directMessageEvent } from '../../fakes/slack/index.js';
import { lastUserText, startFakeGemini, turn, type FakeGemini } from '../../fakes/gemini/index.js';
import { startSlackHarness, type SlackHarness } from '../../support/slack.js';

let gemini: FakeGemini;
let sut: SlackHarness;

beforeEach(async () => {
  gemini = await startFakeGemini({ apiKey: 'test-key' });
  sut = await startSlackHarness({
    model: createGeminiModel({ apiKey: 'test-key', model: 'gemini-2.5-flash', baseUrl: gemini.baseUrl }),
  });
  await sut.command({ command: '/habit', text: 'add Run daily 5 km', user_id: 'U0ALICE' });
});
afterEach(async () => {
  await sut.close();
  await gemini.close();
});

it('logs "I ran 5k yesterday" from a direct message through the coach', async () => {
  gemini.script(
    turn.functionCall('log_habit', { habit: 'run', date: 'yesterday', amount: 5 }),
    turn.text('Great run!'),
  );
  await sut.event(directMessageEvent({ user: 'U0ALICE', text: 'I ran 5k yesterday' }));
  const posted = await sut.fake.waitForCall('chat.postMessage', (call) =>
    JSON.stringify(call.body).includes('Great run!'),
  );
  expect(JSON.stringify(posted.body)).toContain('*Run* done for');
  expect(lastUserText(gemini.requests[0]!)).toBe('I ran 5k yesterday');
  const logs = await sut.logsOf('U0ALICE', 'Run');
  expect(logs.map((log) => [log.status, log.source])).toEqual([['done', 'coach']]);
});

it('answers a mention in a channel through the coach', async () => {
  gemini.script(turn.text('You have one habit: Run. Today is open.'));
  await sut.event(
    appMentionEvent({ user: 'U0ALICE', text: '<@U0STRIDEBOT> how am I doing?', ts: '1763640000.000900' }),
  );
  const posted = await sut.fake.waitForCall(
    'chat.postMessage',
    (call) => call.body.thread_ts === '1763640000.000900',
  );
  expect(JSON.stringify(posted.body)).toContain('You have one habit: Run.');
  expect(lastUserText(gemini.requests[0]!)).toBe('how am I doing?');
});
