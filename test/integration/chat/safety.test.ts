/**
 * What keeps the chat safe from its input: hidden commands run only from stored buttons, buttons
 * expire and confirmations work once, repeated deliveries are known per sender, and control
 * characters never reach the database.
 */
import { ChatAction, CoachTurn, Goal, Habit, HandledEvent, User } from '../../../src/store/entities/index.js';
import { startTestChat, type TestChat } from '../../support/chat.js';

let chat: TestChat;

beforeEach(async () => {
  chat = await startTestChat({ now: '2026-11-20T12:00:00Z' });
});
afterEach(() => chat.close());

const habitNames = async () =>
  (await chat.services().em.find(Habit, {}, { orderBy: { name: 'asc' } })).map((habit) => habit.name);

describe('hidden commands', () => {
  it('never run from typed text, whatever it is prefixed with', async () => {
    await chat.say('habit add Read');
    const id = (await chat.services().em.findOneOrFail(Habit, { name: 'Read' })).id;
    for (const line of [
      '!forget-me confirmed',
      '/!forget-me confirmed',
      `!habit delete-confirmed ${id}`,
      `/habit delete-confirmed ${id}`,
    ]) {
      const reply = await chat.say(line);
      expect(reply.text).not.toMatch(/deleted/i);
    }
    expect(await chat.services().em.count(User)).toBe(1);
    expect(await habitNames()).toEqual(['Read']);
  });

  it('never run from a structured command either', async () => {
    await chat.say('habit add Read');
    const invocation = {
      platform: 'console' as const,
      workspace: '',
      channel: { id: 'dm-ada', kind: 'dm' as const },
      user: { id: 'ada' },
      receivedAt: new Date(),
    };
    await chat.core.handle({ ...invocation, command: { path: ['forget-me', 'confirmed'], options: {} } });
    await chat.core.handle({ ...invocation, command: { path: ['!forget-me', 'confirmed'], options: {} } });
    expect(await habitNames()).toEqual(['Read']);
  });
});

describe('buttons', () => {
  it(`expire after 30 days`, async () => {
    await chat.say('habit add Read');
    const ask = await chat.say('habit delete read');
    chat.setNow('2026-12-20T11:59:00Z');
    const added = await chat.say('habit add Swim');
    chat.setNow('2026-12-20T12:00:01Z');
    expect((await chat.press(ask, 'Delete')).text).toBe('That button has expired. Type the command instead.');
    expect(await habitNames()).toEqual(['Read', 'Swim']);
    // A button shown a minute before that still works.
    expect((await chat.press(added, 'Done today')).text).toContain('done for today');
    chat.setNow('2027-12-24T12:00:00Z');
    expect((await chat.press(added, 'Done today')).text).toContain('expired');
  });

  it('run a confirmation once, however often and however fast it is pressed', async () => {
    await chat.say('habit add Read');
    const ask = await chat.say('habit delete read');
    const answers = await Promise.all([
      chat.press(ask, 'Delete'),
      chat.press(ask, 'Delete'),
      chat.press(ask, 'Delete'),
    ]);
    expect(answers.map((answer) => answer.text).sort()).toEqual([
      'That button was already used.',
      'That button was already used.',
      '🗑️ Deleted.',
    ]);
    expect((await chat.press(ask, 'Delete')).text).toBe('That button was already used.');
    const stored = await chat.services().em.find(ChatAction, {});
    expect(
      stored
        .filter((action) => action.singleUse)
        .map((action) => action.command)
        .sort(),
    ).toEqual([expect.stringMatching(/^habit delete-confirmed /), expect.stringMatching(/^habit keep /)]);
  });

  it("are not used up by someone else's press", async () => {
    await chat.say('goal add Books target 12 books');
    const ask = await chat.say('goal delete books');
    expect((await chat.press(ask, 'Delete', { user: 'bob' })).text).toContain('not yours');
    expect((await chat.press(ask, 'Delete')).text).toBe('🗑️ Goal deleted.');
  });

  it('keep working for commands that are safe to repeat', async () => {
    const added = await chat.say('habit add Read');
    expect((await chat.press(added, 'Done today')).text).toContain('done for today');
    expect((await chat.press(added, 'Done today')).text).toContain('done for today');
  });

  it('"Keep it" says what was kept', async () => {
    await chat.say('habit add Read');
    await chat.say('goal add Books target 12 books');
    const keptHabit = await chat.press(await chat.say('habit delete read'), 'Keep it');
    expect(keptHabit.text).toBe('Kept **Read**.');
    const keptGoal = await chat.press(await chat.say('goal delete books'), 'Keep it');
    expect(keptGoal.text).toBe('Kept **Books**.');
    expect((await chat.press(await chat.say('forget-me'), 'Cancel')).text).toBe('Nothing was deleted.');
    expect(await habitNames()).toEqual(['Read']);
    expect(await chat.services().em.count(Goal)).toBe(1);
  });
});

