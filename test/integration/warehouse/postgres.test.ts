/**
 * The PostgreSQL warehouse for real (issue 15): members, habits and logs written through the
 * services reach the `analytics` schema at the next sync, edits, undos, habit deletes and a
 * forget-me included; an incremental sync equals a full rebuild, and so does a run killed after its
 * first batch and run again; a batch recomputes only the habits it writes, until a member's day
 * turns.
 */
import { InProcessEventBus } from '../../../src/events/in-process.js';
import type { ServiceContext } from '../../../src/services/context.js';
import { deleteHabit, updateHabit } from '../../../src/services/habits.js';
import { deleteLog } from '../../../src/services/logs.js';
import { forgetMember } from '../../../src/services/members.js';
import type { User } from '../../../src/store/entities/index.js';
import { PostgresWarehouse } from '../../../src/warehouse/postgres.js';
import { syncWarehouse } from '../../../src/warehouse/sync.js';
import { buildHabit, buildLog, buildMember } from '../../support/builders.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

let database: TestDatabase;
let warehouse: PostgresWarehouse;
const now = new Date('2026-11-20T12:00:00Z');
const bus = new InProcessEventBus();
const services = (): ServiceContext => ({
  em: database.orm.em.fork(),
  events: bus,
  now: () => new Date(now),
});
const em = () => database.orm.em.fork();

beforeEach(async () => {
  database = await createTestDatabase();
  warehouse = new PostgresWarehouse(database.orm.em.fork());
});
afterEach(() => database.drop());

async function query<T = Record<string, unknown>>(sql: string): Promise<T[]> {
  return em().execute<T[]>(sql);
}

/** Everything the warehouse holds, in a stable order, for comparing a run with a full rebuild. */
async function snapshot(schema = 'analytics'): Promise<Record<string, unknown[]>> {
  const tables = [
    'dim_users',
    'dim_habits',
    'dim_habit_rules',
    'dim_habit_pauses',
    'dim_goals',
    'dim_mentorships',
    'fact_checkins',
    'fact_journal_entries',
    'metrics_adherence',
    'metrics_streak',
    'metrics_habit',
    'metrics_risk',
  ];
  const out: Record<string, unknown[]> = {};
  for (const table of tables) out[table] = await query(`select * from ${schema}.${table} order by 1, 2`);
  return out;
}

/** A member with a daily habit done on 2026-11-15..19 (five days), and one more habit. */
async function seed(name = 'Ada'): Promise<{ member: User; habitId: string; otherId: string }> {
  const member = await buildMember(services(), { name });
  const habit = await buildHabit(services(), member, { name: 'Read', startDate: '2026-11-10' });
  const other = await buildHabit(services(), member, { name: 'Walk', startDate: '2026-11-10' });
  for (const date of ['2026-11-15', '2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19'])
    await buildLog(services(), habit, { date });
  await buildLog(services(), other, { date: '2026-11-19', status: 'missed' });
  return { member, habitId: habit.id, otherId: other.id };
}

