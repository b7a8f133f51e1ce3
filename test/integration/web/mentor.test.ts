/**
 * The mentor web page over real HTTP: sign-in by link, the list by risk against numbers worked out
 * by hand, a mentee's page, charts, Ask the AI (offline and against the fake Gemini), nudges,
 * live events, and every refusal (another mentor's mentee, a forged form, a replayed link).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createGeminiModel } from '../../../src/coach/gemini.js';
import { createGoal } from '../../../src/services/goals.js';
import {
  JournalEntry,
  MentorInsight,
  MentorLoginLink,
  MentorNudge,
  MentorSession,
  Mentorship,
  OutboxMessage,
  type User,
} from '../../../src/store/entities/index.js';
import { startFakeGemini, systemInstructionText, turn, type FakeGemini } from '../../fakes/gemini/index.js';
import { startTestServer, type TestServer } from '../../support/app.js';
import { buildHabit, buildLog, buildMember } from '../../support/builders.js';

const NOW = '2026-11-20T12:00:00Z';

let server: TestServer;
let sam: User;
let mentees: Record<string, User>;
let habits: Record<string, string>;

interface World {
  sam: User;
  mentees: Record<string, User>;
  habits: Record<string, string>;
}

/** Sam follows Ada, Bo, Cy and Dee; Zed follows Eve. Each has one daily habit since 2026-11-14. */
async function seed(target: TestServer): Promise<World> {
  const services = target.services();
  const sam = await buildMember(services, { name: 'Sam' });
  const zed = await buildMember(services, { name: 'Zed' });
  const mentees: Record<string, User> = {};
  const habits: Record<string, string> = {};
  // Done days per mentee, from 2026-11-14 (today, 2026-11-20, is still open for everyone).
  const done: Record<string, string[]> = {
    Ada: ['14', '15', '16', '17', '18', '19'],
    Bo: ['14', '15', '16', '17'],
    Cy: [],
    Dee: ['14', '15', '16', '17', '18'],
    Eve: ['19'],
  };
  for (const [name, days] of Object.entries(done)) {
    const mentee = await buildMember(services, { name });
    mentees[name] = mentee;
    const habit = await buildHabit(services, mentee, { name: `${name} run`, startDate: '2026-11-14' });
    habits[name] = habit.id;
    for (const day of days)
      await buildLog(services, habit, {
        date: `2026-11-${day}`,
        ...(name === 'Bo' && day === '16' ? { note: 'rainy, short loop' } : {}),
      });
    services.em.create(Mentorship, { mentor: name === 'Eve' ? zed : sam, mentee, status: 'active' });
  }
  services.em.create(JournalEntry, {
    user: mentees.Bo!,
    date: '2026-11-18',
    text: 'Knee hurts a bit',
    mood: 2,
    sentiment: -0.4,
    sentimentEngine: 'lexicon',
    tags: ['health'],
  });
  services.em.create(JournalEntry, {
    user: mentees.Bo!,
    date: '2026-11-19',
    text: 'Secret worry',
    sentiment: -0.6,
    sentimentEngine: 'lexicon',
    private: true,
  });
  await services.em.flush();
  await createGoal(target.services(), mentees.Bo!, {
    title: '20 runs',
    target: 20,
    startDate: '2026-11-14',
    habits: [habits.Bo!],
  });
  return { sam, mentees, habits };
}

interface Browser {
  cookie: string;
  csrf: string;
}

let addresses = 0;

interface PageResponse {
  status: number;
  text: string;
  headers: Headers;
}

/** A request as a browser sends it (no redirects followed, so each step can be checked). */
async function visit(
  path: string,
  options: { cookie?: string; form?: Record<string, string>; target?: TestServer; ip?: string } = {},
): Promise<PageResponse> {
  // Each sign-in from its own address, unless a test says: login attempts are limited per address.
  const headers: Record<string, string> = {
    'x-forwarded-for': options.ip ?? `10.1.${++addresses >> 8}.${addresses & 255}`,
  };
  if (options.cookie) headers.cookie = options.cookie;
  const response = await fetch((options.target ?? server).baseUrl + path, {
    method: options.form ? 'POST' : 'GET',
    headers,
    body: options.form ? new URLSearchParams(options.form) : undefined,
    redirect: 'manual',
  });
  const type = response.headers.get('content-type') ?? '';
  const text = type.startsWith('image/') ? '' : await response.text();
  return { status: response.status, text, headers: response.headers };
}

