/**
 * The weekly-review job: each group's review at its own local weekday and time, once per ISO
 * week however often the job runs, carrying only members who joined, with a chart, a summary
 * grounded in the numbers (the template without a model) and a "My week" button anyone may press.
 */
import type { LanguageModel } from '../../../src/coach/model.js';
import { deliverDue } from '../../../src/jobs/index.js';
import { createLogger } from '../../../src/logger.js';
import type { DraftReply, Reply } from '../../../src/ports/chat.js';
import type { MessageTarget } from '../../../src/ports/platform.js';
import { MessengerRegistry } from '../../../src/services/messengers.js';
import { inSlackChannel, startTestChat, type TestChat } from '../../support/chat.js';
import { jobTestHarness, type JobTestHarness } from '../../support/jobs.js';

let chat: TestChat;
let jobs: JobTestHarness;
let model: LanguageModel | undefined;

const admin = inSlackChannel('UADMIN', { admin: true });
const ada = inSlackChannel('UADA');
const ben = inSlackChannel('UBEN');
const cy = inSlackChannel('UCY');

interface Row {
  kind: string;
  dedupe_key: string;
  user_id: string | null;
  channel: unknown;
  reply: DraftReply & { image?: { png: string; alt: string } };
}
const reviews = () =>
  jobs.sql<Row>(`select kind, dedupe_key, user_id, channel, reply from outbox where kind = 'review'`);

beforeEach(async () => {
  model = undefined;
  // Wednesday 2026-11-18: the group is set up, members log through the week.
  chat = await startTestChat({ now: '2026-11-18T10:00:00Z' });
  jobs = jobTestHarness(() => chat.database, 'weekly-review', new Date('2026-11-18T10:00:00Z'), {
    model: {
      name: 'stub',
      generate: (request) => (model ? model.generate(request) : Promise.reject(new Error('no model'))),
    },
  });
  await chat.say('group setup', admin);
  for (const who of [ada, ben, cy]) await chat.say('group join', who);
  await chat.say('group leave', cy);
  await chat.say('habit add Read daily', ada);
  await chat.say('habit add Run daily', ben);
  await chat.say('habit add Cy secret diary daily', cy);
  for (const day of ['2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22']) {
    chat.setNow(`${day}T18:00:00Z`);
    await chat.say('done read', ada);
    await chat.say('done diary', cy);
  }
  await chat.say('done run', ben);
});
afterEach(() => chat.close());

it('posts at the group’s local Monday 09:00, once, with only the members who joined', async () => {
  // Monday 2026-11-23 08:59 in Paris is 07:59 UTC.
  expect(await jobs.run('2026-11-23T07:59:00Z')).toMatchObject({ due: 0, posted: 0 });
  expect(await jobs.run('2026-11-23T08:00:00Z')).toMatchObject({ due: 1, posted: 1 });
  expect(await jobs.run('2026-11-23T08:01:00Z')).toMatchObject({ due: 0, posted: 0 });
  expect(await jobs.run('2026-11-23T20:00:00Z')).toMatchObject({ due: 0, posted: 0 });

  const [review, ...others] = await reviews();
  expect(others).toHaveLength(0);
  expect(review).toMatchObject({
    kind: 'review',
    user_id: null,
    channel: { platform: 'slack', channelId: 'general', workspace: 'T1' },
  });
  expect(review!.dedupe_key).toMatch(/^review:[0-9a-f-]+:2026-W48$/);
  const { text } = review!.reply;
  expect(text).toContain('**Weekly review** for #general, week of 2026-11-16');
  expect(text).toContain('**UADA**: 5 of 5 (100%)');
  expect(text).toContain('**UBEN**: 1 of 5 (20%)');
  expect(text).toContain('💛 Cheering on UBEN');
  expect(text).not.toMatch(/UCY|diary/i);
  expect(text).toContain('UADA kept every habit due this week.');
  expect(review!.reply.image!.alt).toContain('UADA 5 of 5 (100%)');
  expect(Buffer.from(review!.reply.image!.png, 'base64').subarray(1, 4).toString()).toBe('PNG');
  expect(review!.reply.actions).toEqual([{ label: 'My week', style: 'primary', command: 'group me' }]);
});