describe('repeated deliveries', () => {
  it('are known per sender: the same event id from two senders gets two answers', async () => {
    await chat.say('habit add Read');
    await chat.say('habit add Swim', { user: 'bob' });
    const adas = await chat.say('habit list', { user: 'ada', eventId: 'evt-7' });
    const bobs = await chat.say('habit list', { user: 'bob', eventId: 'evt-7' });
    expect(adas.text).toContain('**Read**');
    expect(bobs.text).toContain('**Swim**');
    expect(bobs.text).not.toContain('Read');
    expect(bobs.repeat).toBeUndefined();
    // The same sender's repeat still gets the first reply, not a rerun.
    const again = await chat.say('habit add Gym', { user: 'bob', eventId: 'evt-7' });
    expect(again).toMatchObject({ text: bobs.text, repeat: true });
    expect(await habitNames()).toEqual(['Read', 'Swim']);
    // And a workspace is part of the key too.
    const otherTeam = await chat.say('habit list', {
      user: 'bob',
      platform: 'slack',
      workspace: 'T2',
      eventId: 'evt-7',
    });
    expect(otherTeam.repeat).toBeUndefined();
    expect(await chat.services().em.count(HandledEvent)).toBe(3);
  });
});

describe('control characters', () => {
  it('are stripped from text before anything is stored', async () => {
    const added = await chat.say('habit add Re\u0000ad\u0007 daily');
    expect(added.text).toContain('Added **Read**');
    expect(await habitNames()).toEqual(['Read']);

    const coached = await chat.say('coach how am I\u0000 doing?\u001b[2J');
    expect(coached.text).not.toContain('went wrong');
    const turns = await chat.services().em.find(CoachTurn, { role: 'user' });
    expect(turns.map((turn) => turn.content)).toEqual(['how am I doing?[2J']);
  });

  it('are stripped from button ids, options and event ids', async () => {
    const added = await chat.say('habit add Read');
    const id = added.actions![0]!.id;
    const pressed = await chat.core.handle({
      platform: 'console',
      workspace: '',
      channel: { id: 'dm-ada', kind: 'dm' },
      user: { id: 'ada', displayName: 'A\u0000da' },
      action: `${id.slice(0, 3)}\u0000${id.slice(3)}`,
      eventId: 'evt\u0000-1',
      receivedAt: new Date(),
    });
    expect(pressed.text).toContain('done for today');
    const structured = await chat.core.handle({
      platform: 'discord',
      workspace: 'G1',
      channel: { id: 'c1', kind: 'dm' },
      user: { id: 'D1' },
      command: { path: ['habit', 'add'], options: { name: 'Sw\u0000im' } },
      receivedAt: new Date(),
    });
    expect(structured.text).toContain('Added **Swim**');
    expect((await chat.services().em.findAll(HandledEvent)).map((event) => event.eventId)).toEqual(['evt-1']);
  });
});