/** A fresh login link, as `mentor login` makes one (written directly: tests sign in more than 5 times an hour). */
async function linkFor(mentor: User, target = server): Promise<string> {
  const services = target.services();
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(services.now().getTime() + 15 * 60_000);
  services.em.create(MentorLoginLink, { tokenHash: sha256(token), mentor, expiresAt });
  await services.em.flush();
  return `/mentor/login/${token}`;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** Signs `mentor` in by a fresh link; returns the session cookie and the CSRF token of its forms. */
async function signIn(mentor: User, target = server): Promise<Browser> {
  const login = await visit(await linkFor(mentor, target), { target });
  expect(login.status).toBe(303);
  const cookie = /^(stride_mentor=[^;]+)/.exec(login.headers.get('set-cookie') ?? '')![1]!;
  const home = await visit('/mentor', { cookie, target });
  const csrf = /name="csrf" value="([0-9a-f]+)"/.exec(home.text)![1]!;
  return { cookie, csrf };
}

/** The text of a page without tags, spaces collapsed, for assertions on what a person reads. */
function words(page: string): string {
  return page
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

beforeAll(async () => {
  server = await startTestServer({ now: NOW, eventStreamHeartbeatMs: 100 });
  ({ sam, mentees, habits } = await seed(server));
});
afterAll(() => server.close());

describe('signing in', () => {
  it('opens a session from a link: cookie httpOnly, SameSite=Lax, 14 days, only hashes stored', async () => {
    const path = await linkFor(sam);
    const token = path.split('/').at(-1)!;
    const response = await visit(path);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/mentor');
    const cookie = response.headers.get('set-cookie')!;
    expect(cookie).toMatch(
      /^stride_mentor=[\w-]{40,}; Path=\/mentor; Max-Age=1209600; HttpOnly; SameSite=Lax$/,
    );
    const sessionId = /stride_mentor=([^;]+)/.exec(cookie)![1]!;
    const em = server.services().em;
    expect(await em.count(MentorLoginLink, { tokenHash: token })).toBe(0);
    expect(await em.count(MentorSession, { idHash: sessionId })).toBe(0);
    const link = await em.findOneOrFail(MentorLoginLink, { tokenHash: sha256(token) });
    expect(link.usedAt).not.toBeNull();
    expect(await em.count(MentorSession, { idHash: sha256(sessionId), mentor: sam })).toBe(1);
  });

  it('refuses a replayed link with a clear 410 page, not an error', async () => {
    const path = await linkFor(sam);
    expect((await visit(path)).status).toBe(303);
    const replay = await visit(path);
    expect(replay.status).toBe(410);
    expect(replay.headers.get('content-type')).toMatch(/^text\/html/);
    expect(words(replay.text)).toContain('This link was already used');
    expect(replay.headers.get('set-cookie')).toBeNull();
  });

  it('shows an expired link as 410 and an unknown one as 404', async () => {
    const path = await linkFor(sam);
    server.setNow('2026-11-20T12:16:00Z');
    try {
      const expired = await visit(path);
      expect(expired.status).toBe(410);
      expect(words(expired.text)).toContain('This link has expired');
    } finally {
      server.setNow(NOW);
    }
    const unknown = await visit('/mentor/login/not-a-real-token-at-all-0000000000');
    expect(unknown.status).toBe(404);
    expect(words(unknown.text)).toContain('This link is not valid');
  });

  it('limits login attempts per address, with a page that says so', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++)
      statuses.push((await visit(`/mentor/login/guess-${'0'.repeat(30)}${i}`, { ip: '192.0.2.7' })).status);
    expect(statuses).toEqual([...Array(10).fill(404), 429]);
    const blocked = await visit(await linkFor(sam), { ip: '192.0.2.7' });
    expect(blocked.status).toBe(429);
    expect(words(blocked.text)).toContain('Too many sign-in attempts');
  });

  it('marks the cookie Secure when PUBLIC_URL is https', async () => {
    const secure = await startTestServer({ now: NOW, publicUrl: 'https://stride.example.org' });
    try {
      const mentor = await buildMember(secure.services(), { name: 'Tess' });
      const response = await visit(await linkFor(mentor, secure), { target: secure });
      expect(response.headers.get('set-cookie')).toMatch(/; HttpOnly; SameSite=Lax; Secure$/);
    } finally {
      await secure.close();
    }
  });

  it('asks to sign in without a session, and says how mentorship works to a mentor of no one', async () => {
    const anonymous = await visit('/mentor');
    expect(anonymous.status).toBe(401);
    expect(words(anonymous.text)).toContain('mentor login');
    const loner = await buildMember(server.services(), { name: 'Lone' });
    const { cookie } = await signIn(loner);
    const home = await visit('/mentor', { cookie });
    expect(home.status).toBe(200);
    expect(words(home.text)).toContain('How mentorship works');
    expect(words(home.text)).toContain('mentor invite');
  });

  it('signs out by POST with the CSRF token: the session row goes and the cookie stops working', async () => {
    const browser = await signIn(sam);
    const before = await server.services().em.count(MentorSession, { mentor: sam });
    const out = await visit('/mentor/logout', { cookie: browser.cookie, form: { csrf: browser.csrf } });
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/^stride_mentor=; Path=\/mentor; Max-Age=0/);
    expect(await server.services().em.count(MentorSession, { mentor: sam })).toBe(before - 1);
    expect((await visit('/mentor', { cookie: browser.cookie })).status).toBe(401);
  });

  it('sends the CSP and other security headers on every mentor page, with no inline script or style', async () => {
    const { cookie } = await signIn(sam);
    const home = await visit('/mentor', { cookie });
    expect(home.headers.get('content-security-policy')).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
    );
    expect(home.headers.get('referrer-policy')).toBe('no-referrer');
    expect(home.headers.get('x-content-type-options')).toBe('nosniff');
    expect(home.text).not.toMatch(/<script>|<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle=|\son\w+=/i);
    expect(home.text).toContain('<a class="skip" href="#main">');
    const css = await visit('/mentor/static/mentor.css');
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    const js = await visit('/mentor/static/live.js');
    expect(js.text).toContain("new EventSource('/mentor/events')");
  });
});

