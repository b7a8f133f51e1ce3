/** The log service as the chat calls it: re-logging a day keeps what the new log does not name. */
import { InProcessEventBus } from '../../../src/events/in-process.js';
import type { ServiceContext } from '../../../src/services/context.js';
import {
  deleteLog,
  FAR_BEFORE_START_DAYS,
  isFarBeforeStart,
  listLogs,
  upsertLog,
} from '../../../src/services/logs.js';
import { dayLogsOf } from '../../../src/services/stats.js';
import type { Habit, User } from '../../../src/store/entities/index.js';
import { buildHabit, buildMember } from '../../support/builders.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

let database: TestDatabase;
let user: User;
let read: Habit;
const events = new InProcessEventBus();
const services = (): ServiceContext => ({
  em: database.orm.em.fork(),
  events,
  now: () => new Date('2026-11-20T12:00:00Z'),
});

beforeAll(async () => {
  database = await createTestDatabase();
  user = await buildMember(services());
  read = await buildHabit(services(), user, {
    target: { amount: 20, unit: 'pages', direction: 'at_least' },
    startDate: '2026-11-01',
  });
});
afterAll(() => database.drop());

const dayOf = async (date: string) =>
  (await listLogs(services(), user, read.id, { from: date, to: date }))[0];

describe('upsertLog', () => {
  it('keeps the amount and note of a day when the new log leaves them out', async () => {
    // "habit log read tuesday 25", then "habit log read tuesday".
    await upsertLog(
      services(),
      user,
      read.id,
      '2026-11-17',
      { status: 'done', amount: 25, note: 'a good chapter' },
      'console',
    );
    const again = await upsertLog(services(), user, read.id, '2026-11-17', { status: 'done' }, 'console');
    expect(again.log).toMatchObject({ amount: 25, note: 'a good chapter' });
    expect(again.previous).toEqual({ date: '2026-11-17', status: 'done', amount: 25 });
    expect(await dayOf('2026-11-17')).toMatchObject({ status: 'done', amount: 25, note: 'a good chapter' });
  });

  it('clears an amount or note given as null, and replaces one given', async () => {
    await upsertLog(services(), user, read.id, '2026-11-16', { status: 'done', amount: 25, note: 'x' });
    await upsertLog(services(), user, read.id, '2026-11-16', { status: 'done', amount: 30, note: null });
    expect(await dayOf('2026-11-16')).toMatchObject({ amount: 30, note: null });
    await upsertLog(services(), user, read.id, '2026-11-16', { status: 'skipped', amount: null });
    expect(await dayOf('2026-11-16')).toMatchObject({ status: 'skipped', amount: null, note: null });
  });

  it('writes a new day with nothing it was not given', async () => {
    const { log, previous } = await upsertLog(services(), user, read.id, '2026-11-15', { status: 'missed' });
    expect(log).toMatchObject({ status: 'missed', amount: null, note: null });
    expect(previous).toBeNull();
  });
});

