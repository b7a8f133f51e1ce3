/**
 * Mentorship consent in chat: a code from `mentor invite` redeemed with `mentee add`, a request
 * from a group channel answered with Accept or Decline in the person's own chat, lists, removal
 * from either side, and `mentor activity`. Nothing is shared before consent or after the end.
 */
import { prepareReply } from '../../../src/commands/outbound.js';
import type { Reply } from '../../../src/ports/chat.js';
import { menteeOf } from '../../../src/services/mentorships.js';
import {
  Identity,
  JournalEntry,
  MentorInsight,
  MentorNudge,
  MentorInvite,
  Mentorship,
  OutboxMessage,
  type User,
} from '../../../src/store/entities/index.js';
import { startTestChat, type Speaker, type TestChat } from '../../support/chat.js';

let chat: TestChat;

beforeEach(async () => {
  chat = await startTestChat({ now: '2026-11-20T12:00:00Z' });
});
afterEach(() => chat.close());

// Two Slack people in one workspace, and a console member.
const ada: Speaker = { user: 'U0ADA', platform: 'slack', workspace: 'T1', timezone: 'UTC' };
const sam: Speaker = { user: 'U0SAM', platform: 'slack', workspace: 'T1', timezone: 'UTC' };
const samInGroup: Speaker = { ...sam, dm: false, channel: 'C-team' };
const codeIn = (reply: Reply) => /`([A-Z0-9]{4}-[A-Z0-9]{4})`/.exec(reply.text)![1]!;

async function memberOf(who: Speaker): Promise<User> {
  const identity = await chat.services().em.findOneOrFail(
    Identity,
    { platform: who.platform ?? 'console', platformUserId: who.user },
    {
      populate: ['user'],
    },
  );
  return identity.user;
}

/** The outbox messages for a member, as the delivery loop would send them (buttons stored, theirs). */
async function inboxOf(who: Speaker): Promise<Reply[]> {
  const services = chat.services();
  const member = await memberOf(who);
  const rows = await services.em.find(OutboxMessage, { user: member }, { orderBy: { createdAt: 'asc' } });
  return Promise.all(rows.map((row) => prepareReply(services, member, row.reply)));
}

async function canSee(mentor: Speaker, mentee: Speaker): Promise<boolean> {
  const [m, e] = [await memberOf(mentor), await memberOf(mentee)];
  return menteeOf(chat.services(), m, e.id).then(
    () => true,
    () => false,
  );
}

describe('consent by code', () => {
  it('links a mentor on another platform with the code, once, and refuses the wrong ones', async () => {
    await chat.say('hi', sam);
    const invite = await chat.say('mentor invite', ada);
    expect(invite.ephemeral).toBe(true);
    expect(invite.text).toContain('24 hours');
    const code = codeIn(invite);
    expect(code).toMatch(/^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/);
    // Only a hash is kept.
    const stored = await chat.services().em.find(MentorInvite, {});
    expect(stored).toHaveLength(1);
    expect(stored[0]!.codeHash).not.toContain(code.replace('-', ''));
    expect(await canSee(sam, ada)).toBe(false);

    expect((await chat.say(`mentee add ${code}`, ada)).text).toContain('your own');
    expect((await chat.say('mentee add ZZZZ-ZZZZ', sam)).text).toContain('unknown or has expired');
    expect((await chat.say('mentee add', sam)).text).toContain('Usage');
    expect(await chat.services().em.count(Mentorship, {})).toBe(0);

    // Sam is on the console too: a mentor may be on any platform.
    const added = await chat.say(`mentee add ${code.toLowerCase()}`, { user: 'sam' });
    expect(added.text).toContain('You now follow **U0ADA**');
    expect(await canSee({ user: 'sam' }, ada)).toBe(true);
    // A code works once.
    expect((await chat.say(`mentee add ${code}`, sam)).text).toContain('unknown or has expired');
    // Already linked: a fresh code is refused without a second row.
    const again = codeIn(await chat.say('mentor invite', ada));
    expect((await chat.say(`mentee add ${again}`, { user: 'sam' })).text).toContain('already follow');
    expect(await chat.services().em.count(Mentorship, {})).toBe(1);
  });

  it('lets a code expire after 24 hours, and a new code replaces the old', async () => {
    const first = codeIn(await chat.say('mentor invite', ada));
    const second = codeIn(await chat.say('mentor invite', ada));
    expect((await chat.say(`mentee add ${first}`, sam)).text).toContain('unknown or has expired');
    chat.setNow('2026-11-21T12:00:01Z');
    expect((await chat.say(`mentee add ${second}`, sam)).text).toContain('unknown or has expired');
    expect(await chat.services().em.count(Mentorship, {})).toBe(0);
  });
});

