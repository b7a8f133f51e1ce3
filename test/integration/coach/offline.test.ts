/** The offline coach: no LLM configured, answers specific to the member's own numbers. */
import { startTestChat, type TestChat } from '../../support/chat.js';

let chat: TestChat;

beforeEach(async () => {
  chat = await startTestChat({ now: '2026-11-20T12:00:00Z' });
});
afterEach(() => chat.close());

it('greets a member without habits with how to start', async () => {
  const reply = await chat.say('hello coach');
  expect(reply.text).toContain('You are not tracking any habit yet');
});

it("reports today's open habits with buttons, the best streak, risks, suggestions and goals", async () => {
  await chat.say('habit add Read daily');
  await chat.say('habit add Gym daily');
  const days = [
    '2026-11-10',
    '2026-11-11',
    '2026-11-12',
    '2026-11-13',
    '2026-11-14',
    '2026-11-15',
    '2026-11-16',
    '2026-11-17',
    '2026-11-18',
    '2026-11-19',
    '2026-11-20',
  ];
  for (const day of days) await chat.say(`done read ${day}`);
  await chat.say('done gym 2026-11-10');
  await chat.say('done gym 2026-11-11');
  await chat.say('done gym 2026-11-12');
  await chat.say('goal add Books target 20 with read');
  const reply = await chat.say('coach how am I doing?');
  expect(reply.text).toContain('1 of 2 due habits done. Still open: Gym.');
  expect(reply.text).toContain('🔥 **Read**: 11 days in a row — your best ever.');
  expect(reply.text).toContain('⚠️ **Gym** slipped');
  expect(reply.text).toContain('🎯 **Books**:');
  expect(reply.actions!.map((a) => a.label)).toEqual(['✓ Gym']);
  await chat.press(reply, '✓ Gym');
  expect((await chat.say('today')).text).toContain('2 of 2 done');
});

it('takes free text in a direct message as a message to the coach, and keeps typos as typos', async () => {
  await chat.say('habit add Read daily');
  expect((await chat.say('what should I focus on today?')).text).toContain('Still open: Read');
  expect((await chat.say('habbit list')).text).toContain('Did you mean `habit`?');
});
