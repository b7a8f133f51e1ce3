/**
 * The chat never writes wrong data: every word of a log is understood or the log is refused, with
 * nothing changed (issue 10, items 1–3). The clock is Wednesday 2026-11-25, noon UTC.
 */
import { exportMember } from '../../../src/services/members.js';
import { Identity } from '../../../src/store/entities/index.js';
import { startTestChat, type TestChat } from '../../support/chat.js';

let chat: TestChat;

beforeEach(async () => {
  chat = await startTestChat({ now: '2026-11-25T12:00:00Z' });
});
afterEach(() => chat.close());

async function habitsOf(user = 'ada') {
  return (await chat.exportOf(user)).habits;
}

async function logsOf(name: string) {
  return (await habitsOf())
    .find((habit) => habit.name === name)!
    .logs.map(({ date, status, amount, note }) => ({ date, status, amount, note }));
}

describe('date words', () => {
  beforeEach(async () => {
    await chat.say('habit add Read daily');
    await chat.say('habit edit read start 2026-01-01');
  });

  it.each([
    ['done read', '2026-11-25'],
    ['done read today', '2026-11-25'],
    ['done read yesterday', '2026-11-24'],
    ['habit log read friday', '2026-11-20'],
    ['habit log read wednesday', '2026-11-25'],
    ['habit log read last wednesday', '2026-11-18'],
    ['habit log read last friday', '2026-11-20'],
    ['habit log read on monday', '2026-11-23'],
    ['habit log read 2 days ago', '2026-11-23'],
    ['habit log read a week ago', '2026-11-18'],
    ['habit log read the day before yesterday', '2026-11-23'],
    ['habit log read 2026-11-20', '2026-11-20'],
    ['habit log read nov 20', '2026-11-20'],
    ['habit log read 20 nov', '2026-11-20'],
    ['habit log read november 20th', '2026-11-20'],
    ['habit log read 20th of november', '2026-11-20'],
    ['habit log read dec 25 2025', '2025-12-25'],
    ['habit log read 20/11/2026', '2026-11-20'],
    ['habit log read 11/20/2026', '2026-11-20'],
    ['habit log read 20.11.2026', '2026-11-20'],
  ])('%s logs %s', async (line, date) => {
    const reply = await chat.say(line);
    expect(reply.text).toContain('**Read** done for');
    expect(await logsOf('Read')).toEqual([{ date, status: 'done', amount: null, note: null }]);
  });

  it.each([
    ['done read tomorrow', 'Tomorrow is in the future'],
    ['habit log read dec 25', 'has not come yet this year'],
    ['habit log read 2026-11-31', 'is not a real date'],
    ['habit log read 31/11/2026', 'is not a real date'],
    ['habit log read feb 30', 'is not a real date'],
    ['habit log read yesterday today', 'Which day'],
    ['habit log read great chapter', 'I don\'t understand "great" here'],
    ['habit log read 2 days', 'no numeric target'],
  ])('%s is refused and logs nothing', async (line, message) => {
    const reply = await chat.say(line);
    expect(reply.text).toContain(message);
    expect(reply.text).toContain('Usage: `');
    expect(await logsOf('Read')).toEqual([]);
  });

  it('asks which day 03/04 means, with a button for each, and logs only the one pressed', async () => {
    const asked = await chat.say('habit log read 03/04/2026');
    expect(asked.text).toBe('Did you mean 3 April 2026 or 4 March 2026?');
    expect(asked.actions!.map((action) => action.label)).toEqual(['3 April 2026', '4 March 2026']);
    expect(await logsOf('Read')).toEqual([]);
    await chat.press(asked, '4 March');
    expect(await logsOf('Read')).toEqual([{ date: '2026-03-04', status: 'done', amount: null, note: null }]);
  });

  it("reads numeric dates in the member's locale order when the platform tells it", async () => {
    await chat.say('habit log read 03/04/2026', { user: 'ada', timezone: 'UTC', locale: 'en-US' });
    await chat.say('habit log read 05/04/2026', { user: 'ada', timezone: 'UTC', locale: 'fr-FR' });
    expect((await logsOf('Read')).map((log) => log.date)).toEqual(['2026-03-04', '2026-04-05']);
  });

  it('keeps a note only when it is marked', async () => {
    await chat.say('habit log read yesterday note: a great chapter');
    await chat.say('habit log read monday - short one');
    expect(await logsOf('Read')).toEqual([
      { date: '2026-11-23', status: 'done', amount: null, note: 'short one' },
      { date: '2026-11-24', status: 'done', amount: null, note: 'a great chapter' },
    ]);
  });
});