describe('consent by request', () => {
  it('asks the person in their own chat; Accept makes it active and tells the mentor', async () => {
    await chat.say('habit add Run daily', ada);
    const asked = await chat.say('mentee request <@U0ADA|ada>', samInGroup);
    expect(asked.text).toContain('I asked **U0ADA** in private');
    const [link] = await chat.services().em.find(Mentorship, {});
    expect(link!.status).toBe('pending');
    // Nothing shared while it waits.
    expect(await canSee(sam, ada)).toBe(false);
    expect((await chat.say('mentee nudge ada', sam)).text).toContain('nobody to nudge');

    const [request] = await inboxOf(ada);
    expect(request!.text).toContain('**U0SAM** would like to follow your habits as your mentor');
    expect(request!.actions!.map((a) => a.label)).toEqual(['Accept', 'Decline']);
    // The buttons are Ada's alone.
    expect((await chat.press(request!, 'Accept', sam)).text).toContain('not yours');
    expect((await chat.services().em.find(Mentorship, {}))[0]!.status).toBe('pending');

    expect((await chat.press(request!, 'Accept', ada)).text).toContain('**U0SAM** is now your mentor');
    const [active] = await chat.services().em.find(Mentorship, {});
    expect(active!.status).toBe('active');
    expect(active!.acceptedAt).toEqual(new Date('2026-11-20T12:00:00Z'));
    expect(await canSee(sam, ada)).toBe(true);
    expect((await inboxOf(sam))[0]!.text).toContain('**U0ADA** accepted');
    expect((await chat.press(request!, 'Decline', ada)).text).toContain('already answered');
    expect((await chat.say('mentor list', ada)).text).toContain('- U0SAM (since 2026-11-20)');
    expect((await chat.say('mentee list', sam)).text).toContain('- U0ADA (since 2026-11-20)');
  });

  it('Decline deletes the request, and nothing is shared', async () => {
    await chat.say('hi', ada);
    await chat.say('mentee request <@U0ADA>', samInGroup);
    expect((await chat.say('mentee list', sam)).text).toContain('waiting for an answer');
    expect((await chat.say('mentee request <@U0ADA>', samInGroup)).text).toContain('asked U0ADA already');
    const [request] = await inboxOf(ada);
    expect((await chat.press(request!, 'Decline', ada)).text).toContain('Declined');
    expect(await chat.services().em.count(Mentorship, {})).toBe(0);
    expect(await canSee(sam, ada)).toBe(false);
    expect((await chat.press(request!, 'Accept', ada)).text).toContain('already answered');
    expect(await chat.services().em.count(Mentorship, {})).toBe(0);
  });

  it('reads Discord mentions, and refuses kindly what it cannot resolve', async () => {
    const bo: Speaker = { user: '123456789012', platform: 'discord', workspace: 'G1' };
    await chat.say('hi', bo);
    const kim: Speaker = { user: '998877665544', platform: 'discord', workspace: 'G1', dm: false };
    expect((await chat.say('mentee request <@!123456789012>', kim)).text).toContain('I asked');
    expect(await chat.services().em.count(Mentorship, { status: 'pending' })).toBe(1);

    // Someone Stride has never met is not created.
    const users = await chat.services().em.count(Identity, {});
    const stranger = await chat.say('mentee request <@555555555555>', kim);
    expect(stranger.text).toContain('say hi to Stride first');
    expect(await chat.services().em.count(Identity, {})).toBe(users);

    const telegram = await chat.say('mentee request @ada_l', {
      user: '42',
      platform: 'telegram',
      dm: false,
    });
    expect(telegram.text).toContain('mentor invite');
    expect((await chat.say('mentee request', samInGroup)).text).toContain('Usage');
    expect((await chat.say('mentee request <@U0SAM>', samInGroup)).text).toContain('your own mentor');
    expect((await chat.say('mentee request <@U0ADA>', sam)).text).toContain('group channel');
    expect(await chat.services().em.count(Mentorship, {})).toBe(1);
  });
});