describe('a done log, written in one statement', () => {
  const columns = async (habitId: string) => {
    const [row] = await database.orm.em.fork().execute<
      {
        start: string;
        last_done_on: string | null;
        at_risk_since: string | null;
        risk_checked_on: string | null;
        last_logged_on: string | null;
      }[]
    >(
      `select h.start_date::text as start, h.last_done_on::text as last_done_on, h.at_risk_since::text as at_risk_since,
         h.risk_checked_on::text as risk_checked_on, u.last_logged_on::text as last_logged_on
       from habits h join users u on u.id = h.owner_id where h.id = ?`,
      [habitId],
    );
    return row!;
  };

  it('moves the start back, the last done and last logged days forward, and ends the risk episode', async () => {
    const walk = await buildHabit(services(), user, { name: 'Walk', startDate: '2026-11-10' });
    await database.orm.em
      .fork()
      .execute(
        `update habits set at_risk_since = '2026-11-18', risk_checked_on = '2026-11-19' where id = ?`,
        [walk.id],
      );
    const first = await upsertLog(services(), user, walk.id, '2026-11-08', { status: 'done', note: 'early' });
    expect(first.previous).toBeNull();
    expect(first.log).toMatchObject({ date: '2026-11-08', status: 'done', note: 'early', source: 'api' });
    expect(await columns(walk.id)).toMatchObject({
      start: '2026-11-08',
      last_done_on: '2026-11-08',
      at_risk_since: null,
      risk_checked_on: null,
    });

    const again = await upsertLog(services(), user, walk.id, '2026-11-08', { status: 'done' }, 'slack');
    expect(again.previous).toEqual({ date: '2026-11-08', status: 'done', amount: null });
    expect(again.log).toMatchObject({ note: 'early', source: 'slack' });
    await upsertLog(services(), user, walk.id, '2026-11-20', { status: 'done' });
    expect(await columns(walk.id)).toMatchObject({
      last_done_on: '2026-11-20',
      last_logged_on: '2026-11-20',
    });
  });

  it('reads the history on the way for today, the new log in its place, as a separate read would', async () => {
    const yoga = await buildHabit(services(), user, { name: 'Yoga', startDate: '2026-11-10' });
    for (const date of ['2026-11-12', '2026-11-18', '2026-11-19'])
      await upsertLog(services(), user, yoga.id, date, { status: 'done' });
    await upsertLog(services(), user, yoga.id, '2026-11-20', { status: 'skipped', note: 'tired' });
    const backfill = await upsertLog(services(), user, yoga.id, '2026-11-15', { status: 'done' });
    expect(backfill.history).toBeUndefined();

    const today = await upsertLog(services(), user, yoga.id, '2026-11-20', { status: 'done' });
    const separately = await dayLogsOf(services(), yoga, '2026-11-20');
    expect(today.history).toEqual(separately);
    expect(today.history?.map((log) => `${log.date} ${log.status}`)).toEqual([
      '2026-11-12 done',
      '2026-11-15 done',
      '2026-11-18 done',
      '2026-11-19 done',
      '2026-11-20 done',
    ]);
  });

  it('finds a habit deleted meanwhile gone, and writes nothing', async () => {
    const swim = await buildHabit(services(), user, { name: 'Swim', startDate: '2026-11-10' });
    const loaded = services();
    const habit = await loaded.em.findOneOrFail('Habit', { id: swim.id });
    await database.orm.em.fork().execute(`delete from habits where id = ?`, [swim.id]);
    await expect(
      upsertLog(loaded, user, habit as Habit, '2026-11-12', { status: 'done' }),
    ).rejects.toMatchObject({
      status: 404,
    });
    const [{ n }] = await database.orm.em
      .fork()
      .execute<{ n: string }[]>(`select count(*) as n from habit_logs where habit_id = ?`, [swim.id]);
    expect(Number(n)).toBe(0);
  });
});

describe('dates the chat passes in', () => {
  it('refuses a day before 1970 or an impossible one with a sentence naming it', async () => {
    await expect(
      upsertLog(services(), user, read.id, '0000-01-01', { status: 'done' }),
    ).rejects.toMatchObject({
      status: 400,
      message: 'The date 0000-01-01 must be 1970-01-01 or later.',
    });
    await expect(deleteLog(services(), user, read.id, '2026-02-30')).rejects.toMatchObject({
      status: 400,
      message: 'The date 2026-02-30 must be a real date written YYYY-MM-DD.',
    });
  });
});

describe('isFarBeforeStart', () => {
  it('flags a log more than a year before the start, for the chat to confirm', () => {
    expect(FAR_BEFORE_START_DAYS).toBe(365);
    const habit = { startDate: '2026-11-01' };
    expect(isFarBeforeStart(habit, '2025-11-01')).toBe(false);
    expect(isFarBeforeStart(habit, '2025-10-31')).toBe(true);
    expect(isFarBeforeStart(habit, '2026-12-01')).toBe(false);
  });
});