describe('amounts and units', () => {
  beforeEach(async () => {
    await chat.say('habit add Walk daily 5 km');
    await chat.say('habit add Read daily 20 pages');
  });

  it.each([
    ['done walk -3 km', "can't be negative"],
    ['done walk 1e9', 'plain number'],
    ['done walk Infinity', 'plain number'],
    ['done walk 5 pages', 'counted in km'],
    ['done walk 5 kg', 'counted in km'],
    ['done read 5 km', 'counted in pages'],
    ['done walk 5 km 6 km', 'Two amounts'],
  ])('%s is refused and logs nothing', async (line, message) => {
    const reply = await chat.say(line);
    expect(reply.text).toContain(message);
    expect(await logsOf('Walk')).toEqual([]);
    expect(await logsOf('Read')).toEqual([]);
  });

  it("converts a known unit to the habit's and says so", async () => {
    const reply = await chat.say('done walk 5 miles');
    expect(reply.text).toContain('5 mi = 8.05 km');
    expect(await logsOf('Walk')).toEqual([{ date: '2026-11-25', status: 'done', amount: 8.047, note: null }]);
    await chat.say('done walk yesterday 5k');
    await chat.say('done walk monday 3000m');
    expect((await logsOf('Walk')).map((log) => log.amount)).toEqual([3, 5, 8.047]);
  });

  it('reads the unit however it is written', async () => {
    await chat.say('done read 1 page');
    await chat.say('done read yesterday 25 Pages');
    expect((await logsOf('Read')).map((log) => log.amount)).toEqual([25, 1]);
  });

  it('asks before logging more than 1,000 times the target, and logs it when confirmed', async () => {
    const asked = await chat.say('done walk 9000 km');
    expect(asked.text).toContain('more than 1,000 times your daily target of 5 km');
    expect(await logsOf('Walk')).toEqual([]);
    await chat.press(asked, 'Log');
    expect(await logsOf('Walk')).toEqual([{ date: '2026-11-25', status: 'done', amount: 9000, note: null }]);
  });

  it('answers a partial amount as partial, not done', async () => {
    const reply = await chat.say('done read 5');
    expect(reply.text).toContain('🟡 **Read**: 5 pages of 20 pages for today — partial, 15 pages to go.');
    expect(reply.text).not.toContain('✅');
  });

  it('answers an at-most habit over its limit as a miss', async () => {
    await chat.say('habit add Soda daily at most 1 can');
    expect((await chat.say('done soda 1')).text).toContain(
      '✅ **Soda** done for today (1 can, within your limit of 1 can)',
    );
    const over = await chat.say('done soda 3 cans');
    expect(over.text).toContain('❌ **Soda**: 3 cans for today, over your limit of 1 can.');
  });
});

