/**
 * The warehouse's metrics equal the API's numbers (issue 15: "compared with the API's numbers").
 * Members in several time zones get habits of every schedule kind, numeric targets both ways,
 * paused spans, edited rules and a few hundred logs of every status, drawn from a seeded random
 * generator; after a sync, each member's adherence, risk and each habit's streaks in the
 * `analytics` schema must equal what the dashboard (src/services/stats.ts) computes with the
 * domain rules, and again after edits, undos and deletes synced incrementally.
 */
import { randomUUID } from 'node:crypto';
import { adherenceOf, adherenceTally } from '../../../src/domain/adherence.js';
import { addDays, toDayNumber } from '../../../src/domain/dates.js';
import { buildPicture } from '../../../src/domain/picture.js';
import type { LocalDate, PastRules, PausedSpan, Schedule } from '../../../src/domain/types.js';
import { InProcessEventBus } from '../../../src/events/in-process.js';
import type { ServiceContext } from '../../../src/services/context.js';
import { todayFor } from '../../../src/services/context.js';
import { rulesOf } from '../../../src/services/rules.js';
import { dashboardOf } from '../../../src/services/stats.js';
import { Habit, type User } from '../../../src/store/entities/index.js';
import { PostgresWarehouse } from '../../../src/warehouse/postgres.js';
import { syncWarehouse } from '../../../src/warehouse/sync.js';
import { buildHabit, buildMember } from '../../support/builders.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

let database: TestDatabase;
let now = new Date('2026-11-20T09:30:00Z');
const bus = new InProcessEventBus();
const services = (): ServiceContext => ({
  em: database.orm.em.fork(),
  events: bus,
  now: () => new Date(now),
});
const em = () => database.orm.em.fork();

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

/** mulberry32: a small seeded generator, so a failure names a case that reruns the same. */
function generator(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)]!;
  return { next, int, pick };
}
type Random = ReturnType<typeof generator>;

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

function randomSchedule(r: Random): Schedule {
  switch (r.int(0, 4)) {
    case 0:
      return { kind: 'daily' };
    case 1:
      return { kind: 'weekdays', days: WEEKDAYS.filter(() => r.next() < 0.5).concat('mon') as never };
    case 2:
      return { kind: 'every_n_days', n: r.int(2, 4) };
    case 3:
      return { kind: 'per_period', times: r.int(1, 5), period: 'week' };
    default:
      return { kind: 'per_period', times: r.int(3, 15), period: 'month' };
  }
}

function randomTarget(r: Random) {
  const roll = r.next();
  if (roll < 0.5) return null;
  return {
    amount: r.int(2, 6),
    unit: 'km',
    direction: roll < 0.8 ? ('at_least' as const) : ('at_most' as const),
  };
}

/** A member's habits with history, pauses and logs written straight into the tables. */
async function seedMember(r: Random, index: number, today: LocalDate, member: User): Promise<void> {
  for (let h = 0; h < r.int(2, 5); h++) {
    const startDate = addDays(today, -r.int(-2, 120));
    const habit = await buildHabit(services(), member, {
      name: `Habit ${index}.${h}`,
      schedule: randomSchedule(r),
      startDate,
    });
    const history: PastRules[] = [];
    let until = addDays(startDate, r.int(-20, 30));
    for (let k = r.int(0, 2); k > 0 && until < today; k--) {
      history.push({ until, schedule: randomSchedule(r), target: randomTarget(r) });
      until = addDays(until, r.int(5, 40));
    }
    // Up to three paused spans, which may touch or overlap; the last one may still be open.
    const pausedSpans: PausedSpan[] = [];
    if (r.next() < 0.4) {
      let from = addDays(startDate, r.int(0, 60));
      for (let k = r.int(1, 3); k > 0; k--) {
        const to = k === 1 && r.next() < 0.3 ? null : addDays(from, r.int(0, 12));
        pausedSpans.push({ from, to });
        if (to === null) break;
        const next = addDays(to, r.int(-3, 20));
        from = next > from ? next : addDays(from, 1);
      }
    }
    const target = randomTarget(r);
    const status = pausedSpans.some((span) => span.to === null)
      ? 'paused'
      : r.next() < 0.1
        ? 'archived'
        : 'active';
    await em().nativeUpdate(Habit, { id: habit.id }, { ruleHistory: history, pausedSpans, target, status });
    const logs: unknown[][] = [];
    for (let day = addDays(startDate, -5); day <= addDays(today, 1); day = addDays(day, 1)) {
      const roll = r.next();
      if (roll < 0.3) continue;
      const status = roll < 0.8 ? 'done' : roll < 0.9 ? 'skipped' : 'missed';
      const amount = r.next() < 0.6 ? r.int(0, 8) : null;
      logs.push([randomUUID(), habit.id, day, status, amount]);
    }
    for (const [id, habitId, date, logStatus, amount] of logs)
      await em().execute(
        `insert into habit_logs (id, habit_id, date, status, amount, source, created_at, updated_at) values (?, ?, ?, ?, ?, 'api', now(), now())`,
        [id, habitId, date, logStatus, amount],
      );
  }
}

const ZONES = ['UTC', 'Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Pacific/Auckland'];