describe('the PostgreSQL warehouse', () => {
  it('holds the members, habits and check-ins after a first sync, with their metrics', async () => {
    const { member, habitId } = await seed();
    const result = await syncWarehouse(em(), warehouse, { now });
    expect(result.mode).toBe('full');

    expect(await query(`select name, timezone from analytics.dim_users`)).toEqual([
      { name: 'Ada', timezone: 'UTC' },
    ]);
    expect(await query(`select name, schedule_kind, status from analytics.dim_habits order by name`)).toEqual(
      [
        { name: 'Read', schedule_kind: 'daily', status: 'active' },
        { name: 'Walk', schedule_kind: 'daily', status: 'active' },
      ],
    );
    const checkins = await query<{ n: number }>(
      `select count(*)::int as n from analytics.fact_checkins where habit_id = '${habitId}' and status = 'done'`,
    );
    expect(checkins[0]!.n).toBe(5);
    const [streak] = await query(
      `select current_streak as current, longest_streak as longest, last_completion::text from analytics.metrics_streak where habit_id = '${habitId}'`,
    );
    expect(streak).toEqual({ current: 5, longest: 5, last_completion: '2026-11-19' });
    const [adherence] = await query<{ date: string; adherence_7: number }>(
      `select date::text, adherence_7 from analytics.metrics_adherence where user_id = '${member.id}'`,
    );
    // Read: 5 of 6 due days before today (11-14 missed); Walk: 0 of 6. Today is open, not counted.
    expect(adherence!.date).toBe('2026-11-20');
    expect(adherence!.adherence_7).toBeCloseTo(5 / 12);
    const [risk] = await query<{ misses_3: number; misses_7: number; level: string }>(
      `select misses_3, misses_7, level from analytics.metrics_risk where user_id = '${member.id}'`,
    );
    expect(risk).toMatchObject({ misses_3: 2, misses_7: 7 });
    const state = await warehouse.state();
    expect(state.position).not.toBeNull();
    expect(state.lastError).toBeNull();
  });

  it('follows inserts, updates, an undone log and a deleted habit at the next run', async () => {
    const { member, habitId, otherId } = await seed();
    await syncWarehouse(em(), warehouse, { now });

    await updateHabit(services(), member, habitId, { name: 'Read more' });
    await deleteLog(services(), member, habitId, '2026-11-19');
    await deleteHabit(services(), member, otherId);
    const result = await syncWarehouse(em(), warehouse, { now });
    expect(result.mode).toBe('incremental');
    expect(result.rows).toBeGreaterThan(0);

    expect(await query(`select name from analytics.dim_habits`)).toEqual([{ name: 'Read more' }]);
    expect(await query(`select local_date::text from analytics.fact_checkins order by 1`)).toEqual(
      ['2026-11-15', '2026-11-16', '2026-11-17', '2026-11-18'].map((local_date) => ({ local_date })),
    );
    expect(
      await query(
        `select current_streak as current, longest_streak as longest from analytics.metrics_streak`,
      ),
    ).toEqual([{ current: 0, longest: 4 }]);
    expect(await snapshot()).toEqual(await fullRebuild());
  });

  it("captures a habit's or member's update only when a column the warehouse keeps changed", async () => {
    const { member, habitId } = await seed();
    const captured = async (table: string) =>
      (
        await query<{ n: number }>(
          `select count(*)::int as n from warehouse_changes where table_name = '${table}' and op = 'update'`,
        )
      )[0]!.n;
    const habit = { id: habitId, owner: member } as Parameters<typeof buildLog>[1];

    // Every log sets habits.start_date (to the earlier of it and the day) and the member's last
    // logged day: neither changes what the warehouse keeps.
    await buildLog(services(), habit, { date: '2026-11-20' });
    expect(await captured('habits')).toBe(0);
    expect(await captured('users')).toBe(0);

    await buildLog(services(), habit, { date: '2026-11-01' }); // before the start: moves it back
    expect(await captured('habits')).toBe(1);
    await updateHabit(services(), member, habitId, { name: 'Read more' });
    expect(await captured('habits')).toBe(2);
  });

  it("recomputes only the habits a batch writes, and all of a member's habits once their day turns", async () => {
    const { member, habitId, otherId } = await seed();
    await syncWarehouse(em(), warehouse, { now });
    // A mark on Walk's tallies, which a recompute of Walk would overwrite.
    await query(`update analytics.metrics_habit set expected_7 = -1 where habit_id = '${otherId}'`);
    const tallies = () =>
      query<{ habit_id: string; today: number; expected_7: number }>(
        `select habit_id, today, expected_7 from analytics.metrics_habit order by habit_id`,
      );

    await buildLog(services(), { id: habitId, owner: member } as never, { date: '2026-11-20' });
    await syncWarehouse(em(), warehouse, { now });
    const today = 20777; // 2026-11-20
    expect(await tallies()).toEqual(
      [
        { habit_id: habitId, today, expected_7: 7 }, // recomputed: today, done, now counts
        { habit_id: otherId, today, expected_7: -1 }, // untouched: its tallies stand
      ].sort((a, b) => a.habit_id.localeCompare(b.habit_id)),
    );

    const tomorrow = new Date('2026-11-21T12:00:00Z');
    await syncWarehouse(em(), warehouse, { now: tomorrow });
    // Both recomputed: 11-15..11-20 due, 11-21 still open.
    expect((await tallies()).map((row) => [row.today, row.expected_7])).toEqual([
      [today + 1, 6],
      [today + 1, 6],
    ]);
  });

  it("forgets a member at the next run, leaving other members' rows", async () => {
    const { member } = await seed('Ada');
    await seed('Grace');
    await syncWarehouse(em(), warehouse, { now });
    await forgetMember(services(), member);
    await syncWarehouse(em(), warehouse, { now });

    expect(await query(`select name from analytics.dim_users`)).toEqual([{ name: 'Grace' }]);
    for (const table of [
      'dim_habits',
      'fact_checkins',
      'metrics_adherence',
      'metrics_streak',
      'metrics_habit',
      'metrics_risk',
    ]) {
      const rows = await query<{ n: number }>(
        `select count(*)::int as n from analytics.${table} where user_id = '${member.id}'`,
      );
      expect([table, rows[0]!.n]).toEqual([table, 0]);
    }
    expect(await snapshot()).toEqual(await fullRebuild());
  });

  it('takes changes in the order of their positions when the positions cross a power of ten', async () => {
    const { member, habitId } = await seed();
    await syncWarehouse(em(), warehouse, { now });
    // The next positions run 996, 997, … 1005: as text, '1000' sorts before '996'.
    await query(`select setval(pg_get_serial_sequence('warehouse_changes', 'id'), 995)`);
    for (const day of ['2026-11-10', '2026-11-11', '2026-11-12', '2026-11-13', '2026-11-14', '2026-11-15'])
      await buildLog(services(), { id: habitId, owner: member } as never, { date: day });

    const result = await syncWarehouse(em(), warehouse, { now, batchSize: 4 });
    const [{ last }] = (await query(`select max(id)::text as last from warehouse_changes`)) as {
      last: string;
    }[];
    expect(result.position).toBe(last);
    expect((await warehouse.state()).position).toBe(last);
    expect(await snapshot()).toEqual(await fullRebuild());
  });

  it('finishes a run killed after its first batch at the next run, equal to a full rebuild', async () => {
    const { member, habitId } = await seed();
    await syncWarehouse(em(), warehouse, { now });
    await updateHabit(services(), member, habitId, { name: 'Read daily' });
    await deleteLog(services(), member, habitId, '2026-11-18');
    await buildLog(services(), { id: habitId, owner: member } as never, { date: '2026-11-20' });
    await seed('Grace');

    let batches = 0;
    await expect(
      syncWarehouse(em(), warehouse, {
        now,
        batchSize: 2,
        afterBatch: () => {
          if (++batches === 1) throw new Error('killed');
        },
      }),
    ).rejects.toThrow('killed');
    const halfway = await warehouse.state();
    expect(halfway.lastError).toBe('killed');
    expect(await query(`select count(*)::int as n from analytics.dim_users`)).toEqual([{ n: 1 }]);

    const rerun = await syncWarehouse(em(), warehouse, { now, batchSize: 2 });
    expect(rerun.mode).toBe('incremental');
    expect((await warehouse.state()).lastError).toBeNull();
    expect(await query(`select name from analytics.dim_users order by name`)).toEqual([
      { name: 'Ada' },
      { name: 'Grace' },
    ]);
    expect(await snapshot()).toEqual(await fullRebuild());
  });

  it('fills a warehouse in another database by batches with the same rows as a copy within', async () => {
    const { member, habitId } = await seed();
    await updateHabit(services(), member, habitId, { schedule: { kind: 'weekdays', days: ['mon', 'wed'] } });
    await syncWarehouse(em(), warehouse, { now });
    const elsewhere = new PostgresWarehouse(em(), { schema: 'analytics_elsewhere', separateDatabase: true });
    expect(elsewhere.copyWithin).toBeUndefined();
    const result = await syncWarehouse(em(), elsewhere, { now, batchSize: 2 });
    expect(result.batches).toBeGreaterThan(3);
    expect(await snapshot('analytics_elsewhere')).toEqual(await snapshot());
  });

  it('rebuilds again when a full rebuild was killed halfway', async () => {
    await seed();
    await expect(
      syncWarehouse(em(), warehouse, {
        now,
        batchSize: 2,
        afterBatch: () => {
          throw new Error('killed');
        },
      }),
    ).rejects.toThrow('killed');
    expect((await warehouse.state()).position).toBeNull();
    const rerun = await syncWarehouse(em(), warehouse, { now });
    expect(rerun.mode).toBe('full');
    expect(await query(`select count(*)::int as n from analytics.fact_checkins`)).toEqual([{ n: 6 }]);
  });

  it('lists mentees on the mentor dashboard, riskiest first', async () => {
    const mentor = await buildMember(services(), { name: 'Mentor' });
    const { member: steady } = await seed('Steady');
    const idle = await buildMember(services(), { name: 'Idle' });
    await buildHabit(services(), idle, { name: 'Run', startDate: '2026-11-10' });
    for (const mentee of [steady, idle])
      await em().execute(
        `insert into mentorships (id, mentor_id, mentee_id, status, accepted_at, created_at, updated_at)
         values (gen_random_uuid(), ?, ?, 'active', now(), now(), now())`,
        [mentor.id, mentee.id],
      );
    await syncWarehouse(em(), warehouse, { now });
    const rows = await query<{ mentee_name: string; risk_level: string }>(
      `select mentor_name, mentee_name, risk_level from analytics.mentor_dashboard`,
    );
    expect(rows.map((row) => row.mentee_name)).toEqual(['Idle', 'Steady']);
    expect(rows[0]).toMatchObject({ mentor_name: 'Mentor', risk_level: 'high' });
  });
});

/** The same warehouse rebuilt from scratch with `--full`. */
async function fullRebuild(): Promise<Record<string, unknown[]>> {
  const result = await syncWarehouse(em(), warehouse, { now, full: true });
  expect(result.mode).toBe('full');
  return snapshot();
}
