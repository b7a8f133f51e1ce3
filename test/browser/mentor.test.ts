/**
 * The mentor page in a real chromium (issue 14, point 7): sign-in by the link `mentor login` gives
 * in a Telegram DM, the list by risk against numbers worked out by hand, a mentee's page, Ask the
 * AI against the fake Gemini, a Nudge pressed from the keyboard arriving once at the fake Telegram,
 * a live update after a log, and the refusals (another mentor's mentee, a forged form, a replayed
 * or expired link), with no CSP violation in the console. Screenshots at desktop and phone widths
 * go to test-output/screenshots/ to be looked at.
 */
import { createTelegramAdapter } from '../../adapters/telegram/index.js';
import { createChartRenderer } from '../../src/charts/index.js';
import { createGeminiModel } from '../../src/coach/gemini.js';
import { createChatCore } from '../../src/commands/chat-core.js';
import { deliverDue } from '../../src/jobs/index.js';
import { createLogger } from '../../src/logger.js';
import type { PlatformAdapter } from '../../src/ports/platform.js';
import { createGoal } from '../../src/services/goals.js';
import { resolveMember } from '../../src/services/identities.js';
import { MessengerRegistry } from '../../src/services/messengers.js';
import {
  Habit,
  JournalEntry,
  MentorInsight,
  MentorNudge,
  Mentorship,
  type User,
} from '../../src/store/entities/index.js';
import { startFakeGemini, turn, type FakeGemini } from '../fakes/gemini/index.js';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram/index.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { describeInBrowser, launchBrowser, type TestBrowser, type TestContext } from '../support/browser.js';
import { buildHabit, buildLog } from '../support/builders.js';
import { createTestCoach } from '../support/chat.js';
import { FAST_LIMITS } from '../support/telegram.js';

// Functions given to page.evaluate run in chromium. The project compiles without the DOM library
// (src must not use it), so the few browser globals they touch are declared here, narrowly.
interface BrowserImage {
  complete: boolean;
  naturalWidth: number;
  loading: string;
  addEventListener(type: 'load', listener: () => void): void;
}
interface BrowserElement {
  textContent: string | null;
  value: number;
  remove(): void;
  append(child: BrowserElement): void;
  querySelector(selector: string): BrowserElement | null;
}
declare const window: Record<string, unknown>;
declare const document: {
  activeElement: BrowserElement | null;
  cookie: string;
  body: BrowserElement;
  documentElement: { scrollWidth: number; clientWidth: number };
  images: ArrayLike<BrowserImage> & Iterable<BrowserImage>;
  querySelector(selector: string): BrowserElement | null;
  createElement(tag: 'script'): BrowserElement;
};
declare function getComputedStyle(element: BrowserElement): { outlineStyle: string };

const NOW = '2026-11-20T12:00:00Z';
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
/** Telegram ids: each member's private chat with Stride has their own id, as on Telegram. */
const TELEGRAM = { Sam: '9001', Zed: '9002', Ada: '9101', Bo: '9102', Cy: '9103', Dee: '9104', Eve: '9105' };

let server: TestServer;
let gemini: FakeGemini;
let telegram: FakeTelegram;
let adapter: PlatformAdapter;
let chromium: TestBrowser;
let desktop: TestContext;
let phone: TestContext;
const mentees: Record<string, User> = {};
const habits: Record<string, string> = {};
let sam: User;

/** A Telegram member who has talked to Stride in a DM (so the outbox reaches them there). */
async function telegramMember(name: keyof typeof TELEGRAM): Promise<User> {
  const id = TELEGRAM[name];
  const { user } = await resolveMember(server.services(), {
    platform: 'telegram',
    workspace: '',
    platformUserId: id,
    displayName: name,
    privateChannel: id,
  });
  return user;
}