interface Expected {
  adherence: [number | null, number | null, number | null];
  score: number;
  level: string;
  daysSinceLastLog: number | null;
  streaks: Map<string, { current: number; longest: number }>;
}

/** What the API says about a member today: the dashboard's numbers, and its 90-day adherence. */
async function apiNumbers(member: User): Promise<Expected> {
  const ctx = services();
  const dashboard = await dashboardOf(ctx, member);
  const today = toDayNumber(todayFor(ctx, member));
  const pooled = { credited: 0, expected: 0 };
  for (const entry of dashboard.habits.filter((e) => e.habit.status === 'active')) {
    const tally = adherenceTally(buildPicture(rulesOf(entry.habit), entry.logs, today), 90);
    pooled.credited += tally.credited;
    pooled.expected += tally.expected;
  }
  const { factors } = dashboard.risk;
  return {
    adherence: [factors.adherence7, factors.adherence30, adherenceOf(pooled)],
    score: dashboard.risk.score,
    level: dashboard.risk.level,
    daysSinceLastLog: factors.daysSinceLastLog,
    streaks: new Map(
      dashboard.habits.map((e) => [
        e.habit.id,
        { current: e.stats.currentStreak, longest: e.stats.longestStreak },
      ]),
    ),
  };
}

async function warehouseNumbers(member: User): Promise<Expected> {
  const [adherence] = await em().execute<{ a7: number | null; a30: number | null; a90: number | null }[]>(
    `select adherence_7 as a7, adherence_30 as a30, adherence_90 as a90 from analytics.metrics_adherence
     where user_id = ? order by date desc limit 1`,
    [member.id],
  );
  const [risk] = await em().execute<{ score: number; level: string; days_since_last_log: number | null }[]>(
    `select score, level, days_since_last_log from analytics.metrics_risk where user_id = ?`,
    [member.id],
  );
  const streaks = await em().execute<{ habit_id: string; current: number; longest: number }[]>(
    `select s.habit_id, s.current_streak as current, s.longest_streak as longest from analytics.metrics_streak s
     join analytics.dim_habits h on h.id = s.habit_id where s.user_id = ? and h.status <> 'archived'`,
    [member.id],
  );
  return {
    adherence: [adherence!.a7, adherence!.a30, adherence!.a90],
    score: risk!.score,
    level: risk!.level,
    daysSinceLastLog: risk!.days_since_last_log,
    streaks: new Map(streaks.map((s) => [s.habit_id, { current: s.current, longest: s.longest }])),
  };
}

function expectSame(member: User, actual: Expected, expected: Expected): void {
  const round = (x: number | null) => (x === null ? null : Math.round(x * 1e9) / 1e9);
  expect({ member: member.name, adherence: actual.adherence.map(round) }).toEqual({
    member: member.name,
    adherence: expected.adherence.map(round),
  });
  expect({ member: member.name, score: round(actual.score), level: actual.level }).toEqual({
    member: member.name,
    score: round(expected.score),
    level: expected.level,
  });
  expect(actual.daysSinceLastLog).toBe(expected.daysSinceLastLog);
  expect(Object.fromEntries(actual.streaks)).toEqual(Object.fromEntries(expected.streaks));
}

describe('the warehouse metrics', () => {
  it('equal the API numbers for random habits, rules, pauses and logs, and after changes', async () => {
    const r = generator(20261129);
    const members: User[] = [];
    for (let i = 0; i < 12; i++) {
      const member = await buildMember(services(), {
        name: `Member ${i}`,
        timezone: ZONES[i % ZONES.length]!,
        dayStartHour: i % 3 === 0 ? 3 : 0,
      });
      await seedMember(r, i, todayFor(services(), member), member);
      members.push(member);
    }
    const warehouse = new PostgresWarehouse(em());
    await syncWarehouse(em(), warehouse, { now, full: true });
    for (const member of members)
      expectSame(member, await warehouseNumbers(member), await apiNumbers(member));

    // Edits, undos and deletes, then an incremental run.
    const logs = await em().execute<{ id: string }[]>(`select id from habit_logs order by id limit 400`);
    for (const { id } of logs.filter(() => r.next() < 0.2))
      await em().execute(`delete from habit_logs where id = ?`, [id]);
    for (const { id } of logs.filter(() => r.next() < 0.2))
      await em().execute(
        `update habit_logs set status = 'done', amount = ?, updated_at = now() where id = ?`,
        [r.int(0, 8), id],
      );
    const habits = await em().execute<{ id: string }[]>(`select id from habits order by id`);
    await em().execute(`delete from habits where id = ?`, [habits[0]!.id]);
    await em().nativeUpdate(Habit, { id: habits[1]!.id }, { schedule: { kind: 'every_n_days', n: 3 } });
    const result = await syncWarehouse(em(), warehouse, { now });
    expect(result.mode).toBe('incremental');
    for (const member of members)
      expectSame(member, await warehouseNumbers(member), await apiNumbers(member));

    // Two days on, a Sunday evening in Europe and America (a week's last day, still open), Monday
    // in Asia: no change at all, and every member's metrics still move to their new today.
    now = new Date('2026-11-22T20:00:00Z');
    const later = await syncWarehouse(em(), warehouse, { now });
    expect(later.rows).toBe(0);
    for (const member of members)
      expectSame(member, await warehouseNumbers(member), await apiNumbers(member));
  });
});
