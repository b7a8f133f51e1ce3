import { startTestChat, type TestChat } from '../../support/chat.js';

let chat: TestChat;

beforeEach(async () => {
  chat = await startTestChat({ now: '2026-11-20T12:00:00Z' }); // a Friday
});
afterEach(() => chat.close());

async function habitsOf(user = 'ada') {
  return chat.exportOf(user);
}

describe('habit add', () => {
  it.each([
    [
      'habit add "Morning run" 3x/week',
      'Morning run',
      { kind: 'per_period', times: 3, period: 'week' },
      null,
    ],
    [
      'habit add Read daily 20 pages',
      'Read',
      { kind: 'daily' },
      { amount: 20, unit: 'pages', direction: 'at_least' },
    ],
    ['habit add Gym mon wed fri', 'Gym', { kind: 'weekdays', days: ['mon', 'wed', 'fri'] }, null],
    ['habit add Water every 2 days', 'Water', { kind: 'every_n_days', n: 2 }, null],
    [
      'habit add Stretch weekdays',
      'Stretch',
      { kind: 'weekdays', days: ['mon', 'tue', 'wed', 'thu', 'fri'] },
      null,
    ],
    ['habit add Hike weekends', 'Hike', { kind: 'weekdays', days: ['sat', 'sun'] }, null],
    ['habit add Call mum 3 per week', 'Call mum', { kind: 'per_period', times: 3, period: 'week' }, null],
    [
      'habit add Budget review 2x/month',
      'Budget review',
      { kind: 'per_period', times: 2, period: 'month' },
      null,
    ],
    [
      'habit add Coffee daily at most 2 cups',
      'Coffee',
      { kind: 'daily' },
      { amount: 2, unit: 'cups', direction: 'at_most' },
    ],
    ['/habit add Floss', 'Floss', { kind: 'daily' }, null],
  ])('%s', async (line, name, schedule, target) => {
    const reply = await chat.say(line);
    expect(reply.text).toContain(`Added **${name}**`);
    const [habit] = (await habitsOf()).habits;
    expect(habit).toMatchObject({ name, schedule, target, startDate: '2026-11-20' });
  });

  it('answers a malformed add with usage and an example, and adds nothing', async () => {
    for (const line of ['habit add', 'habit add Run 3x/fortnight please', 'habit add Run every 0 days']) {
      const reply = await chat.say(line);
      expect(reply.ephemeral).toBe(true);
      expect(reply.text).toContain('Usage: `habit add <name> [schedule] [target]`');
      expect(reply.text).toContain('Examples:');
    }
    expect((await habitsOf()).habits).toEqual([]);
  });
});

describe('logging', () => {
  beforeEach(async () => {
    await chat.say('habit add Read daily 20 pages');
    await chat.say('habit add Morning run 3x/week');
    await chat.say('habit add Meditate daily');
  });

  it('logs by prefix, typo, date word, status, amount and note', async () => {
    expect((await chat.say('done read 25 pages note: felt great')).text).toContain(
      '**Read** done for today (25 pages)',
    );
    expect((await chat.say('habit log raed yesterday 10')).text).toContain(
      '🟡 **Read**: 10 pages of 20 pages for 2026-11-19 — partial, 10 pages short.',
    );
    expect((await chat.say('habit log morning run monday')).text).toContain(
      '**Morning run** done for 2026-11-16',
    );
    expect((await chat.say('habit log med wednesday skip - travelling')).text).toContain(
      '**Meditate** skipped for 2026-11-18',
    );
    expect((await chat.say('habit log meditate 2026-11-17 miss')).text).toContain(
      '**Meditate** missed for 2026-11-17',
    );
    const habits = (await habitsOf()).habits;
    expect(habits.find((h) => h.name === 'Read')!.logs).toEqual([
      { date: '2026-11-19', status: 'done', amount: 10, note: null, source: 'console' },
      { date: '2026-11-20', status: 'done', amount: 25, note: 'felt great', source: 'console' },
    ]);
    expect(habits.find((h) => h.name === 'Meditate')!.logs.map((l) => [l.date, l.status, l.note])).toEqual([
      ['2026-11-17', 'missed', null],
      ['2026-11-18', 'skipped', 'travelling'],
    ]);
  });

  it('refuses the future, asks when unsure, and changes nothing', async () => {
    const before = await habitsOf();
    expect((await chat.say('done read 2026-11-21')).text).toContain('Tomorrow is in the future');
    expect((await chat.say('done read 2026-11-25')).text).toContain('25 November 2026 is in the future');
    expect((await chat.say('done m')).text).toContain(
      'Which habit do you mean: "Morning run" or "Meditate"?',
    );
    expect((await chat.say('done swim')).text).toContain('I can\'t find a habit called "swim"');
    expect((await chat.say('done')).text).toContain('Which habit?');
    expect(await habitsOf()).toEqual(before);
  });

  it('undoes a log with the Undo button and with habit undo', async () => {
    const logged = await chat.say('done meditate');
    await chat.press(logged, 'Undo');
    await chat.say('done meditate yesterday');
    await chat.say('habit undo meditate yesterday');
    expect((await habitsOf()).habits.find((h) => h.name === 'Meditate')!.logs).toEqual([]);
  });

  it('shows what is due today with buttons that log for the member who presses them', async () => {
    const today = await chat.say('today');
    expect(today.text).toContain('**Today, 2026-11-20** · 0 of 3 done');
    expect(today.actions!.map((a) => a.label)).toEqual([
      '✓ Read',
      'Skip Read',
      '✓ Morning run',
      'Skip Morning run',
      '✓ Meditate',
      'Skip Meditate',
    ]);
    const stolen = await chat.press(today, '✓ Read', { user: 'bob' });
    expect(stolen.text).toBe('This button is not yours, so it did nothing.');
    expect((await chat.press(today, '✓ Read')).text).toContain('**Read** done for today');
    expect((await chat.say('today')).text).toContain('1 of 3 done');
    expect((await habitsOf('bob')).habits).toEqual([]);
  });

  it('never logs twice for a repeated event id, and repeats the first reply', async () => {
    const first = await chat.say('done read 5', { user: 'ada', eventId: 'evt-1' });
    const again = await chat.say('done read 50', { user: 'ada', eventId: 'evt-1' });
    expect(again).toEqual({ ...first, repeat: true });
    const read = (await habitsOf()).habits.find((h) => h.name === 'Read')!;
    expect(read.logs.map((l) => l.amount)).toEqual([5]);
  });
});
