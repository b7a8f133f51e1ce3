/**
 * The reminders job against PostgreSQL with an injected clock: the right member at the right local
 * time in several zones, across both DST nights in Paris and New York, once however often the
 * hour is scanned, late after an outage but never more than an hour late, and only with what is
 * still to do today.
 */
import type { DraftReply } from '../../../src/ports/chat.js';
import { updateHabit } from '../../../src/services/habits.js';
import { setHabitReminder, updateSettings } from '../../../src/services/settings.js';
import type { Habit, User } from '../../../src/store/entities/index.js';
import { buildHabit, buildLog, buildMember } from '../../support/builders.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { jobTestHarness } from '../../support/jobs.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const MINUTE = 60_000;
const deps = jobTestHarness(() => database, 'reminders', new Date('2026-11-01T00:00:00Z'));
const { run, sql } = deps;
const at = (iso: string, minutes = 0) => new Date(new Date(iso).getTime() + minutes * MINUTE);

interface Sent {
  dedupe_key: string;
  kind: string;
  created_at: string;
  reply: DraftReply;
}

/** What the outbox holds for a member, oldest first. */
async function sentTo(member: User): Promise<Sent[]> {
  const rows = await sql<Sent>(
    `select dedupe_key, kind, created_at, reply from outbox where user_id = ? order by created_at, dedupe_key`,
    [member.id],
  );
  return rows.map((row) => ({ ...row, created_at: new Date(row.created_at).toISOString() }));
}

/** A member in `timezone` with a daily reminder at `time` and one daily habit begun long ago. */
async function memberWithReminder(
  timezone: string,
  minute: number,
  options: { dayStartHour?: number; habit?: string } = {},
): Promise<{ member: User; habit: Habit }> {
  const services = deps.services();
  const member = await buildMember(services, { timezone, dayStartHour: options.dayStartHour ?? 0 });
  await updateSettings(services, member, { reminderMinute: minute });
  const habit = await buildHabit(services, member, {
    name: options.habit ?? 'Read',
    startDate: '2026-01-01',
  });
  return { member, habit };
}

const hm = (h: number, m = 0) => h * 60 + m;