describe('the list of mentees', () => {
  it('sorts by risk level, then score, with the numbers worked out by hand', async () => {
    const { cookie } = await signIn(sam);
    const home = await visit('/mentor', { cookie });
    expect(home.status).toBe(200);
    const order = [...home.text.matchAll(/<tr data-mentee="([0-9a-f-]+)">/g)].map((m) => m[1]);
    // Cy: nothing done: 0.25 + 0.20 + 0.20 + 0.15 = 0.80, high.
    // Bo: missed 18 and 19: 0.25*1 + 0.20*(2/6) + 0.20*(2/6) + 0.15*(3/7) = 0.45, medium.
    // Dee: missed 19: 0.25*(1/2) + 0.20*(1/6) + 0.20*(1/6) + 0.15*(2/7) = 0.23, low.
    // Ada: all done, last log yesterday: 0.15*(1/7) = 0.02, low. Eve is Zed's, never here.
    expect(order).toEqual([mentees.Cy!.id, mentees.Bo!.id, mentees.Dee!.id, mentees.Ada!.id]);
    const text = words(home.text);
    expect(text).toContain('Cy run: 0 days');
    expect(text).toMatch(/high \(score 0\.80\)/);
    expect(text).toMatch(/medium \(score 0\.45\)/);
    expect(text).toMatch(/low \(score 0\.23\)/);
    expect(text).toMatch(/low \(score 0\.02\)/);
    const bo = home.text.slice(home.text.indexOf(`data-mentee="${mentees.Bo!.id}"`)).split('</tr>')[0]!;
    expect(words(bo)).toContain('7 days: 67% 30 days: 67%');
    expect(words(bo)).toContain('3 days ago');
    expect(words(bo)).toContain('Bo run');
    expect(bo).toContain('data-label="Forecast"');
    expect(bo).toContain(`/mentor/mentees/${mentees.Bo!.id}/charts/heatmap.png`);
    expect(home.text).not.toContain('Eve');
    expect(home.text).toContain('<script src="/mentor/static/live.js" defer></script>');
  });

  it("serves a mentee's chart, and 404s another mentor's mentee's page and chart", async () => {
    const { cookie } = await signIn(sam);
    const chart = await visit(`/mentor/mentees/${mentees.Bo!.id}/charts/heatmap.png`, { cookie });
    expect(chart.status).toBe(200);
    expect(chart.headers.get('content-type')).toBe('image/png');
    const trend = await visit(`/mentor/mentees/${mentees.Bo!.id}/habits/${habits.Bo}/charts/trend.png`, {
      cookie,
    });
    expect(trend.status).toBe(200);
    // Another mentee's habit under Bo's id is not Bo's: 404 too.
    expect(
      (await visit(`/mentor/mentees/${mentees.Bo!.id}/habits/${habits.Ada}/charts/trend.png`, { cookie }))
        .status,
    ).toBe(404);
    for (const path of [
      `/mentor/mentees/${mentees.Eve!.id}`,
      `/mentor/mentees/${mentees.Eve!.id}/charts/heatmap.png`,
      `/mentor/mentees/${mentees.Eve!.id}/habits/${habits.Eve}/charts/trend.png`,
      `/mentor/mentees/not-an-id`,
      `/mentor/mentees/${sam.id}`,
    ]) {
      const response = await visit(path, { cookie });
      expect([path, response.status]).toEqual([path, 404]);
      expect(response.text).not.toContain('Eve');
    }
  });
});