describe('ending it', () => {
  async function link(): Promise<void> {
    const code = codeIn(await chat.say('mentor invite', ada));
    await chat.say(`mentee add ${code}`, sam);
  }

  it('the member removes a mentor by name: access ends at once', async () => {
    await link();
    expect((await chat.say('mentor remove bob', ada)).text).toContain("can't find a mentor");
    expect(await canSee(sam, ada)).toBe(true);
    expect((await chat.say('mentor remove u0sa', ada)).text).toContain('**U0SAM** is no longer your mentor');
    expect(await canSee(sam, ada)).toBe(false);
    expect((await chat.say('mentee list', sam)).text).toContain('You follow nobody');
    expect((await chat.say('mentor remove sam', ada)).text).toContain('no mentor to remove');
  });

  it('the mentor drops a mentee', async () => {
    await link();
    expect((await chat.say('mentee remove U0ADA', sam)).text).toContain('no longer follow **U0ADA**');
    expect(await canSee(sam, ada)).toBe(false);
    expect((await chat.say('mentor list', ada)).text).toContain('You have no mentor');
  });
});

describe('nudges and activity', () => {
  it('a mentor nudges from chat; the member sees it, and the AI questions, in mentor activity', async () => {
    await chat.say('habit add Run daily', ada);
    const code = codeIn(await chat.say('mentor invite', ada));
    await chat.say(`mentee add ${code}`, sam);
    expect((await chat.say('mentor activity', ada)).text).toContain('None of your mentors');

    const sent = await chat.say('mentee nudge u0ada keep going!', sam);
    expect(sent.text).toContain('Nudge on its way to **U0ADA** (2 more possible today)');
    const [nudge] = await inboxOf(ada);
    expect(nudge!.text).toContain('**U0SAM** checked in: keep going!');
    expect(nudge!.actions!.map((a) => a.label)).toEqual(['✓ Run', 'Skip Run']);

    const services = chat.services();
    services.em.create(MentorInsight, {
      mentor: await memberOf(sam),
      mentee: await memberOf(ada),
      question: 'How is the running going?',
      answer: '…',
      sources: [],
      engine: 'offline',
      tokens: 0,
      createdAt: new Date('2026-11-20T09:30:00Z'),
    });
    await services.em.flush();
    const activity = (await chat.say('mentor activity', ada)).text;
    expect(activity).toContain('**Asked the AI about you**\n- U0SAM, 2026-11-20 09:30');
    expect(activity).toContain('**Nudges**\n- U0SAM, 2026-11-20 12:00: "keep going!"');
    // The question itself stays the mentor's.
    expect(activity).not.toContain('running');
  });
});

describe('export and forget-me', () => {
  it('exports journal entries and mentorships by name, and forget-me removes them on both sides', async () => {
    const code = codeIn(await chat.say('mentor invite', ada));
    await chat.say(`mentee add ${code}`, sam);
    await chat.say('journal a quiet day #calm', ada);
    chat.setNow('2026-11-20T13:00:00Z');
    await chat.say('mood 2', ada);
    await chat.say('mentee nudge U0ADA', sam);
    await chat.say('mentor invite', ada);

    const reply = await chat.say('export', ada);
    const data = JSON.parse(reply.file!.content);
    expect(data.journal.map((e: { text: string; mood: number | null }) => [e.text, e.mood])).toEqual([
      ['a quiet day #calm', null],
      ['', 2],
    ]);
    expect(data.journal[0]).toMatchObject({ tags: ['calm'], private: false, sentimentEngine: 'lexicon' });
    expect(data.mentorships).toEqual({
      mentors: [{ name: 'U0SAM', status: 'active', acceptedAt: expect.any(String) }],
      mentees: [],
    });
    const samData = JSON.parse((await chat.say('export', sam)).file!.content);
    expect(samData.mentorships.mentees).toEqual([
      { name: 'U0ADA', status: 'active', acceptedAt: expect.any(String) },
    ]);
    // Names only: nothing of the other member's data.
    expect(JSON.stringify(samData)).not.toContain('quiet day');

    const confirm = await chat.say('forget-me', ada);
    await chat.press(confirm, 'Delete everything', ada);
    const em = chat.services().em;
    expect(await em.count(Mentorship, {})).toBe(0);
    expect(await em.count(MentorInvite, {})).toBe(0);
    expect(await em.count(JournalEntry, {})).toBe(0);
    expect(await em.count(MentorNudge, {})).toBe(0);
    expect((await chat.say('mentee list', sam)).text).toContain('You follow nobody');
  });
});