it('runs each group on its own zone and weekday, and not before it was set up or when off', async () => {
  chat.setNow('2026-11-20T18:00:00Z');
  await chat.say('group setup friday 17:00 America/Los_Angeles', { ...admin, channel: 'west' });
  await chat.say('group setup', { ...admin, channel: 'quiet' });
  await chat.say('group settings off', { ...admin, channel: 'quiet' });
  // Set up on Friday the 20th at 18:00 UTC = 10:00 in Los Angeles: that Friday's 17:00 still comes.
  expect(await jobs.run('2026-11-21T00:59:00Z')).toMatchObject({ posted: 0 });
  expect(await jobs.run('2026-11-21T01:00:00Z')).toMatchObject({ posted: 1 });
  expect(await jobs.run('2026-11-23T08:00:00Z')).toMatchObject({ posted: 1 });
  const keys = (await reviews()).map((row) => row.dedupe_key);
  expect(keys).toHaveLength(2);
  expect(keys.some((key) => key.endsWith('2026-W47'))).toBe(true);
  expect(keys.some((key) => key.endsWith('2026-W48'))).toBe(true);
});

it('does not post at once for a group set up after this week’s review time', async () => {
  // The group was set up on Wednesday: Monday 16th 09:00 had passed, so the first review is the 23rd.
  expect(await jobs.run('2026-11-18T12:00:00Z')).toMatchObject({ due: 0, posted: 0 });
  expect(await jobs.run('2026-11-22T23:00:00Z')).toMatchObject({ due: 0, posted: 0 });
});

it('uses the model’s summary when it keeps to the numbers, the template when it does not', async () => {
  const answers = [
    'UADA kept all 5 days at 100%. UBEN, one small step restarts a run.',
    'A stellar 97% week!',
  ];
  model = {
    name: 'stub',
    generate: async () => {
      const text = answers.shift()!;
      return { text, message: { role: 'model', parts: [{ text }] }, functionCalls: [], tokens: 10 };
    },
  };
  expect(await jobs.run('2026-11-23T08:00:00Z')).toMatchObject({ posted: 1, aiSummaries: 1 });
  expect((await reviews())[0]!.reply.text).toContain('UADA kept all 5 days at 100%.');

  // The next week the model cites a percentage the numbers do not hold: the template is posted.
  expect(await jobs.run('2026-11-30T08:00:00Z')).toMatchObject({ posted: 1, aiSummaries: 0 });
  const second = (await reviews()).filter((row) => row.dedupe_key.endsWith('2026-W49'));
  expect(second.map((row) => row.reply.text).join('\n')).not.toContain('97%');
});

it('posts through the channel’s messenger, with a My week button anyone there may press', async () => {
  await jobs.run('2026-11-23T08:00:00Z');
  const sent: { target: MessageTarget; reply: Reply }[] = [];
  const messengers = new MessengerRegistry();
  messengers.register('slack', { send: async (target, reply) => void sent.push({ target, reply }) });
  const now = new Date('2026-11-23T08:00:05Z');
  const result = await deliverDue(
    { services: () => jobs.services(() => now), messengers, logger: createLogger('silent') },
    now,
  );
  expect(result).toMatchObject({ sent: 1 });
  expect(sent[0]!.target).toEqual({ channelId: 'general', workspace: 'T1' });
  expect(sent[0]!.reply.image!.png.subarray(1, 4).toString()).toBe('PNG');
  chat.setNow('2026-11-23T09:00:00Z');
  const mine = await chat.press(sent[0]!.reply, 'My week', ben);
  expect(mine).toMatchObject({ ephemeral: true });
  expect(mine.text).toMatch(/^Your week: /);
  const notJoined = await chat.press(sent[0]!.reply, 'My week', cy);
  expect(notJoined.text).toContain('You have not joined this group');
});