describe("a mentee's page", () => {
  it('shows habits with stats, charts, goals, logs with notes, shared journal only, and messages sent', async () => {
    const { cookie } = await signIn(sam);
    const detail = await visit(`/mentor/mentees/${mentees.Bo!.id}`, { cookie });
    expect(detail.status).toBe(200);
    const text = words(detail.text);
    expect(text).toContain('Bo run');
    expect(text).toContain('67% / 67% / 67%');
    expect(text).toContain('20 runs: 4 of 20 (20%)');
    expect(text).toContain('2026-11-16 Bo run done rainy, short loop');
    expect(text).toContain('2026-11-18 · mood 2/5: Knee hurts a bit');
    expect(text).not.toContain('Secret worry');
    expect(detail.text).toContain(`/mentor/mentees/${mentees.Bo!.id}/charts/heatmap.png`);
    expect(detail.text).toContain(`/mentor/mentees/${mentees.Bo!.id}/habits/${habits.Bo}/charts/trend.png`);
    expect(detail.text).toMatch(/<label for="question">/);
  });
});

describe('forms', () => {
  it('refuses a POST without or with a wrong CSRF token (403 page), doing nothing', async () => {
    const browser = await signIn(sam);
    const nudges = await server.services().em.count(MentorNudge, {});
    for (const form of [
      {} as Record<string, string>,
      { csrf: 'f'.repeat(64) },
      { csrf: browser.csrf.slice(1) },
    ]) {
      const response = await visit(`/mentor/mentees/${mentees.Ada!.id}/nudge`, {
        cookie: browser.cookie,
        form,
      });
      expect(response.status).toBe(403);
      expect(words(response.text)).toContain('nothing was done');
    }
    // Another session's token is not this session's.
    const other = await signIn(sam);
    expect(
      (
        await visit(`/mentor/mentees/${mentees.Ada!.id}/nudge`, {
          cookie: browser.cookie,
          form: { csrf: other.csrf },
        })
      ).status,
    ).toBe(403);
    // No session at all.
    expect((await visit(`/mentor/logout`, { form: { csrf: browser.csrf } })).status).toBe(403);
    expect(await server.services().em.count(MentorNudge, {})).toBe(nudges);
  });

  it("404s a nudge or a question about another mentor's mentee, with a valid token", async () => {
    const browser = await signIn(sam);
    const nudge = await visit(`/mentor/mentees/${mentees.Eve!.id}/nudge`, {
      cookie: browser.cookie,
      form: { csrf: browser.csrf },
    });
    expect(nudge.status).toBe(404);
    const ask = await visit(`/mentor/mentees/${mentees.Eve!.id}/ask`, {
      cookie: browser.cookie,
      form: { csrf: browser.csrf, question: 'How is Eve?' },
    });
    expect(ask.status).toBe(404);
    const em = server.services().em;
    expect(await em.count(MentorNudge, { mentee: mentees.Eve! })).toBe(0);
    expect(await em.count(MentorInsight, { mentee: mentees.Eve! })).toBe(0);
  });

  it('nudges through the outbox once per press; the 4th of the day is refused kindly', async () => {
    const browser = await signIn(sam);
    const nudge = (note: string) =>
      visit(`/mentor/mentees/${mentees.Dee!.id}/nudge`, {
        cookie: browser.cookie,
        form: { csrf: browser.csrf, note, back: 'list' },
      });
    const first = await nudge('You can do it');
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/mentor');
    expect(first.headers.get('location')).not.toContain('?');
    const flash = /(stride_mentor_flash=[^;]+)/.exec(first.headers.get('set-cookie')!)![1]!;
    const after = await visit('/mentor', { cookie: `${browser.cookie}; ${flash}` });
    expect(words(after.text)).toContain('Nudge sent');
    const em = server.services().em;
    const messages = await em.find(OutboxMessage, { user: mentees.Dee!, kind: 'mentor_nudge' });
    expect(messages).toHaveLength(1);
    expect(messages[0]!.reply.text).toContain('**Sam** checked in: You can do it');
    await nudge('');
    await nudge('');
    const fourth = await nudge('one more');
    expect(fourth.status).toBe(303);
    expect(fourth.headers.get('set-cookie')).toContain('stride_mentor_flash=nudge_limit');
    const limited = await visit('/mentor', {
      cookie: `${browser.cookie}; ${/(stride_mentor_flash=[^;]+)/.exec(fourth.headers.get('set-cookie')!)![1]}`,
    });
    expect(words(limited.text)).toContain('3 nudges today already');
    expect(await em.count(OutboxMessage, { user: mentees.Dee!, kind: 'mentor_nudge' })).toBe(3);
    expect(await em.count(MentorNudge, { mentee: mentees.Dee! })).toBe(3);
    const detail = words(
      (await visit(`/mentor/mentees/${mentees.Dee!.id}`, { cookie: browser.cookie })).text,
    );
    expect(detail).toContain('2026-11-20: nudge from you · “You can do it”');
  });
});