describe('the reminders job', () => {
  it('reminds members in four zones at their own 08:00, each at the first run that reaches it', async () => {
    const kolkata = await memberWithReminder('Asia/Kolkata', hm(8));
    const paris = await memberWithReminder('Europe/Paris', hm(8));
    const utc = await memberWithReminder('UTC', hm(8));
    const newYork = await memberWithReminder('America/New_York', hm(8));
    // 08:00 local on 2026-12-01, in UTC: Kolkata +5:30, Paris +1, New York -5.
    const fires: [typeof kolkata, string][] = [
      [kolkata, '2026-12-01T02:30:00.000Z'],
      [paris, '2026-12-01T07:00:00.000Z'],
      [utc, '2026-12-01T08:00:00.000Z'],
      [newYork, '2026-12-01T13:00:00.000Z'],
    ];
    for (const [{ member }, instant] of fires) {
      await run(at(instant, -1));
      expect(await sentTo(member)).toEqual([]);
      await run(instant);
      const sent = await sentTo(member);
      expect(sent.map((row) => [row.dedupe_key, row.kind, row.created_at])).toEqual([
        [`reminder:${member.id}:2026-12-01`, 'reminder', instant],
      ]);
      expect(sent[0]!.reply.text).toBe('⏰ **Still to do today**\n- **Read**');
    }
    // Nobody got anybody else's reminder, nor two.
    const all = await sql<{ n: number }>(
      `select count(*)::int as n from outbox where dedupe_key like 'reminder:%:2026-12-01'`,
    );
    expect(all[0]!.n).toBe(4);
  });

  it('enqueues nothing new when the same instant runs again, or 30 minutes later', async () => {
    const { member } = await memberWithReminder('Europe/Paris', hm(9, 15));
    const fire = '2026-12-02T08:15:00.000Z';
    const first = await run(fire);
    expect(first.enqueued).toBeGreaterThanOrEqual(1);
    expect(await sentTo(member)).toHaveLength(1);
    expect(await run(fire)).toMatchObject({ dailyDue: 0, enqueued: 0 });
    expect(await run(at(fire, 30))).toMatchObject({ dailyDue: 0, enqueued: 0 });
    expect(await sentTo(member)).toHaveLength(1);
  });

  it('still sends after an outage of 50 minutes, and not when the run comes 61 minutes late', async () => {
    const { member: late } = await memberWithReminder('UTC', hm(10, 5));
    const { member: tooLate } = await memberWithReminder('UTC', hm(12));
    await run('2026-12-03T10:55:00Z');
    expect((await sentTo(late)).map((row) => [row.dedupe_key, row.created_at])).toEqual([
      [`reminder:${late.id}:2026-12-03`, '2026-12-03T10:55:00.000Z'],
    ]);
    // 12:00 was 61 minutes before this run: out of its hour, so lost rather than sent that late.
    await run('2026-12-03T13:01:00Z');
    expect(await sentTo(tooLate)).toEqual([]);
  });

  it("reads the member's day start: 01:30 on a day that starts at 03:00 reminds of the day before", async () => {
    const { member, habit } = await memberWithReminder('UTC', hm(1, 30), { dayStartHour: 3 });
    const other = await buildHabit(deps.services(), member, { name: 'Walk', startDate: '2026-01-01' });
    await buildLog(
      deps.services(() => new Date('2026-12-05T00:30:00Z')),
      habit,
      { date: '2026-12-04' },
    );
    await run('2026-12-05T01:30:00Z');
    const sent = await sentTo(member);
    expect(sent.map((row) => row.dedupe_key)).toEqual([`reminder:${member.id}:2026-12-04`]);
    expect(sent[0]!.reply.text).toBe('⏰ **Still to do today**\n- **Walk**');
    expect(sent[0]!.reply.actions!.map((action) => action.command)).toEqual([
      `reminder log-done ${other.id} 2026-12-04`,
      `reminder log-skip ${other.id} 2026-12-04`,
      'reminder snooze-hour daily 2026-12-04 1',
    ]);
  });

  it('lists only what is still to do, and sends nothing when nothing is', async () => {
    const { member, habit: read } = await memberWithReminder('UTC', hm(7));
    const services = deps.services(() => new Date('2026-12-11T06:00:00Z'));
    const habit = (name: string, overrides: Parameters<typeof buildHabit>[2] = {}) =>
      buildHabit(services, member, { name, startDate: '2026-11-01', ...overrides });
    // 2026-12-11 is a Friday.
    const weekend = await habit('Hike', { schedule: { kind: 'weekdays', days: ['sat', 'sun'] } });
    const run3 = await habit('Run', { schedule: { kind: 'per_period', times: 3, period: 'week' } });
    const swim = await habit('Swim', { schedule: { kind: 'per_period', times: 2, period: 'week' } });
    const floss = await habit('Floss');
    const stretch = await habit('Stretch');
    const pages = await habit('Pages', { target: { amount: 20, unit: 'pages', direction: 'at_least' } });
    const paused = await habit('Yoga');
    await updateHabit(services, member, paused.id, { status: 'paused' });
    for (const date of ['2026-12-07', '2026-12-08', '2026-12-09']) await buildLog(services, run3, { date });
    await buildLog(services, swim, { date: '2026-12-08' });
    await buildLog(services, floss);
    await buildLog(services, stretch, { status: 'skipped' });
    await buildLog(services, pages, { amount: 5 });
    expect(weekend.id).toBeDefined();

    await run('2026-12-11T07:00:00Z');
    const [sent] = await sentTo(member);
    expect(sent!.reply.text).toBe(
      '⏰ **Still to do today** (3)\n- **Read**\n- **Swim** · 1 of 2 this week\n- **Pages**',
    );
    expect(sent!.reply.actions!.map((action) => action.label)).toEqual([
      '✓ Read',
      'Skip Read',
      '✓ Swim',
      'Skip Swim',
      '✓ Pages',
      'Skip Pages',
      '⏰ Snooze 1 h',
    ]);

    // The next day everything due gets done before the reminder: nothing is sent.
    const saturday = deps.services(() => new Date('2026-12-12T06:00:00Z'));
    for (const done of [read, swim, floss, stretch, pages, weekend]) await buildLog(saturday, done);
    await run('2026-12-12T07:00:00Z');
    expect((await sentTo(member)).map((row) => row.dedupe_key)).toEqual([`reminder:${member.id}:2026-12-11`]);
  });

  it("sends a habit's own reminder on its due days unless it is settled", async () => {
    const services = deps.services(() => new Date('2026-12-14T06:00:00Z'));
    const member = await buildMember(services, { timezone: 'Asia/Kolkata' });
    const read = await buildHabit(services, member, { name: 'Read', startDate: '2026-11-01' });
    const run3 = await buildHabit(services, member, { name: 'Run', startDate: '2026-11-01' });
    const gym = await buildHabit(services, member, {
      name: 'Gym',
      startDate: '2026-11-01',
      schedule: { kind: 'weekdays', days: ['tue'] },
    });
    for (const habit of [read, run3, gym]) await setHabitReminder(services, member, habit, hm(19, 30));
    await buildLog(services, run3, { status: 'skipped' });

    // 19:30 in Kolkata on Monday 2026-12-14 is 14:00 UTC; Gym is due on Tuesdays only.
    await run('2026-12-14T14:00:00Z');
    const sent = await sentTo(member);
    expect(sent.map((row) => [row.dedupe_key, row.kind])).toEqual([
      [`habit-reminder:${read.id}:2026-12-14`, 'habit_reminder'],
    ]);
    expect(sent[0]!.reply).toEqual({
      text: '⏰ Time for **Read**',
      actions: [
        { label: '✓ Done', style: 'primary', command: `reminder log-done ${read.id} 2026-12-14` },
        { label: 'Skip', style: 'default', command: `reminder log-skip ${read.id} 2026-12-14` },
        {
          label: '⏰ Snooze 1 h',
          style: 'default',
          command: `reminder snooze-hour habit ${read.id} 2026-12-14 1`,
        },
      ],
    });
  });
});