/** Sam follows Ada, Bo, Cy and Dee; Zed follows Eve. Each has one daily habit since 2026-11-14. */
async function seed(): Promise<void> {
  sam = await telegramMember('Sam');
  const zed = await telegramMember('Zed');
  // Done days from 2026-11-14; today, 2026-11-20, is still open for everyone.
  const done: Record<string, string[]> = {
    Ada: ['14', '15', '16', '17', '18', '19'],
    Bo: ['14', '15', '16', '17'],
    Cy: [],
    Dee: ['14', '15', '16', '17', '18'],
    Eve: ['19'],
  };
  for (const [name, days] of Object.entries(done)) {
    const services = server.services();
    const mentee = await telegramMember(name as keyof typeof TELEGRAM);
    mentees[name] = mentee;
    const habit = await buildHabit(services, mentee, { name: `${name} run`, startDate: '2026-11-14' });
    habits[name] = habit.id;
    for (const day of days)
      await buildLog(services, habit, {
        date: `2026-11-${day}`,
        ...(name === 'Bo' && day === '16' ? { note: 'rainy, short loop' } : {}),
      });
    // Created directly: the consent flow is the chat's, tested there.
    services.em.create(Mentorship, {
      mentor: (name === 'Eve' ? zed : sam).id,
      mentee: mentee.id,
      status: 'active',
    });
    await services.em.flush();
  }
  const services = server.services();
  services.em.create(JournalEntry, {
    user: mentees.Bo!.id,
    date: '2026-11-18',
    text: 'Knee hurts a bit',
    mood: 2,
    sentiment: -0.4,
    sentimentEngine: 'lexicon',
    tags: ['health'],
  });
  await services.em.flush();
  await createGoal(server.services(), mentees.Bo!, {
    title: '20 runs',
    target: 20,
    startDate: '2026-11-14',
    habits: [habits.Bo!],
  });
}

/** `mentor login` as Sam types it in his Telegram DM, through the real chat core; the link it answers. */
async function mentorLogin(): Promise<string> {
  const core = createChatCore({
    orm: server.database.orm,
    events: server.bus,
    charts: createChartRenderer(),
    coach: createTestCoach(),
    logger: createLogger('silent'),
    now: () => server.services().now(),
    publicUrl: server.baseUrl,
  });
  const reply = await core.handle({
    platform: 'telegram',
    workspace: '',
    channel: { id: TELEGRAM.Sam, kind: 'dm' },
    user: { id: TELEGRAM.Sam, displayName: 'Sam' },
    text: 'mentor login',
    receivedAt: server.services().now(),
  });
  const link = new RegExp(`${server.baseUrl}/mentor/login/[\\w-]+`).exec(reply.text ?? '')?.[0];
  if (!link) throw new Error(`mentor login answered no link: ${reply.text}`);
  return link;
}

/** The Telegram messages the fake Bot API received for `name`'s private chat. */
const telegramTo = (name: keyof typeof TELEGRAM) =>
  telegram.callsTo('sendMessage').filter((call) => String(call.params.chat_id) === TELEGRAM[name]);

const nudgesOf = (name: string) => server.services().em.count(MentorNudge, { mentee: mentees[name]!.id });

let firstLink: string;

