/** The scan state logs.ts keeps: right after every upsert, undo, import and habit deletion. */
import { InProcessEventBus } from '../../../src/events/in-process.js';
import { deleteHabit } from '../../../src/services/habits.js';
import { importLogs } from '../../../src/services/log-habit.js';
import { deleteLog, upsertLog } from '../../../src/services/logs.js';
import { forgetMember } from '../../../src/services/members.js';
import { buildHabit, buildMember } from '../../support/builders.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const events = new InProcessEventBus();
const services = () => ({ em: database.orm.em.fork(), events, now: () => new Date('2026-11-20T12:00:00Z') });

async function state(userId: string, habitId: string) {
  const conn = database.orm.em.fork().getConnection();
  const [user] = await conn.execute(`select last_logged_on::text as logged from users where id = ?`, [
    userId,
  ]);
  const [habit] = await conn.execute(
    `select last_done_on::text as done, risk_checked_on::text as checked from habits where id = ?`,
    [habitId],
  );
  return { logged: user?.logged ?? null, done: habit?.done ?? null, checked: habit?.checked ?? null };
}

it('follows upserts, re-logs, undos and imports, and never claims a log that is gone', async () => {
  const member = await buildMember(services());
  const habit = await buildHabit(services(), member, { startDate: '2026-11-01' });
  const other = await buildHabit(services(), member, { startDate: '2026-11-01' });
  expect(await state(member.id, habit.id)).toEqual({ logged: null, done: null, checked: null });

  await upsertLog(services(), member, habit.id, '2026-11-10', { status: 'done' });
  await upsertLog(services(), member, habit.id, '2026-11-12', { status: 'skipped' });
  expect(await state(member.id, habit.id)).toMatchObject({ logged: '2026-11-12', done: '2026-11-10' });

  await database.orm.em
    .fork()
    .getConnection()
    .execute(`update habits set risk_checked_on = '2026-11-12' where id = ?`, [habit.id]);
  await upsertLog(services(), member, habit.id, '2026-11-14', { status: 'done' });
  // A log clears risk_checked_on: the risk scan judges the habit again.
  expect(await state(member.id, habit.id)).toEqual({
    logged: '2026-11-14',
    done: '2026-11-14',
    checked: null,
  });

  // The same day logged again as missed is no longer done: the done before it counts.
  await upsertLog(services(), member, habit.id, '2026-11-14', { status: 'missed' });
  expect(await state(member.id, habit.id)).toMatchObject({ logged: '2026-11-14', done: '2026-11-10' });

  await upsertLog(services(), member, other.id, '2026-11-16', { status: 'missed' });
  expect(await state(member.id, habit.id)).toMatchObject({ logged: '2026-11-16' });
  await deleteLog(services(), member, other.id, '2026-11-16');
  await deleteLog(services(), member, habit.id, '2026-11-14');
  await deleteLog(services(), member, habit.id, '2026-11-10');
  expect(await state(member.id, habit.id)).toEqual({ logged: '2026-11-12', done: null, checked: null });

  await importLogs(services(), member, habit.id, {
    logs: [
      { date: '2026-11-12', status: 'done' },
      { date: '2026-11-18', status: 'skipped' },
    ],
  });
  expect(await state(member.id, habit.id)).toMatchObject({ logged: '2026-11-18', done: '2026-11-12' });

  await deleteHabit(services(), member, habit.id);
  expect((await state(member.id, other.id)).logged).toBeNull();
});

it('counts a numeric log as done only when it meets the target', async () => {
  const member = await buildMember(services());
  const habit = await buildHabit(services(), member, {
    startDate: '2026-11-01',
    target: { amount: 5, unit: 'km', direction: 'at_least' },
  });
  await upsertLog(services(), member, habit.id, '2026-11-10', { status: 'done', amount: 6 });
  await upsertLog(services(), member, habit.id, '2026-11-11', { status: 'done', amount: 2 });
  expect(await state(member.id, habit.id)).toMatchObject({ logged: '2026-11-11', done: '2026-11-10' });
  await deleteLog(services(), member, habit.id, '2026-11-10');
  expect(await state(member.id, habit.id)).toMatchObject({ done: null });
});

it('lets forget-me erase a member whose scan state is set', async () => {
  const member = await buildMember(services());
  const habit = await buildHabit(services(), member, { startDate: '2026-11-01' });
  await upsertLog(services(), member, habit.id, '2026-11-10', { status: 'done' });
  await forgetMember(services(), member);
  expect(await state(member.id, habit.id)).toEqual({ logged: null, done: null, checked: null });
});