describe('the reminders job across DST changes', () => {
  /**
   * Runs the job every minute from `from` for `minutes` minutes and returns when each of the
   * member's reminders was enqueued.
   */
  async function sweep(member: User, from: string, minutes: number): Promise<[string, string][]> {
    for (let i = 0; i <= minutes; i++) await run(at(from, i));
    return (await sentTo(member)).map((row) => [row.dedupe_key, row.created_at]);
  }

  it('Paris, spring forward (2027-03-28): 02:30 does not exist and fires once at 03:00 local', async () => {
    const { member } = await memberWithReminder('Europe/Paris', hm(2, 30));
    // 02:00 CET jumps to 03:00 CEST at 01:00 UTC.
    expect(await sweep(member, '2027-03-28T00:20:00Z', 80)).toEqual([
      [`reminder:${member.id}:2027-03-28`, '2027-03-28T01:00:00.000Z'],
    ]);
  });

  it('Paris, fall back (2026-10-25): 02:30 happens twice and fires once, the first time', async () => {
    const { member } = await memberWithReminder('Europe/Paris', hm(2, 30));
    // 02:30 CEST is 00:30 UTC; 02:30 CET, an hour later, is 01:30 UTC.
    expect(await sweep(member, '2026-10-25T00:15:00Z', 90)).toEqual([
      [`reminder:${member.id}:2026-10-25`, '2026-10-25T00:30:00.000Z'],
    ]);
  });

  it('New York, spring forward (2027-03-14): 02:30 fires once at 03:00 EDT', async () => {
    const { member } = await memberWithReminder('America/New_York', hm(2, 30));
    // 02:00 EST jumps to 03:00 EDT at 07:00 UTC.
    expect(await sweep(member, '2027-03-14T06:20:00Z', 80)).toEqual([
      [`reminder:${member.id}:2027-03-14`, '2027-03-14T07:00:00.000Z'],
    ]);
  });

  it('New York, fall back (2026-11-01): 01:30 happens twice and fires once, the first time', async () => {
    const { member } = await memberWithReminder('America/New_York', hm(1, 30));
    // 01:30 EDT is 05:30 UTC; 01:30 EST is 06:30 UTC.
    expect(await sweep(member, '2026-11-01T05:15:00Z', 90)).toEqual([
      [`reminder:${member.id}:2026-11-01`, '2026-11-01T05:30:00.000Z'],
    ]);
  });
});
