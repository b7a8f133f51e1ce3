import { Group, GroupMembership } from '../../../src/store/entities/index.js';
import { inSlackChannel, startTestChat, type TestChat } from '../../support/chat.js';

let chat: TestChat;

// Friday 2026-11-20, 12:00 UTC.
beforeEach(async () => {
  chat = await startTestChat({ now: '2026-11-20T12:00:00Z' });
});
afterEach(() => chat.close());

const admin = inSlackChannel('UADMIN', { admin: true });
const ada = inSlackChannel('UADA');
const ben = inSlackChannel('UBEN');

const groups = () => chat.services().em.find(Group, {});
const memberships = () => chat.services().em.count(GroupMembership, {});

describe('group setup', () => {
  it('is refused to someone who is not an admin, with the platform’s words, and changes nothing', async () => {
    const reply = await chat.say('group setup', ada);
    expect(reply.text).toBe('Only a workspace admin or owner can set up a group here.');
    expect(await groups()).toHaveLength(0);
    const onDiscord = await chat.say('group setup', { ...ada, platform: 'discord', workspace: '' });
    expect(onDiscord.text).toContain('Manage Server');
    const onTelegram = await chat.say('group setup', { ...ada, platform: 'telegram', workspace: '' });
    expect(onTelegram.text).toContain('group administrator');
    expect(await groups()).toHaveLength(0);
  });

  it('makes the channel a group on Monday 09:00 in the admin’s zone by default, once', async () => {
    const reply = await chat.say('group setup', admin);
    expect(reply.text).toContain('#general is now a Stride group');
    expect(reply.text).toContain('Mondays at 09:00 (Europe/Paris)');
    const [group] = await groups();
    expect(group).toMatchObject({
      platform: 'slack',
      workspace: 'T1',
      channelId: 'general',
      reviewWeekday: 1,
      reviewMinute: 540,
      timezone: 'Europe/Paris',
      reviewEnabled: true,
    });
    expect((await chat.say('group setup friday 17:00', admin)).text).toContain('is a Stride group already');
    expect(await groups()).toHaveLength(1);
  });

  it('takes a weekday, a time and a zone in any order, and refuses words it does not understand', async () => {
    const reply = await chat.say('group setup 5pm America/New_York fri', admin);
    expect(reply.text).toContain('Fridays at 17:00 (America/New_York)');
    await chat.say('group delete', admin);
    const other = { ...admin, channel: 'random' };
    expect((await chat.say('group setup friday soon', other)).text).toContain('"soon" is not a time of day');
    expect((await chat.say('group setup monday tuesday', other)).text).toContain('one weekday');
    expect((await chat.say('group setup Mars/Base', other)).text).toContain('not a time zone I know');
    expect((await chat.say('group setup 9 am', other)).text).toContain('Mondays at 09:00');
  });

  it('needs a channel: in a direct message it says where to run it', async () => {
    const reply = await chat.say('group setup', { ...admin, dm: true });
    expect(reply.text).toContain('in the group channel itself');
    expect(await groups()).toHaveLength(0);
  });
});

describe('joining and the group view', () => {
  beforeEach(async () => {
    await chat.say('group setup', admin);
    await chat.say('habit add Read daily', ada);
    await chat.say('done read', ada);
    await chat.say('habit add Secret project daily', ben);
  });

  it('shows only members who joined, and group leave takes a member out', async () => {
    expect((await chat.say('group join', ada)).text).toContain('joined #general');
    expect((await chat.say('group join', ada)).text).toBe('You are in this group already.');
    const view = await chat.say('group', ben);
    expect(view.text).toContain('UADA');
    expect(view.text).not.toContain('UBEN');
    expect(view.text).toContain('**Board**');
    expect(await memberships()).toBe(1);

    expect((await chat.say('group leave', ada)).text).toContain('You left this group');
    expect((await chat.say('group', ben)).text).not.toContain('UADA');
    expect((await chat.say('group leave', ada)).text).toBe('You are not in this group.');
  });

  it('tells a member their own week privately with group me', async () => {
    await chat.say('group join', ada);
    const mine = await chat.say('group me', ada);
    expect(mine.ephemeral).toBe(true);
    expect(mine.text).toMatch(/^Your week: \d+ of \d+ \(\d+%\), 🔥 1 day\. You're #1 on the board\.$/);
    expect(mine.text.length).toBeLessThanOrEqual(200);
    expect((await chat.say('group me', ben)).text).toContain('You have not joined');
  });

  it('lists a member’s groups in a direct message', async () => {
    await chat.say('group join', ada);
    const reply = await chat.say('group', { ...ada, dm: true });
    expect(reply.text).toContain('#general on slack: review Mondays at 09:00 (Europe/Paris)');
  });

  it('puts the groups in export, and forget-me takes the member out of every group', async () => {
    await chat.say('group join', ada);
    const exported = await chat.say('export', { ...ada, dm: true });
    const data = JSON.parse(exported.file!.content) as { groups: unknown[] };
    expect(data.groups).toEqual([
      { platform: 'slack', channelId: 'general', name: 'general', joinedAt: expect.any(String) },
    ]);
    const question = await chat.say('forget-me', { ...ada, dm: true });
    await chat.press(question, 'Delete everything', { ...ada, dm: true });
    expect(await memberships()).toBe(0);
    // The admin who set it up is forgotten too: the group stays, without its creator.
    const adminQuestion = await chat.say('forget-me', { ...admin, dm: true });
    await chat.press(adminQuestion, 'Delete everything', { ...admin, dm: true });
    expect((await groups())[0]!.createdBy).toBeNull();
  });

  it('answers in a channel that is no group', async () => {
    const reply = await chat.say('group join', { ...ada, channel: 'random' });
    expect(reply.text).toContain('not a Stride group yet');
    expect(await memberships()).toBe(0);
  });
});

describe('group settings and delete', () => {
  beforeEach(async () => {
    await chat.say('group setup', admin);
  });

  it('shows the review to anyone and lets only admins change it or turn it off', async () => {
    expect((await chat.say('group settings', ada)).text).toContain('Mondays at 09:00');
    expect((await chat.say('group settings friday 17:00', ada)).text).toContain(
      "Only a workspace admin or owner can change this group's review.",
    );
    expect((await groups())[0]).toMatchObject({ reviewWeekday: 1, reviewMinute: 540 });
    expect((await chat.say('group settings friday 17:00', admin)).text).toContain('Fridays at 17:00');
    expect((await groups())[0]).toMatchObject({ reviewWeekday: 5, reviewMinute: 1020 });
    expect((await chat.say('group settings off', admin)).text).toContain('is off');
    expect((await groups())[0]!.reviewEnabled).toBe(false);
    expect((await chat.say('group settings on', admin)).text).toContain('Fridays at 17:00');
    expect((await chat.say('group settings off friday', admin)).text).toContain('takes nothing else');
  });

  it('deletes the group after the admin confirms; others cannot', async () => {
    await chat.say('group join', ada);
    expect((await chat.say('group delete', ada)).text).toContain('Only a workspace admin');
    const question = await chat.say('group delete', admin);
    expect(question.text).toContain('Sure?');
    expect(await groups()).toHaveLength(1);
    expect((await chat.press(question, 'Delete the group', ada)).text).toContain('not yours');
    expect((await chat.press(question, 'Delete the group', admin)).text).toContain(
      'no longer a Stride group',
    );
    expect(await groups()).toHaveLength(0);
    expect(await memberships()).toBe(0);
  });
});
