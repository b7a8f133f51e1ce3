/** `mentor login`: a single-use sign-in link for the mentor page, in direct messages only. */
import { createHash } from 'node:crypto';
import { MentorLoginLink } from '../../../src/store/entities/index.js';
import { startTestChat, type TestChat } from '../../support/chat.js';

let chat: TestChat;

beforeEach(async () => {
  chat = await startTestChat({ now: '2026-11-20T12:00:00Z', publicUrl: 'https://stride.example.org' });
});
afterEach(() => chat.close());

describe('mentor login', () => {
  it('answers a link under PUBLIC_URL valid 15 minutes, storing only the hash of its token', async () => {
    const reply = await chat.say('mentor login');
    const token = /https:\/\/stride\.example\.org\/mentor\/login\/([\w-]+)/.exec(reply.text)?.[1];
    expect(token).toBeDefined();
    expect(reply.text).toContain('works once, for 15 minutes');
    expect(reply.text).toContain('You follow no one yet');
    const [link] = await chat.services().em.find(MentorLoginLink, {});
    expect(link!.tokenHash).toBe(createHash('sha256').update(token!).digest('hex'));
    expect(link!.expiresAt.toISOString()).toBe('2026-11-20T12:15:00.000Z');
  });

  it('works only in a direct message', async () => {
    const reply = await chat.say('mentor login', { user: 'ada', dm: false });
    expect(reply.text).toContain('works only in a direct message');
    expect(await chat.services().em.count(MentorLoginLink, {})).toBe(0);
  });

  it('refuses a sixth link within the hour kindly, and gives one again an hour later', async () => {
    for (let i = 0; i < 5; i++) expect((await chat.say('mentor login')).text).toContain('/mentor/login/');
    const refused = await chat.say('mentor login');
    expect(refused.text).toBe(
      'You asked for 5 login links in the last hour; use one of those or try again later.',
    );
    expect(await chat.services().em.count(MentorLoginLink, {})).toBe(5);
    chat.setNow('2026-11-20T13:00:01Z');
    expect((await chat.say('mentor login')).text).toContain('/mentor/login/');
  });
});
