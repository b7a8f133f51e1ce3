import { createTestCoach, startTestChat, type TestChat } from '../../support/chat.js';
import { startTestServer, type TestServer } from '../../support/app.js';
import { createChatCore } from '../../../src/commands/chat-core.js';
import { createChartRenderer } from '../../../src/charts/index.js';
import { InProcessEventBus } from '../../../src/events/in-process.js';
import { createLogger } from '../../../src/logger.js';

let chat: TestChat;

beforeEach(async () => {
  chat = await startTestChat({ now: '2026-11-20T12:00:00Z' });
  await chat.say('habit add Run daily 5 km');
  await chat.say('habit add Read daily');
});
afterEach(() => chat.close());

describe('goals', () => {
  it('adds a goal fed by habits and shows its progress with a chart', async () => {
    const added = await chat.say('goal add Half marathon prep target 20 km by 2027-03-01 with run');
    expect(added.text).toContain('**Half marathon prep**, 20 km by 2027-03-01');
    await chat.say('done run yesterday 50'); // before the goal began: not counted
    await chat.say('done run 6');
    chat.setNow('2026-11-21T12:00:00Z');
    await chat.say('done run 8');
    const progress = await chat.say('goal progress half');
    expect(progress.text).toContain('14 of 20 km (70%)');
    expect(progress.image!.png.subarray(1, 4).toString()).toBe('PNG');
    expect(progress.image!.alt).toContain('14 of 20 km');
    expect((await chat.say('goal list')).text).toContain('14 / 20 km (70%)');
  });

  it('takes structured options (as Discord sends them) through the same parser', async () => {
    const structured = (path: string[], options: Record<string, string | number>) =>
      chat.core.handle({
        platform: 'discord',
        workspace: 'G1',
        channel: { id: 'C1', kind: 'group' },
        user: { id: 'D1', timezone: 'UTC' },
        command: { path, options },
        receivedAt: new Date(),
      });
    await structured(['habit', 'add'], { name: 'Read more', schedule: 'daily', target: '20 pages' });
    const goal = await structured(['goal', 'add'], {
      title: 'Read 12 books',
      target: 12,
      unit: 'books',
      deadline: '2027-06-01',
      habits: 'read more',
    });
    expect(goal.text).toContain('**Read 12 books**, 12 books by 2027-06-01');
    const done = await structured(['done'], { habit: 'read more', amount: 25 });
    expect(done.text).toContain('**Read more** done for today (25 pages)');
  });

  it('refuses malformed goals with usage', async () => {
    for (const line of [
      'goal add Marathon',
      'goal add Marathon target many',
      'goal add X target 5 by someday',
      'goal add X target 5 by 2020-01-01',
      'goal add X target 5 with swim',
    ]) {
      const reply = await chat.say(line);
      expect(reply.ephemeral).toBe(true);
    }
    expect((await chat.say('goal list')).text).toContain('No goals yet');
  });

  it('deletes a goal after confirmation', async () => {
    await chat.say('goal add Books target 12');
    const ask = await chat.say('goal delete books');
    expect((await chat.say('goal list')).text).toContain('Books');
    await chat.press(ask, 'Delete');
    expect((await chat.say('goal list')).text).toContain('No goals yet');
  });
});

describe('stats through chat match the REST API', () => {
  let server: TestServer;
  afterEach(() => server?.close());

  it('reports the same streaks, score and consistency', async () => {
    server = await startTestServer({ now: '2026-11-20T12:00:00Z' });
    // The chat core on the API server's database, so one member is seen through both.
    const core = createChatCore({
      orm: server.database.orm,
      events: new InProcessEventBus(),
      charts: createChartRenderer(),
      coach: createTestCoach(),
      logger: createLogger('silent'),
      now: () => new Date('2026-11-20T12:00:00Z'),
    });
    const say = (text: string) =>
      core.handle({
        platform: 'console',
        workspace: '',
        channel: { id: 'dm', kind: 'dm' },
        user: { id: 'eve', timezone: 'UTC' },
        text,
        receivedAt: new Date(),
      });
    await say('habit add Journal daily');
    for (const day of [
      '2026-11-12',
      '2026-11-13',
      '2026-11-14',
      '2026-11-16',
      '2026-11-17',
      '2026-11-18',
      '2026-11-19',
    ]) {
      await say(`done journal ${day}`);
    }
    await say('habit log journal 2026-11-15 skip');
    const token = /`(stride_[\w-]+)`/.exec((await say('token')).text)![1]!;
    const [habit] = (await server.request('GET', '/api/v1/habits', { token })).body;
    const api = (await server.request('GET', `/api/v1/habits/${habit.id}/stats`, { token })).body;
    const text = (await say('stats journal')).text;
    expect(api.currentStreak).toBe(7);
    expect(text).toContain(`Current streak: **${api.currentStreak} days** · best ${api.longestStreak} days`);
    expect(text).toContain(`Strength: **${Math.round(api.score * 100)}%**`);
    expect(text).toContain(`consistency (30 days): **${api.consistency}%**`);
    expect((await say('streak journal')).text).toContain(
      `${api.bestStreaks[0].start} → ${api.bestStreaks[0].end}`,
    );
  });
});

describe('charts in chat', () => {
  it('answers stats and chart with images', async () => {
    await chat.say('done read');
    const stats = await chat.say('stats read');
    expect(stats.image?.alt).toContain('Read');
    const overview = await chat.say('stats');
    expect(overview.image?.alt).toContain('All 2 habits');
    for (const kind of ['heatmap', 'weekly', 'trend']) {
      const reply = await chat.say(`chart read ${kind}`);
      expect(reply.text).toContain(kind);
      expect(reply.image!.png.length).toBeGreaterThan(1000);
    }
    expect((await chat.say('chart read pie')).text).toContain('not a chart kind');
  });
});
