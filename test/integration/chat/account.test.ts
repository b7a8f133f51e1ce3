import { Identity, User } from '../../../src/store/entities/index.js';
import { startTestChat, type TestChat } from '../../support/chat.js';

let chat: TestChat;

beforeEach(async () => {
  chat = await startTestChat({ now: '2026-11-20T12:00:00Z' });
});
afterEach(() => chat.close());

const count = async (entity: typeof User | typeof Identity) => chat.services().em.count(entity);

describe('members and identities', () => {
  it('creates a member on first contact, with a time zone hint when the platform gave none', async () => {
    const reply = await chat.say('habit list', { user: 'tg-42', platform: 'telegram', timezone: undefined });
    expect(reply.followUps?.[0]?.text).toContain('settings timezone');
    const again = await chat.say('habit list', { user: 'tg-42', platform: 'telegram', timezone: undefined });
    expect(again.followUps).toBeUndefined();
    expect(await count(User)).toBe(1);
  });

  it('takes the time zone the platform knows, and settings change it', async () => {
    await chat.say('habit add Run', { user: 'ada', timezone: 'Pacific/Kiritimati' });
    // 12:00 UTC is 02:00 the next day at UTC+14.
    expect((await chat.say('today', { user: 'ada' })).text).toContain('2026-11-21');
    expect((await chat.say('settings timezone America/New_York')).text).toContain('**America/New_York**');
    expect((await chat.say('today')).text).toContain('2026-11-20');
    expect((await chat.say('settings timezone Mars/Olympus')).text).toContain('not a time zone I know');
    expect((await chat.say('settings daystart 3')).text).toContain('03:00');
    expect((await chat.say('settings daystart 20')).text).toContain('from 0 to 12');
  });

  it('links two platforms into one member, keeping every habit and log', async () => {
    await chat.say('habit add Read daily');
    await chat.say('done read');
    await chat.say('habit add Swim', { user: 'U1', platform: 'slack', workspace: 'T1' });
    await chat.say('habit add Read', { user: 'U1', platform: 'slack', workspace: 'T1' });
    await chat.say('done swim yesterday', { user: 'U1', platform: 'slack', workspace: 'T1' });
    const code = /`([A-Z0-9]{4}-[A-Z0-9]{4})`/.exec((await chat.say('link')).text)![1]!;

    const wrong = await chat.say('link ZZZZ-ZZZZ', { user: 'U1', platform: 'slack', workspace: 'T1' });
    expect(wrong.text).toContain('unknown or has expired');
    const linked = await chat.say(`link ${code.toLowerCase()}`, {
      user: 'U1',
      platform: 'slack',
      workspace: 'T1',
    });
    expect(linked.text).toContain('Linked');
    expect(await count(User)).toBe(2 - 1);
    expect(await count(Identity)).toBe(2);

    const list = (await chat.say('habit list', { user: 'U1', platform: 'slack', workspace: 'T1' })).text;
    expect(list).toContain('**Read**');
    expect(list).toContain('**Swim**');
    expect(list).toContain('**Read (2)**');
    expect((await chat.say('streak swim')).text).toContain('1 day');
    // A code works once.
    expect((await chat.say(`link ${code}`, { user: 'bob' })).text).toContain('unknown or has expired');
  });

  it('expires link codes after 10 minutes', async () => {
    const code = /`([A-Z0-9-]{9})`/.exec((await chat.say('link')).text)![1]!;
    chat.setNow('2026-11-20T12:10:01Z');
    expect((await chat.say(`link ${code}`, { user: 'bob' })).text).toContain('expired');
  });
});

describe('export, forget-me and token', () => {
  it('exports everything as a JSON file', async () => {
    await chat.say('habit add Read daily 20 pages');
    await chat.say('done read 30');
    await chat.say('goal add Books target 12 books with read');
    const reply = await chat.say('export');
    expect(reply.file).toMatchObject({
      filename: 'stride-export-2026-11-20.json',
      mimeType: 'application/json',
    });
    const data = JSON.parse(reply.file!.content);
    expect(data.habits[0]).toMatchObject({
      name: 'Read',
      logs: [{ date: '2026-11-20', status: 'done', amount: 30 }],
    });
    expect(data.goals[0]).toMatchObject({ title: 'Books', target: 12, habits: [data.habits[0].id] });
    expect(data.identities).toEqual([
      { platform: 'console', workspace: '', platformUserId: 'ada', displayName: 'Ada' },
    ]);
  });

  it('forgets a member only after the confirmation button, pressed by them', async () => {
    await chat.say('habit add Read');
    const ask = await chat.say('forget-me');
    expect(await count(User)).toBe(1);
    // Typing the confirmation only asks again: it takes the button.
    expect((await chat.say('forget-me confirmed')).actions?.map((a) => a.label)).toEqual([
      'Delete everything',
      'Cancel',
    ]);
    expect((await chat.press(ask, 'Delete everything', { user: 'bob' })).text).toContain('not yours');
    expect(await count(User)).toBe(2);
    expect((await chat.press(ask, 'Delete everything')).text).toContain('Everything is deleted');
    expect(await count(User)).toBe(1);
    const fresh = await chat.say('habit list');
    expect(fresh.text).toContain('No habits yet');
  });

  it('gives an API token only in a direct message', async () => {
    expect((await chat.say('token', { user: 'ada', dm: false })).text).toContain('only in a direct message');
    const reply = await chat.say('token');
    expect(reply.ephemeral).toBe(true);
    expect(reply.text).toMatch(/`stride_[\w-]+`/);
  });

  it('explains every command', async () => {
    const help = await chat.say('help');
    for (const usage of [
      'habit add <name> [schedule] [target]',
      'goal add',
      'settings timezone <zone>',
      'forget-me',
    ]) {
      expect(help.text).toContain(usage);
    }
    expect(help.text).not.toContain('confirmed');
    expect((await chat.say('help habit log')).text).toContain(
      'Usage: `habit log <habit> [date] [done|skip|miss] [amount [unit]] [note: …]`',
    );
    expect((await chat.say('help goal')).text).toContain('goal progress');
    expect((await chat.say('habit')).text).toContain('`habit add <name> [schedule] [target]`');
  });
});
