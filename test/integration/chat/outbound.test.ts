/**
 * The outbound seam: a reply the core starts itself (a reminder) prepared for a member carries
 * buttons that work exactly like the buttons of an answer: for their owner only, a confirmation
 * once, and not after they expire.
 */
import { BUTTON_LIFETIME_DAYS, prepareReply } from '../../../src/commands/outbound.js';
import { resolveMember } from '../../../src/services/identities.js';
import { ChatAction } from '../../../src/store/entities/index.js';
import { startTestChat, type TestChat } from '../../support/chat.js';

let chat: TestChat;

beforeEach(async () => {
  chat = await startTestChat();
  await chat.say('habit add Read daily');
});

afterEach(async () => {
  await chat.close();
});

/** Ada, as the chat core knows her (the test chat speaks as the console user `ada`). */
async function ada() {
  const services = chat.services();
  const { user } = await resolveMember(services, {
    platform: 'console',
    workspace: '',
    platformUserId: 'ada',
  });
  return { services, user };
}

it("runs a prepared button's command for its member, and does nothing for anyone else", async () => {
  const { services, user } = await ada();
  const reminder = await prepareReply(services, user, {
    text: '⏰ Time for **Read**',
    actions: [{ label: 'Done', style: 'primary', command: 'done read' }],
    followUps: [{ text: 'Or skip it', actions: [{ label: 'Skip', command: 'skip read' }] }],
  });

  expect(reminder.actions).toEqual([{ id: expect.any(String), label: 'Done', style: 'primary' }]);
  expect(reminder.followUps![0]!.actions).toEqual([
    { id: expect.any(String), label: 'Skip', style: 'default' },
  ]);
  const stored = await chat.services().em.findOneOrFail(ChatAction, { id: reminder.actions![0]!.id });
  expect(stored).toMatchObject({ command: 'done read', singleUse: false, owner: { id: user.id } });
  expect(stored.expiresAt.getTime() - stored.createdAt.getTime()).toBe(BUTTON_LIFETIME_DAYS * 86_400_000);

  const bobs = await chat.press(reminder, 'Done', { user: 'bob', timezone: 'UTC' });
  expect(bobs.text).toBe('This button is not yours, so it did nothing.');
  expect((await chat.say('streak read')).text).not.toMatch(/1 day/);

  const adas = await chat.press(reminder, 'Done');
  expect(adas.text).toMatch(/Read/);
  expect(adas.text).not.toContain('not yours');
  expect((await chat.say('streak read')).text).toMatch(/1 day/);
});

it('makes a confirmation button single-use, as the core does', async () => {
  const { services, user } = await ada();
  const habitId = (
    await chat.services().em.getConnection().execute<{ id: string }[]>('select id from habits')
  )[0]!.id;
  const confirm = await prepareReply(services, user, {
    text: 'Delete **Read**?',
    actions: [{ label: 'Delete', style: 'danger', command: `habit delete-confirmed ${habitId}` }],
  });

  expect(
    (await chat.services().em.findOneOrFail(ChatAction, { id: confirm.actions![0]!.id })).singleUse,
  ).toBe(true);
  expect((await chat.press(confirm, 'Delete')).text).not.toContain('already used');
  expect((await chat.press(confirm, 'Delete')).text).toBe('That button was already used.');
});

it('lets a prepared button expire after its lifetime', async () => {
  const { services, user } = await ada();
  const reminder = await prepareReply(services, user, {
    text: 'Read?',
    actions: [{ label: 'Done', command: 'done read' }],
  });

  chat.setNow('2026-12-21T12:00:00Z');
  expect((await chat.press(reminder, 'Done')).text).toBe(
    'That button has expired. Type the command instead.',
  );
});
