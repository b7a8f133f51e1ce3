/**
 * What handled_events keeps of a delivery's reply for its repeats: never a secret (an API token, a
 * link code) nor the member's export, and nothing of a member once they used forget-me.
 */
import { User } from '../../../src/store/entities/index.js';
import { startTestChat, type TestChat } from '../../support/chat.js';
import { withStatements } from '../../support/statements.js';

let chat: TestChat;

beforeEach(async () => {
  chat = await startTestChat({ now: '2026-11-20T12:00:00Z' });
});
afterEach(() => chat.close());

/** Every stored reply as its JSON text, with its owner, read with SQL (not through the entity). */
const storedReplies = () =>
  chat
    .services()
    .em.getConnection()
    .execute<{ reply: string | null; user_id: string | null }[]>(
      `select reply::text as reply, user_id from handled_events order by event_id`,
    );

describe('the record of a delivery and its reply’s buttons', () => {
  it('are written by one statement, and the buttons work', async () => {
    await chat.say('habit add Read', { user: 'ada' });
    const { result: reply, sent } = await withStatements(() =>
      chat.say('done read', { user: 'ada', eventId: 'evt-done' }),
    );
    expect(reply.actions?.length).toBeGreaterThan(0);
    const writes = sent.filter((text) => /insert into chat_actions|update handled_events/.test(text));
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatch(/insert into chat_actions[\s\S]*update handled_events/);
    const [stored] = await storedReplies();
    expect(stored!.reply).toContain(reply.actions![0]!.id);
    expect((await chat.press(reply, 0, { user: 'ada' })).text).not.toMatch(/expired/);
  });

  it('a done is three statements: the claim with the sender and their habits, the log with its history, the record', async () => {
    await chat.say('habit add Read', { user: 'ada' });
    const { result: reply, sent } = await withStatements(() =>
      chat.say('done read', { user: 'ada', eventId: 'evt-count' }),
    );
    expect(reply.text).toMatch(/Read/);
    expect(sent).toHaveLength(3);
    expect(sent[0]).toMatch(/insert into handled_events[\s\S]*from identities[\s\S]*from habits/);
    // A repeat is answered from the record, and claims nothing.
    const again = await chat.say('done read', { user: 'ada', eventId: 'evt-count' });
    expect(again).toMatchObject({ text: reply.text, repeat: true });
  });

  it('when they cannot be written, the command’s answer still comes, without its buttons', async () => {
    await chat.say('habit add Read', { user: 'ada' });
    const { result: reply } = await withStatements(
      () => chat.say('done read', { user: 'ada', eventId: 'evt-lost' }),
      /update handled_events/,
    );
    expect(reply.text).toMatch(/Read/);
    expect(reply.text).not.toMatch(/nothing was saved|went wrong/);
    expect(reply.actions).toBeUndefined();
    // The log itself was written before the record failed.
    const logs = await chat.services().em.getConnection().execute(`select 1 from habit_logs`);
    expect(logs).toHaveLength(1);
  });
});

describe('stored replies of handled deliveries', () => {
  it('never keep an API token: a repeat answers a stand-in', async () => {
    const first = await chat.say('token', { user: 'ada', eventId: 'evt-token' });
    const secret = /`(stride_[\w-]+)`/.exec(first.text)![1]!;
    const [stored] = await storedReplies();
    expect(stored!.reply).not.toContain(secret);

    const again = await chat.say('token', { user: 'ada', eventId: 'evt-token' });
    expect(again).toMatchObject({ repeat: true, ephemeral: true });
    expect(again.text).toContain('the token is not shown again');
    expect(again.text).not.toContain(secret);
  });

  it('never keep a link code', async () => {
    const first = await chat.say('link', { user: 'ada', eventId: 'evt-link' });
    const code = /`([A-Z0-9]{4}-[A-Z0-9]{4})`/.exec(first.text)![1]!;
    const [stored] = await storedReplies();
    expect(stored!.reply).not.toContain(code);
    const again = await chat.say('link', { user: 'ada', eventId: 'evt-link' });
    expect(again.text).not.toContain(code);
    expect(again.repeat).toBe(true);
  });

  it('belong to the member the sender joined with `link <code>`, not the one it left', async () => {
    const code = /`([A-Z0-9]{4}-[A-Z0-9]{4})`/.exec((await chat.say('link')).text)![1]!;
    const slack = { user: 'U1', platform: 'slack', workspace: 'T1' } as const;
    const linked = await chat.say(`link ${code}`, { ...slack, eventId: 'evt-redeem' });
    expect(linked.text).toContain('Linked');
    const ada = (await chat.exportOf('ada')).member.id;
    expect(await storedReplies()).toEqual([expect.objectContaining({ user_id: ada })]);
  });

  it('never keep the export file: a repeat says it was sent', async () => {
    await chat.say('habit add Piano practice');
    const first = await chat.say('export', { user: 'ada', eventId: 'evt-export' });
    expect(first.file?.content).toContain('Piano practice');
    const [stored] = await storedReplies();
    expect(stored!.reply).not.toContain('Piano practice');

    const again = await chat.say('export', { user: 'ada', eventId: 'evt-export' });
    expect(again.file).toBeUndefined();
    expect(again).toMatchObject({ repeat: true, ephemeral: true });
    expect(again.text).toContain('export was sent');
  });

  it('are erased by forget-me, whose own stored reply names nothing of the member', async () => {
    await chat.say('habit add Piano practice', { user: 'ada', eventId: 'evt-1' });
    await chat.say('habit list', { user: 'ada', eventId: 'evt-2' });
    await chat.say('export', { user: 'ada', eventId: 'evt-3' });
    const ask = await chat.say('forget-me', { user: 'ada', eventId: 'evt-4' });
    const done = await chat.press(ask, 'Delete everything', { user: 'ada', eventId: 'evt-5' });
    expect(done.text).toContain('Everything is deleted');

    // Only the confirmation's own delivery is left, owned by nobody and naming nothing of Ada's.
    expect(await storedReplies()).toEqual([
      { reply: expect.not.stringMatching(/Piano|stride-export/), user_id: null },
    ]);

    // A retry of that delivery repeats it: it neither runs again nor starts a new member.
    const again = await chat.press(ask, 'Delete everything', { user: 'ada', eventId: 'evt-5' });
    expect(again).toMatchObject({ text: done.text, repeat: true });
    expect(await chat.services().em.count(User)).toBe(0);
  });
});