describe('Ask the AI', () => {
  it('answers offline from numbered sources that match the data, kept and listed in the audit', async () => {
    const browser = await signIn(sam);
    const asked = await visit(`/mentor/mentees/${mentees.Bo!.id}/ask`, {
      cookie: browser.cookie,
      form: { csrf: browser.csrf, question: 'How is the adherence going?' },
    });
    expect(asked.status).toBe(303);
    expect(asked.headers.get('location')).toBe(`/mentor/mentees/${mentees.Bo!.id}#ask`);
    const insight = await server
      .services()
      .em.findOneOrFail(MentorInsight, { mentor: sam, mentee: mentees.Bo! });
    expect(insight.engine).toBe('offline');
    expect(insight.tokens).toBe(0);
    expect(insight.sources.slice(0, 3)).toEqual([
      { n: 1, label: 'adherence over 7 days', value: '67%', from: '2026-11-14', to: '2026-11-20' },
      { n: 2, label: 'adherence over 30 days', value: '67%', from: '2026-10-22', to: '2026-11-20' },
      {
        n: 3,
        label: 'adherence over the 30 days before',
        value: 'no due days',
        from: '2026-09-22',
        to: '2026-10-21',
      },
    ]);
    expect(insight.sources).toContainEqual(
      expect.objectContaining({ label: 'goal 20 runs', value: '4 of 20 (20%)' }),
    );
    expect(insight.sources).toContainEqual(
      expect.objectContaining({ label: 'average mood they shared (1-5)', value: '2.0 from 1 check-in' }),
    );
    expect(insight.answer).toContain('adherence over 30 days: 67% [2]');
    const page = words((await visit(`/mentor/mentees/${mentees.Bo!.id}`, { cookie: browser.cookie })).text);
    expect(page).toContain('How is the adherence going?');
    const audit = words((await visit('/mentor/audit', { cookie: browser.cookie })).text);
    expect(audit).toContain('About Bo');
    expect(audit).toContain('How is the adherence going?');
    expect(audit).toContain('adherence over 30 days: 67% (from logs 2026-10-22 to 2026-11-20)');
  });

  it('refuses an empty question kindly, storing nothing', async () => {
    const browser = await signIn(sam);
    const before = await server.services().em.count(MentorInsight, {});
    const asked = await visit(`/mentor/mentees/${mentees.Ada!.id}/ask`, {
      cookie: browser.cookie,
      form: { csrf: browser.csrf, question: '   ' },
    });
    expect(asked.status).toBe(303);
    expect(asked.headers.get('set-cookie')).toContain('stride_mentor_flash=empty_question');
    expect(await server.services().em.count(MentorInsight, {})).toBe(before);
  });

  it('answers with Gemini from the sources, and falls back offline when it cites what is not there', async () => {
    const gemini: FakeGemini = await startFakeGemini({ apiKey: 'test-key' });
    const model = createGeminiModel({
      apiKey: 'test-key',
      model: 'gemini-2.5-flash',
      baseUrl: gemini.baseUrl,
    });
    const ai = await startTestServer({ now: NOW, model });
    try {
      const world = await seed(ai);
      const browser = await signIn(world.sam, ai);
      gemini.script(turn.text('Bo did 67% of runs over 30 days [2] but missed the last two days [6].'));
      const ask = (question: string) =>
        visit(`/mentor/mentees/${world.mentees.Bo!.id}/ask`, {
          cookie: browser.cookie,
          form: { csrf: browser.csrf, question },
          target: ai,
        });
      expect((await ask('Why is Bo at risk?')).status).toBe(303);
      const system = systemInstructionText(gemini.requests[0]!)!;
      expect(system).toContain('[2] adherence over 30 days: 67%, from logs 2026-10-22 to 2026-11-20');
      expect(system).toContain('[6] habits at risk: Bo run');
      const em = ai.services().em;
      const [answered] = await em.find(MentorInsight, { mentee: world.mentees.Bo! });
      expect(answered!.engine).toBe('gemini');
      expect(answered!.answer).toBe('Bo did 67% of runs over 30 days [2] but missed the last two days [6].');
      expect(answered!.tokens).toBeGreaterThan(0);
      // 45% is in no source: the offline answer is kept instead.
      gemini.script(turn.text('Adherence is 45% [2].'));
      await ask('And the adherence?');
      const second = await em.fork().findOneOrFail(MentorInsight, { question: 'And the adherence?' });
      expect(second.engine).toBe('offline (not grounded)');
      expect(second.answer).toContain('adherence over 30 days: 67% [2]');
    } finally {
      await ai.close();
      await gemini.close();
    }
  });
});

