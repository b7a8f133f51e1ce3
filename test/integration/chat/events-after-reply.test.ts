/**
 * A command's events are published once its reply is on its way (issue 16: nothing slow before
 * the acknowledgement): a slow subscriber, such as a celebration writing to the outbox, never
 * holds the reply, and still hears every event.
 */
import type { StrideEvent } from '../../../src/events/types.js';
import { startTestChat, type TestChat } from '../../support/chat.js';

let chat: TestChat;

beforeEach(async () => {
  chat = await startTestChat({ now: '2026-11-20T12:00:00Z' });
});
afterEach(() => chat.close());

it('runs the subscribers after the reply, and a slow one does not hold it', async () => {
  await chat.say('habit add Read', { user: 'ada' });
  let replied = false;
  let finishSlowWork = () => {};
  const heard: { type: StrideEvent['type']; afterReply: boolean }[] = [];
  chat.services().events.subscribe('habit_logged', (event) => {
    heard.push({ type: event.type, afterReply: replied });
    return new Promise<void>((resolve) => (finishSlowWork = resolve));
  });

  const reply = await chat.say('done read', { user: 'ada' });
  replied = true;
  expect(reply.text).toMatch(/Read/);
  expect(heard).toEqual([]);

  const settled = chat.core.settled();
  await new Promise((resolve) => setImmediate(resolve));
  expect(heard).toEqual([{ type: 'habit_logged', afterReply: true }]);
  finishSlowWork();
  await settled;
});