describeInBrowser('the mentor page in chromium', () => {
  beforeAll(async () => {
    gemini = await startFakeGemini({ apiKey: 'test-key' });
    telegram = await startFakeTelegram();
    const model = createGeminiModel({
      apiKey: 'test-key',
      model: 'gemini-2.5-flash',
      baseUrl: gemini.baseUrl,
    });
    server = await startTestServer({ now: NOW, model, eventStreamHeartbeatMs: 200 });
    await seed();
    adapter = createTelegramAdapter(
      { botToken: telegram.token, apiRoot: telegram.apiRoot },
      {
        core: createChatCore({
          orm: server.database.orm,
          events: server.bus,
          charts: createChartRenderer(),
          coach: createTestCoach(),
          logger: createLogger('silent'),
          now: () => server.services().now(),
        }),
        charts: createChartRenderer(),
        logger: createLogger('silent'),
      },
      { limits: FAST_LIMITS, drainTimeoutMs: 2000 },
    );
    chromium = await launchBrowser();
    desktop = await chromium.context(DESKTOP);
  });

  afterEach(() => {
    expect(chromium?.takeBlocked() ?? []).toEqual([]);
  });

  afterAll(async () => {
    await chromium?.close();
    await adapter?.stop();
    await server?.close();
    await telegram?.close();
    await gemini?.close();
  });

  it('signs in by the link `mentor login` answers in a DM, with an httpOnly session cookie', async () => {
    firstLink = await mentorLogin();
    const response = await desktop.page.goto(firstLink);
    expect(response!.status()).toBe(200);
    expect(new URL(desktop.page.url()).pathname).toBe('/mentor');
    await expect(desktop.page.locator('h1').textContent()).resolves.toBe('Your mentees');
    await expect(desktop.page.locator('header nav').textContent()).resolves.toContain('Sam');
    const [cookie] = (await desktop.context.cookies()).filter((c) => c.name === 'stride_mentor');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/mentor' });
    // The link is in no page's script reach: the cookie is not in document.cookie.
    expect(await desktop.page.evaluate(() => document.cookie)).not.toContain('stride_mentor');
  });

  it('lists the mentees by risk, the numbers as worked out by hand', async () => {
    const page = desktop.page;
    await page.goto(`${server.baseUrl}/mentor`);
    const rows = page.locator('tbody tr[data-mentee]');
    // Cy: nothing done: 0.25 + 0.20 + 0.20 + 0.15 = 0.80, high.
    // Bo: missed 18 and 19: 0.25*1 + 0.20*(2/6) + 0.20*(2/6) + 0.15*(3/7) = 0.45, medium.
    // Dee: missed 19: 0.25*(1/2) + 0.20*(1/6) + 0.20*(1/6) + 0.15*(2/7) = 0.23, low.
    // Ada: all done, last log yesterday: 0.15*(1/7) = 0.02, low. Eve is Zed's, never here.
    expect(await rows.locator('th a').allTextContents()).toEqual(['Cy', 'Bo', 'Dee', 'Ada']);
    expect(await rows.locator('td[data-label="Risk"]').allInnerTexts()).toEqual([
      'high (score 0.80)',
      'medium (score 0.45)',
      'low (score 0.23)',
      'low (score 0.02)',
    ]);
    // Bo: 4 of 6 due days done = 67% over 7 and 30 days; last log 2026-11-17, three days ago.
    const bo = rows.nth(1);
    expect(await bo.locator('[data-field="adherence7"]').textContent()).toBe('67%');
    expect(await bo.locator('[data-field="adherence30"]').textContent()).toBe('67%');
    expect((await bo.locator('[data-field="last-activity"]').innerText()).trim()).toBe('3 days ago');
    expect(await page.locator('body').innerText()).not.toContain('Eve');
    // The row chart is a real image the browser decoded.
    const chart = bo.locator('img.row-chart');
    await chart.scrollIntoViewIfNeeded();
    await page.waitForFunction(
      (img) => (img as unknown as BrowserImage).complete,
      await chart.elementHandle(),
    );
    expect(await chart.evaluate((img) => (img as unknown as BrowserImage).naturalWidth)).toBeGreaterThan(100);
  });

  it("opens a mentee's page from the list: habits, goal, logs with notes, shared journal", async () => {
    const page = desktop.page;
    await page.goto(`${server.baseUrl}/mentor`);
    await page.getByRole('link', { name: 'Bo', exact: true }).click();
    await page.waitForURL(`**/mentor/mentees/${mentees.Bo!.id}`);
    expect(await page.locator('h1').textContent()).toBe('Bo');
    const text = await page.locator('main').innerText();
    expect(text).toContain('20 runs: 4 of 20 (20%)');
    expect(text).toContain('rainy, short loop');
    expect(text).toContain('Knee hurts a bit');
    const habitRow = page.locator('#habits tbody tr').first();
    expect(await habitRow.locator('th').textContent()).toBe('Bo run');
    expect((await habitRow.locator('td[data-label="Adherence"]').innerText()).replace(/\s+/g, ' ')).toBe(
      '67% / 67% / 67%',
    );
    const heatmap = page.locator('#habits > img.chart');
    await heatmap.scrollIntoViewIfNeeded();
    await page.waitForFunction(
      (img) => (img as unknown as BrowserImage).complete,
      await heatmap.elementHandle(),
    );
    expect(await heatmap.evaluate((img) => (img as unknown as BrowserImage).naturalWidth)).toBeGreaterThan(
      100,
    );
  });

  it("shows a 404 page for another mentor's mentee, saying nothing of her", async () => {
    const response = await desktop.page.goto(`${server.baseUrl}/mentor/mentees/${mentees.Eve!.id}`);
    expect(response!.status()).toBe(404);
    expect(await desktop.page.locator('h1').textContent()).toBe('Not found');
    expect(await desktop.page.locator('body').innerText()).not.toContain('Eve');
  });

  it('asks the AI against the fake Gemini and shows the answer with its numbered sources', async () => {
    const page = desktop.page;
    await page.goto(`${server.baseUrl}/mentor/mentees/${mentees.Bo!.id}`);
    gemini.script(turn.text('Bo did 67% of runs over 30 days [2] but missed the last two days [6].'));
    await page.getByLabel('Your question').fill('Why is Bo at risk?');
    await page.getByRole('button', { name: 'Ask', exact: true }).click();
    await page.waitForURL(`**/mentor/mentees/${mentees.Bo!.id}#ask`);
    expect(gemini.requests).toHaveLength(1);
    const insight = page.locator('#ask article.insight').first();
    expect(await insight.locator('h3').textContent()).toBe('Why is Bo at risk?');
    expect(await insight.locator('.answer').innerText()).toBe(
      'Bo did 67% of runs over 30 days [2] but missed the last two days [6].',
    );
    expect(await insight.locator('p.muted').innerText()).toMatch(/gemini · \d+ tokens$/);
    const sources = insight.locator('ol.sources > li');
    expect(await sources.first().isVisible()).toBe(false);
    await insight.getByText('Sources').click();
    expect(await sources.first().isVisible()).toBe(true);
    const numbers = await sources.evaluateAll((items) =>
      items.map((li) => (li as unknown as BrowserElement).value),
    );
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    const texts = (await sources.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    expect(texts[1]).toBe('adherence over 30 days: 67% (from logs 2026-10-22 to 2026-11-20)');
    expect(texts[5]).toBe('habits at risk: Bo run');
    const stored = await server
      .services()
      .em.findOneOrFail(MentorInsight, { question: 'Why is Bo at risk?' });
    expect(stored.engine).toBe('gemini');
  });

  it('nudges from the keyboard (Tab to the button, Enter); the message reaches Telegram once', async () => {
    const page = desktop.page;
    await page.goto(`${server.baseUrl}/mentor/mentees/${mentees.Bo!.id}`);
    let presses = 0;
    while (
      !(await page.evaluate(() => document.activeElement?.textContent?.trim() === 'Nudge Bo')) &&
      presses < 30
    ) {
      await page.keyboard.press('Tab');
      presses++;
    }
    expect(presses).toBeLessThan(30);
    // The focused button shows its focus ring.
    expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).toBe('solid');
    await desktop.screenshot('mentor-focus-nudge', page.locator('form.nudge'));
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(await page.locator('.flash').innerText()).toContain('Nudge sent');
    // Listed once, with its message's delivery status.
    const sentList = await page.locator('#sent').innerText();
    expect(sentList).toContain('2026-11-20: nudge from you (queued)');
    expect(sentList.match(/nudge/g)).toHaveLength(1);
    expect(await nudgesOf('Bo')).toBe(1);

    const messengers = new MessengerRegistry();
    messengers.register('telegram', adapter.messenger);
    const deps = { services: () => server.services(), messengers, logger: createLogger('silent') };
    expect(await deliverDue(deps)).toEqual({ sent: 1, failed: 0, dead: 0 });
    expect(await deliverDue(deps)).toEqual({ sent: 0, failed: 0, dead: 0 });
    const sent = telegramTo('Bo');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.params.text).toContain('<b>Sam</b> checked in');
    const buttons = (
      sent[0]!.params.reply_markup as { inline_keyboard: { text: string }[][] }
    ).inline_keyboard
      .flat()
      .map((button) => button.text);
    expect(buttons.join(' ')).toContain('Bo run');
    expect(telegramTo('Ada')).toHaveLength(0);
  });

  it('refuses a forged form without the CSRF token with a 403 page, doing nothing', async () => {
    const page = desktop.page;
    await page.goto(`${server.baseUrl}/mentor/mentees/${mentees.Bo!.id}`);
    const before = await nudgesOf('Bo');
    const form = page.locator('form.nudge');
    await form.evaluate((element) => element.querySelector('input[name="csrf"]')!.remove());
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      form.getByRole('button').click(),
    ]);
    expect(response.status()).toBe(403);
    await page.waitForLoadState();
    expect(await page.locator('h1').textContent()).toBe('This form could not be accepted');
    expect(await page.locator('main').innerText()).toContain('nothing was done');
    // A page on another site posting to /mentor: SameSite=Lax keeps the cookie back, and no token anyway.
    await page.setContent(
      `<form method="post" action="${server.baseUrl}/mentor/mentees/${mentees.Bo!.id}/nudge"><button>Go</button></form>`,
    );
    const [crossSite] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Go' }).click(),
    ]);
    expect(crossSite.status()).toBe(403);
    expect(await nudgesOf('Bo')).toBe(before);
  });

  it('updates the list within a second of a log, without reloading', async () => {
    const page = desktop.page;
    const stream = page.waitForResponse((r) => r.url().endsWith('/mentor/events'));
    await page.goto(`${server.baseUrl}/mentor`);
    expect((await stream).headers()['content-type']).toMatch(/^text\/event-stream/);
    await page.evaluate(() => (window.stillHere = true));
    const ada = page.locator(`tr[data-mentee="${mentees.Ada!.id}"]`);
    expect((await ada.locator('[data-field="last-activity"]').innerText()).trim()).toBe('yesterday');
    const services = server.services();
    await buildLog(services, await services.em.findOneOrFail(Habit, { id: habits.Ada! }), {
      date: '2026-11-20',
    });
    await page.waitForFunction(
      (id) =>
        document
          .querySelector(`tr[data-mentee="${id}"] [data-field="last-activity"]`)
          ?.textContent?.trim() === 'today',
      mentees.Ada!.id,
      { timeout: 1000 },
    );
    // 7 of 7 due days done now.
    expect(await ada.locator('[data-field="adherence7"]').textContent()).toBe('100%');
    expect(await page.evaluate(() => window.stillHere)).toBe(true);
  });

  it('shows a used link and an expired link as clear pages, not errors', async () => {
    const fresh = await chromium.context(DESKTOP);
    const replay = await fresh.page.goto(firstLink);
    expect(replay!.status()).toBe(410);
    expect(await fresh.page.locator('h1').textContent()).toBe('This link was already used');
    expect(await fresh.page.locator('main').innerText()).toContain('mentor login');

    const link = await mentorLogin();
    server.setNow('2026-11-20T12:16:00Z');
    try {
      const expired = await fresh.page.goto(link);
      expect(expired!.status()).toBe(410);
      expect(await fresh.page.locator('h1').textContent()).toBe('This link has expired');
      expect((await fresh.context.cookies()).map((c) => c.name)).not.toContain('stride_mentor');
    } finally {
      server.setNow(NOW);
    }
    // Without a session the list asks to sign in.
    const list = await fresh.page.goto(`${server.baseUrl}/mentor`);
    expect(list!.status()).toBe(401);
  });

  it('takes screenshots at desktop and phone widths, the phone page not wider than the screen', async () => {
    phone = await chromium.context(PHONE);
    await phone.context.addCookies(
      (await desktop.context.cookies()).filter((cookie) => cookie.name === 'stride_mentor'),
    );
    for (const [name, target] of [
      ['desktop', desktop],
      ['phone', phone],
    ] as const) {
      for (const [pageName, path] of [
        ['list', '/mentor'],
        ['detail', `/mentor/mentees/${mentees.Bo!.id}`],
      ]) {
        const response = await target.page.goto(`${server.baseUrl}${path}`);
        expect(response!.status()).toBe(200);
        // Lazy images load once scrolled into view: load them all before the picture.
        await target.page.evaluate(() =>
          Promise.all(
            [...document.images].map((img) => {
              img.loading = 'eager';
              return img.complete
                ? null
                : new Promise((done) => img.addEventListener('load', () => done(null)));
            }),
          ),
        );
        await target.screenshot(`mentor-${pageName}-${name}`);
        const overflow = await target.page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        expect([name, pageName, overflow]).toEqual([name, pageName, 0]);
      }
    }
  });

  it('keeps chromium on loopback: a page of another host is aborted and recorded', async () => {
    const probe = await chromium.context(DESKTOP);
    // A navigation, not a fetch: the mentor pages' CSP would stop a fetch before the guard sees it.
    await expect(probe.page.goto('http://example.com/')).rejects.toThrow(/ERR_BLOCKED_BY_CLIENT/);
    expect(chromium.takeBlocked()).toEqual(['http://example.com/']);
  });

  it('logs no CSP violation in any page; an injected inline script is refused and reported', async () => {
    const seen = [...desktop.console, ...phone.console];
    expect(seen.filter((line) => /Content Security Policy/i.test(line))).toEqual([]);
    // Other errors neither, but the 4xx pages this file asks for on purpose.
    expect(
      seen.filter((line) => line.startsWith('error:') && !/Failed to load resource: .* 40[134]/.test(line)),
    ).toEqual([]);
    // The check above can fail: an inline script is refused and shows in the console.
    const probe = await chromium.context(DESKTOP);
    await probe.page.goto(`${server.baseUrl}/mentor/login/not-a-real-token-at-all-0000000000`);
    await probe.page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.inlineRan = true';
      document.body.append(script);
    });
    await probe.page.waitForTimeout(100);
    expect(await probe.page.evaluate(() => window.inlineRan)).toBeUndefined();
    expect(probe.console.some((line) => /Content Security Policy/i.test(line))).toBe(true);
  });
});