describe('schedules', () => {
  it.each([
    ['habit add Stretch every 2 weeks', 'Stretch', { kind: 'every_n_days', n: 14 }, 'every 2 weeks'],
    [
      'habit add Stretch twice a week',
      'Stretch',
      { kind: 'per_period', times: 2, period: 'week' },
      '2 times a week',
    ],
    [
      'habit add Call mum once a week',
      'Call mum',
      { kind: 'per_period', times: 1, period: 'week' },
      'once a week',
    ],
    [
      'habit add Budget 3 times a month',
      'Budget',
      { kind: 'per_period', times: 3, period: 'month' },
      '3 times a month',
    ],
    [
      'habit add Yoga weekdays',
      'Yoga',
      { kind: 'weekdays', days: ['mon', 'tue', 'wed', 'thu', 'fri'] },
      'on Mon, Tue, Wed, Thu and Fri',
    ],
    ['habit add Hike weekends', 'Hike', { kind: 'weekdays', days: ['sat', 'sun'] }, 'on Sat and Sun'],
    [
      'habit add Swim mondays and thursdays',
      'Swim',
      { kind: 'weekdays', days: ['mon', 'thu'] },
      'on Mon and Thu',
    ],
    ['habit add Weekly review', 'Weekly review', { kind: 'daily' }, 'every day'],
    [
      'habit add "Call mum every week" weekly',
      'Call mum every week',
      { kind: 'per_period', times: 1, period: 'week' },
      'once a week',
    ],
  ])('%s', async (line, name, schedule, words) => {
    const reply = await chat.say(line);
    expect(reply.text).toContain(`Added **${name}**: ${words}`);
    expect((await habitsOf())[0]).toMatchObject({ name, schedule });
  });

  it.each([
    ['habit add X -3x/week', 'at least 1'],
    ['habit add X 0x/week', 'at least 1'],
    ['habit add X 0 times a week', 'at least 1'],
    ['habit add X every 0 weeks', 'at least 1'],
    ['habit add "" daily', 'Give the habit a name'],
    ['habit add daily', 'Give the habit a name'],
    ['habit add Stretch every 2 fortnights', 'as a schedule'],
    ['habit add Water 3 times a day', 'once a day'],
  ])('%s is refused and adds nothing', async (line, message) => {
    const reply = await chat.say(line);
    expect(reply.text).toContain(message);
    expect(await habitsOf()).toEqual([]);
  });
});

describe('ambiguity', () => {
  it('asks which habit with a button for each, and logs the one pressed', async () => {
    await chat.say('habit add Morning run daily');
    await chat.say('habit add Morning yoga daily');
    const asked = await chat.say('done morning yesterday');
    expect(asked.text).toBe('Which habit do you mean: "Morning run" or "Morning yoga"?');
    await chat.press(asked, 'Morning yoga');
    expect(await logsOf('Morning yoga')).toEqual([
      { date: '2026-11-24', status: 'done', amount: null, note: null },
    ]);
    expect(await logsOf('Morning run')).toEqual([]);
  });
});

describe('dates far in the past', () => {
  it('asks before logging more than a year before the start, and refuses before 1970-01-01', async () => {
    await chat.say('habit add Read daily');
    const asked = await chat.say('done read 1990-01-01');
    expect(asked.text).toContain('more than a year earlier');
    expect(await logsOf('Read')).toEqual([]);
    expect((await chat.say('done read 1969-12-31')).text).toContain('before 1970-01-01');
    expect(await logsOf('Read')).toEqual([]);
  });
});

describe('today', () => {
  it('counts only what is due today, and shows how many a per-week habit has left', async () => {
    await chat.say('habit add Read daily');
    await chat.say('habit add Gym mon fri');
    await chat.say('habit add Swim 2x/week');
    await chat.say('habit edit swim start 2026-11-23');
    await chat.say('done swim monday');
    const today = await chat.say('today');
    expect(today.text).toContain('**Today, 2026-11-25** · 0 of 2 done');
    expect(today.text).toContain('⬜ **Swim** · 1 of 2 this week, 1 left');
    expect(today.text).toContain('_Not due today: Gym._');
    expect(today.text).not.toContain('not due today)');
    expect(today.actions!.map((action) => action.label)).toEqual([
      '✓ Read',
      'Skip Read',
      '✓ Swim',
      'Skip Swim',
    ]);
    await chat.press(today, '✓ Swim');
    const after = await chat.say('today');
    expect(after.text).toContain('✅ **Swim** · 2 of 2 this week — done for the week');
    expect(after.text).toContain('1 of 2 done');
    expect(after.actions!.map((action) => action.label)).toEqual(['✓ Read', 'Skip Read']);
  });
});

