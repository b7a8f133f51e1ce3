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
    expect(again).toMatchObject({ amount: 25, note: 'a good chapter' });
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
    const log = await upsertLog(services(), user, read.id, '2026-11-15', { status: 'missed' });
    expect(log).toMatchObject({ status: 'missed', amount: null, note: null });
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