describe('live updates', () => {
  it("sends an event when one of the mentor's mentees logs, and nothing for anyone else's", async () => {
    const { cookie } = await signIn(sam);
    const abort = new AbortController();
    const response = await fetch(`${server.baseUrl}/mentor/events`, {
      headers: { cookie },
      signal: abort.signal,
    });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let received = '';
    const until = async (needle: string) => {
      const deadline = Date.now() + 3000;
      while (!received.includes(needle)) {
        if (Date.now() > deadline) throw new Error(`no ${needle} in ${received}`);
        const chunk = await reader.read();
        if (chunk.done) throw new Error('the stream ended');
        received += chunk.value;
      }
    };
    try {
      await until(': connected');
      const services = server.services();
      // Eve is Zed's mentee: her log must not reach Sam's stream.
      await buildLog(services, await services.em.findOneOrFail('Habit', { id: habits.Eve }), {
        date: '2026-11-20',
      });
      await buildLog(services, await services.em.findOneOrFail('Habit', { id: habits.Ada }), {
        date: '2026-11-20',
      });
      await until('event: update');
      expect(received).toContain(`"type":"habit_logged","mentee":"${mentees.Ada!.id}"`);
      expect(received).not.toContain(mentees.Eve!.id);
    } finally {
      abort.abort();
    }
    // A signed-out browser gets no stream.
    expect((await visit('/mentor/events')).status).toBe(401);
  });
});