describe('milestones', () => {
  it('announces a milestone once, when the live streak reaches it, in the habit’s own unit', async () => {
    await chat.say('habit add Gym mon wed fri');
    await chat.say('habit edit gym start 2026-11-01');
    for (const day of ['2026-11-02', '2026-11-04', '2026-11-06', '2026-11-09', '2026-11-11', '2026-11-13']) {
      expect((await chat.say(`done gym ${day}`)).text).not.toContain('milestone');
    }
    await chat.say('habit log gym 2026-11-16 skip');
    await chat.say('habit log gym 2026-11-18 skip');
    await chat.say('habit log gym 2026-11-20 skip');
    await chat.say('habit log gym 2026-11-23 skip');
    const reached = await chat.say('done gym');
    expect(reached.text).toContain('🎉 7 sessions in a row — a milestone!');
    expect((await chat.say('done gym - again')).text).not.toContain('milestone');
  });

  it('never announces a milestone for a backfilled day', async () => {
    await chat.say('habit add Read daily');
    await chat.say('habit edit read start 2026-11-18');
    for (const day of ['2026-11-25', '2026-11-24', '2026-11-23', '2026-11-22', '2026-11-21', '2026-11-20'])
      await chat.say(`done read ${day}`);
    expect((await chat.say('done read 2026-11-19')).text).not.toContain('milestone');
  });
});

describe('goal deadlines', () => {
  it('takes a deadline in words', async () => {
    const reply = await chat.say('goal add Half marathon target 200 km by june 1 2027');
    expect(reply.text).not.toContain('Usage');
    const services = chat.services();
    const identity = await services.em.findOneOrFail(
      Identity,
      { platform: 'console', platformUserId: 'ada' },
      { populate: ['user'] },
    );
    expect((await exportMember(services, identity.user)).goals[0]).toMatchObject({
      title: 'Half marathon',
      deadline: '2027-06-01',
    });
  });
});

describe('honest numbers', () => {
  it('counts a partial amount toward a goal, and a re-log changes only what it names', async () => {
    await chat.say('habit add Read daily 20 pages');
    await chat.say('goal add Read 600 pages target 600 pages with read');
    await chat.say('habit log read yesterday 25');
    await chat.say('habit log read today 5');
    expect((await chat.say('goal progress read 600')).text).toContain('5 of 600 pages');
    await chat.say('habit log read yesterday');
    expect(await logsOf('Read')).toEqual([
      { date: '2026-11-24', status: 'done', amount: 25, note: null },
      { date: '2026-11-25', status: 'done', amount: 5, note: null },
    ]);
  });

  it('keeps the past when a habit is edited, and says so', async () => {
    await chat.say('habit add Run daily');
    await chat.say('habit edit run start 2026-11-01');
    for (let day = 1; day <= 24; day++) await chat.say(`done run 2026-11-${String(day).padStart(2, '0')}`);
    const before = (await chat.say('stats run')).text;
    const edit = await chat.say('habit edit run schedule 3x/week');
    expect(edit.text).toContain('days before today keep the rules they had');
    const after = (await chat.say('stats run')).text;
    expect(after).toContain('30 days 100%');
    expect(before).toContain('30 days 100%');
    expect((await habitsOf())[0]!.ruleHistory).toEqual([
      { until: '2026-11-24', schedule: { kind: 'daily' }, target: null },
    ]);
  });
});

describe('one log use case', () => {
  it('publishes habit_logged and streak_milestone once, and announces the milestone over the API as in chat', async () => {
    const services = chat.services();
    const seen: string[] = [];
    services.events.subscribe('habit_logged', (event) => void seen.push(`logged ${event.date}`));
    services.events.subscribe('streak_milestone', (event) => void seen.push(`milestone ${event.streak}`));
    await chat.say('habit add Read daily');
    await chat.say('habit edit read start 2026-11-19');
    for (const day of ['2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23', '2026-11-24'])
      await chat.say(`done read ${day}`);
    const { importLogs } = await import('../../../src/services/log-habit.js');
    const identity = await services.em.findOneOrFail(
      Identity,
      { platform: 'console', platformUserId: 'ada' },
      { populate: ['user'] },
    );
    const [read] = (await exportMember(services, identity.user)).habits;
    await importLogs(chat.services(), identity.user, read!.id, {
      logs: [{ date: '2026-11-25', status: 'done' }],
    });
    expect(seen.filter((line) => line.startsWith('milestone'))).toEqual(['milestone 7']);
    expect(seen).toContain('logged 2026-11-25');
  });
});
