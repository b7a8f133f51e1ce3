/**
 * Plain words work without an LLM (issue 10, item 4): a logging sentence becomes a proposed log
 * that the member confirms with a button; nothing is written before the press. Saturday 2026-11-28.
 */
import { exportMember } from '../../../src/services/members.js';
import { Identity } from '../../../src/store/entities/index.js';
import { startTestChat, type TestChat } from '../../support/chat.js';

let chat: TestChat;

beforeEach(async () => {
  chat = await startTestChat({ now: '2026-11-28T12:00:00Z' });
  await chat.say('habit add Run daily 5 km');
  await chat.say('habit add Read daily 20 pages');
  await chat.say('habit add Coffee daily at most 2 cups');
  await chat.say('habit add Gym mon wed fri');
  await chat.say('habit add Meditate daily');
  for (const name of ['run', 'read', 'coffee', 'gym', 'meditate'])
    await chat.say(`habit edit ${name} start 2026-11-01`);
});
afterEach(() => chat.close());

async function allLogs() {
  const services = chat.services();
  const identity = await services.em.findOneOrFail(
    Identity,
    { platform: 'console', platformUserId: 'ada' },
    { populate: ['user'] },
  );
  return (await exportMember(services, identity.user)).habits.flatMap((habit) =>
    habit.logs.map((log) => ({ habit: habit.name, date: log.date, status: log.status, amount: log.amount })),
  );
}

it.each([
  [
    'ran 5k yesterday',
    'Log **Run** 5 km for yesterday?',
    { habit: 'Run', date: '2026-11-27', status: 'done', amount: 5 },
  ],
  [
    'I ran 3 miles this morning',
    'Log **Run** 4.83 km for today?',
    { habit: 'Run', date: '2026-11-28', status: 'done', amount: 4.828 },
  ],
  [
    'did my reading',
    'Log **Read** for today?',
    { habit: 'Read', date: '2026-11-28', status: 'done', amount: null },
  ],
  [
    'read 30 pages last night',
    'Log **Read** 30 pages for yesterday?',
    { habit: 'Read', date: '2026-11-27', status: 'done', amount: 30 },
  ],
  [
    'drank 3 coffees today',
    'Log **Coffee** 3 cups for today?',
    { habit: 'Coffee', date: '2026-11-28', status: 'done', amount: 3 },
  ],
  [
    'skipped gym on monday',
    'Skip **Gym** for 23 November 2026?',
    { habit: 'Gym', date: '2026-11-23', status: 'skipped', amount: null },
  ],
  [
    'meditated for 10 minutes on thursday',
    'Log **Meditate** for 26 November 2026?',
    { habit: 'Meditate', date: '2026-11-26', status: 'done', amount: null },
  ],
])('"%s" is offered as a log and written only when confirmed', async (sentence, question, log) => {
  const reply = await chat.say(sentence);
  expect(reply.text).toContain(question);
  expect(reply.actions!.map((action) => action.label)).toEqual(['✓ Yes, log it', 'Not now']);
  expect(await allLogs()).toEqual([]);
  const logged = await chat.press(reply, '✓ Yes, log it');
  expect(logged.text).toContain(`**${log.habit}**`);
  expect(await allLogs()).toEqual([log]);
});

it('writes nothing when the member says not now', async () => {
  const reply = await chat.say('ran 5k yesterday');
  expect((await chat.press(reply, 'Not now')).text).toBe('OK, nothing logged.');
  expect(await allLogs()).toEqual([]);
});

it('says so, with the command, when it reads like a log but names no habit of the member', async () => {
  const reply = await chat.say('swam 20 laps yesterday');
  expect(reply.text).toContain("I couldn't tell which of your habits that was.");
  expect(reply.text).toContain('`done <habit> [amount] [day]`');
  expect(reply.actions ?? []).toEqual([]);
});

it('refuses a unit it cannot turn into the habit’s, and the future', async () => {
  expect((await chat.say('ran 5 kg yesterday')).text).toContain('**Run** is counted in km');
  expect((await chat.say('ran 5k tomorrow')).text).toContain('Tomorrow is in the future');
  expect(await allLogs()).toEqual([]);
});

it('asks which habit when two fit equally', async () => {
  await chat.say('habit add Evening run daily');
  const reply = await chat.say('went for a run yesterday');
  expect(reply.text).toBe('Which habit was that? **Run** or **Evening run**');
  await chat.press(reply, 'Log Evening run for yesterday');
  expect(await allLogs()).toEqual([
    { habit: 'Evening run', date: '2026-11-27', status: 'done', amount: null },
  ]);
});

it('still answers questions with the status summary', async () => {
  const reply = await chat.say('how am I doing?');
  expect(reply.text).toContain('due habits done');
});
