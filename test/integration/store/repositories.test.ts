/** The store's named queries, where what they find is not obvious from their SQL. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { InProcessEventBus } from '../../../src/events/in-process.js';
import type { ServiceContext } from '../../../src/services/context.js';
import { CoachTurn, type CoachRole, type User } from '../../../src/store/entities/index.js';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import {
  claimButton,
  claimDelivery,
  claimInsert,
  countMemberMessagesSince,
  findAccountClaiming,
  findHabitsOf,
  deletePlan,
  doneLogsOfGoals,
  planOfMember,
  storePlan,
  topLevelGoalTitled,
  recentConversationTurns,
  tokensSpentSince,
  findButton,
  storeButtons,
  dayLogsOfHabits,
  releaseClaim,
  replyOf,
  storeReply,
  type DeliveryKey,
} from '../../../src/store/repositories/index.js';
import { buildHabit, buildLog, buildMember } from '../../support/builders.js';
import { createGoal } from '../../../src/services/goals.js';
import { updateHabit } from '../../../src/services/habits.js';
import { upsertLog } from '../../../src/services/logs.js';
import { resolveMember } from '../../../src/services/identities.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

let database: TestDatabase;
let member: User;
const events = new InProcessEventBus();
const NOW = new Date('2026-11-20T12:00:00Z');
const services = (): ServiceContext => ({ em: database.orm.em.fork(), events, now: () => NOW });

beforeAll(async () => {
  database = await createTestDatabase();
  member = await buildMember(services());
});
afterAll(() => database.drop());

/**
 * The SQL sent to PostgreSQL until the test ends, however it was sent (through the ORM, or as a
 * prepared statement on a pooled connection): pg's Client.query is patched, and restored after.
 */
function recordQueries(_em: EntityManager): string[] {
  const queries: string[] = [];
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const [config] = args as [string | { text: string }];
    queries.push(typeof config === 'string' ? config : config.text);
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  afterEachRestore.push(() => {
    pg.Client.prototype.query = query;
  });
  return queries;
}
const afterEachRestore: (() => void)[] = [];
afterEach(() => afterEachRestore.splice(0).forEach((restore) => restore()));

describe('dayLogsOfHabits', () => {
  it('finds the logs of several habits in one query, grouped by habit, oldest first, up to a day', async () => {
    const read = await buildHabit(services(), member, { startDate: '2026-11-01' });
    const run = await buildHabit(services(), member, { startDate: '2026-11-01' });
    const idle = await buildHabit(services(), member, { startDate: '2026-11-01' });
    await buildLog(services(), read, { date: '2026-11-19' });
    await buildLog(services(), read, { date: '2026-11-17', status: 'skipped' });
    await buildLog(services(), read, { date: '2026-11-20' });
    await buildLog(services(), run, { date: '2026-11-18' });

    const em = database.orm.em.fork();
    const queries = recordQueries(em);
    const logs = await dayLogsOfHabits(em, [read.id, run.id, idle.id], '2026-11-19');

    expect(queries).toHaveLength(1);
    expect(logs.get(read.id)!.map((log) => [log.date, log.status])).toEqual([
      ['2026-11-17', 'skipped'],
      ['2026-11-19', 'done'],
    ]);
    expect(logs.get(run.id)!.map((log) => log.date)).toEqual(['2026-11-18']);
    expect(logs.get(idle.id)).toEqual([]);
  });

  it('asks nothing for no habits', async () => {
    expect(await dayLogsOfHabits(database.orm.em.fork(), [])).toEqual(new Map());
  });
});

describe("a first log of the day's history", () => {
  it('reads every earlier log with its exact amount, oldest first, and the new one last', async () => {
    const pages = await buildHabit(services(), member, {
      startDate: '2026-11-01',
      target: { amount: 1, unit: 'pages', direction: 'at_least' },
    });
    const amounts: [string, number | null, 'done' | 'skipped' | 'missed'][] = [
      ['2026-11-14', 0.1 + 0.2, 'done'],
      ['2026-11-02', 2.5, 'done'],
      ['2026-11-16', null, 'skipped'],
      ['2026-11-17', 999_999_999.5, 'done'],
      ['2026-11-18', 1 / 3, 'missed'],
    ];
    for (const [date, amount, status] of amounts) await buildLog(services(), pages, { date, amount, status });

    const { history } = await upsertLog(services(), member, pages.id, '2026-11-20', {
      status: 'done',
      amount: 7,
    });

    const stored = (await dayLogsOfHabits(database.orm.em.fork(), [pages.id])).get(pages.id)!;
    expect(history).toEqual(stored);
    expect(history!.map((log) => log.amount)).toEqual([2.5, 0.1 + 0.2, null, 999_999_999.5, 1 / 3, 7]);
  });
});

describe('a done log', () => {
  it("leaves the habit's and the member's rows alone when it changes neither (a re-log, a backfill)", async () => {
    const walk = await buildHabit(services(), member, { startDate: '2026-11-01' });
    await buildLog(services(), walk, { date: '2026-11-19' });
    // xmin names the transaction that wrote a row's current version: an update makes a new one.
    const versions = async () =>
      database.orm.em
        .fork()
        .execute<{ xmin: string }[]>(
          `select (select xmin::text from habits where id = ?) || '/' || (select xmin::text from users where id = ?) as xmin`,
          [walk.id, member.id],
        );
    const before = await versions();

    await buildLog(services(), walk, { date: '2026-11-19', note: 'again' });
    await buildLog(services(), walk, { date: '2026-11-05' });
    expect(await versions()).toEqual(before);

    await buildLog(services(), walk, { date: '2026-10-30' }); // before the start: moves it back
    expect(await versions()).not.toEqual(before);
  });
});

describe('handled events', () => {
  const key = (eventId: string, sender = 'U1'): DeliveryKey => ({
    platform: 'slack',
    workspace: 'T1',
    sender,
    eventId,
  });

  it('lets exactly one of several concurrent claims of a delivery win', async () => {
    const won = await Promise.all(
      Array.from({ length: 8 }, () =>
        claimDelivery(database.orm.em.fork(), key('Ev-race'), randomUUID(), NOW),
      ),
    );
    expect(won.filter(Boolean)).toHaveLength(1);
  });

  it("keeps one sender's event id apart from another's", async () => {
    const em = database.orm.em.fork();
    expect(await claimDelivery(em, key('Ev-shared', 'U1'), randomUUID(), NOW)).toBe(true);
    expect(await claimDelivery(em, key('Ev-shared', 'U2'), randomUUID(), NOW)).toBe(true);
    expect(await claimDelivery(em, key('Ev-shared', 'U2'), randomUUID(), NOW)).toBe(false);
  });

  it('finds the reply stored after the claim was first read, and keeps a claim that has one', async () => {
    const em = database.orm.em.fork();
    const id = randomUUID();
    await claimDelivery(em, key('Ev-reply'), id, NOW);
    expect(await replyOf(em, key('Ev-reply'))).toBeNull();
    await storeReply(database.orm.em.fork(), id, { text: 'Logged.' }, NOW);
    expect(await replyOf(em, key('Ev-reply'))).toEqual({ text: 'Logged.' });
    await releaseClaim(em, id);
    expect(await claimDelivery(em, key('Ev-reply'), randomUUID(), NOW)).toBe(false);
  });

  it('claims and finds the sender in one statement, touching the identity only for the winner', async () => {
    const account = { platform: 'slack', workspace: 'T1', platformUserId: 'U-claims' };
    const touch = (channel: string) => ({ channel, now: NOW, staleBefore: NOW });
    const claim = (eventId: string) => claimInsert(key(eventId, 'U-claims'), randomUUID(), NOW);
    const dmChannel = async () =>
      (
        await database.orm.em
          .fork()
          .getConnection()
          .execute<{ dm_channel: string | null }[]>(
            `select dm_channel from identities where platform_user_id = 'U-claims'`,
          )
      )[0]?.dm_channel;

    const stranger = await findAccountClaiming(database.orm.em.fork(), claim('Ev-a'), account);
    expect(stranger).toEqual({ claimed: true, user: null, habits: null });

    const { user } = await resolveMember(services(), account);
    const walk = await buildHabit(services(), user, {
      name: 'Walk',
      target: { amount: 2, unit: 'km', direction: 'at_least' },
      startDate: '2026-10-01',
    });
    const gym = await buildHabit(services(), user, { name: 'Gym' });
    await buildHabit(services(), user, { name: 'Old' }).then((old) =>
      updateHabit(services(), user, old.id, { status: 'archived' }),
    );
    const first = await findAccountClaiming(database.orm.em.fork(), claim('Ev-b'), account, touch('D1'));
    expect(first.claimed).toBe(true);
    expect(first.user?.id).toBe(user.id);
    expect(await dmChannel()).toBe('D1');
    // The winner gets the live habits, oldest first, exactly as findHabitsOf reads them.
    const read = await findHabitsOf(database.orm.em.fork(), user, false);
    expect(first.habits?.map((habit) => habit.name)).toEqual(['Walk', 'Gym']);
    expect(first.habits?.map((habit) => ({ ...habit, owner: habit.owner.id }))).toEqual(
      read.map((habit) => ({ ...habit, owner: habit.owner.id })),
    );
    expect(first.habits?.[0]).toMatchObject({ id: walk.id, startDate: '2026-10-01', target: walk.target });
    expect(first.habits?.[1]?.createdAt).toBeInstanceOf(Date);
    expect(first.habits?.[1]?.id).toBe(gym.id);

    const repeat = await findAccountClaiming(database.orm.em.fork(), claim('Ev-b'), account, touch('D2'));
    expect(repeat).toMatchObject({ claimed: false, habits: null });
    expect(await dmChannel()).toBe('D1');
  });

  it('releases a claim without a reply, so that the retry runs', async () => {
    const em = database.orm.em.fork();
    const id = randomUUID();
    await claimDelivery(em, key('Ev-failed'), id, NOW);
    await releaseClaim(em, id);
    expect(await claimDelivery(em, key('Ev-failed'), randomUUID(), NOW)).toBe(true);
  });
});

describe('chat actions', () => {
  it('stores buttons, finds them by id, and lets one of several concurrent presses claim a single-use one', async () => {
    const button = (id: string, singleUse: boolean) => ({
      id,
      owner: member,
      command: `habit delete ${id}`,
      expiresAt: new Date(NOW.getTime() + 86_400_000),
      singleUse,
      createdAt: NOW,
      updatedAt: NOW,
    });
    await storeButtons(database.orm.em.fork(), [button('btn-confirm', true), button('btn-plain', false)]);

    const found = await findButton(database.orm.em.fork(), 'btn-confirm');
    expect(found).toMatchObject({ command: 'habit delete btn-confirm', singleUse: true, usedAt: null });
    expect(found!.owner?.id).toBe(member.id);
    expect(await findButton(database.orm.em.fork(), 'btn-missing')).toBeNull();

    const presses = await Promise.all(
      Array.from({ length: 6 }, () => claimButton(database.orm.em.fork(), 'btn-confirm', NOW)),
    );
    expect(presses.filter(Boolean)).toHaveLength(1);
    expect((await findButton(database.orm.em.fork(), 'btn-confirm'))!.usedAt).toEqual(NOW);
  });
});

describe('coach turns', () => {
  const HOUR = 3_600_000;
  let talker: User;
  let other: User;
  const turn = (user: User, role: CoachRole, content: string, hoursAgo: number, tokens = 0) => {
    const at = new Date(NOW.getTime() - hoursAgo * HOUR);
    return { user, role, content, tokens, createdAt: at, updatedAt: at };
  };

  beforeAll(async () => {
    talker = await buildMember(services());
    other = await buildMember(services());
    const em = database.orm.em.fork();
    for (const data of [
      turn(talker, 'user', 'yesterday', 25, 0),
      turn(talker, 'model', 'old answer', 25, 900),
      turn(talker, 'user', 'how am I doing?', 2),
      turn(talker, 'tool', 'get_stats', 2, 40),
      turn(talker, 'model', 'well', 2, 100),
      // A question and its answer at the same instant (a pinned clock).
      turn(talker, 'model', 'logged it', 0.5, 60),
      turn(talker, 'user', 'ran 5k', 0.5),
      turn(other, 'user', 'hello', 0.5),
      turn(other, 'model', 'hi', 0.5, 500),
    ])
      em.create(CoachTurn, data);
    await em.flush();
  });

  it('counts only what the member said since an instant', async () => {
    const em = database.orm.em.fork();
    expect(await countMemberMessagesSince(em, talker, new Date(NOW.getTime() - HOUR))).toBe(1);
    expect(await countMemberMessagesSince(em, talker, new Date(NOW.getTime() - 3 * HOUR))).toBe(2);
  });

  it("sums the tokens of the member's turns since an instant, tool calls included", async () => {
    const em = database.orm.em.fork();
    expect(await tokensSpentSince(em, talker, new Date(NOW.getTime() - 24 * HOUR))).toBe(200);
    expect(await tokensSpentSince(em, talker, NOW)).toBe(0);
  });

  it('finds the last turns oldest first, an answer after its question, without tool calls', async () => {
    const turns = await recentConversationTurns(database.orm.em.fork(), talker, 3);
    expect(turns.map((t) => t.content)).toEqual(['well', 'ran 5k', 'logged it']);
  });

  it('leaves out the turn being answered', async () => {
    const em = database.orm.em.fork();
    const [asked] = await em.find(CoachTurn, { user: talker, content: 'ran 5k' });
    const turns = await recentConversationTurns(em, talker, 10, asked!.id);
    expect(turns.map((t) => t.content)).toEqual([
      'yesterday',
      'old answer',
      'how am I doing?',
      'well',
      'logged it',
    ]);
  });
});

describe('coach plans', () => {
  it('finds a plan only for its own member, until it is deleted', async () => {
    const stranger = await buildMember(services());
    const plan = await storePlan(database.orm.em.fork(), member, { summary: 'Run a 10k' });
    expect((await planOfMember(database.orm.em.fork(), member, plan.id))?.plan).toEqual({
      summary: 'Run a 10k',
    });
    expect(await planOfMember(database.orm.em.fork(), stranger, plan.id)).toBeNull();
    await deletePlan(database.orm.em.fork(), plan.id);
    expect(await planOfMember(database.orm.em.fork(), member, plan.id)).toBeNull();
  });
});

describe('goals', () => {
  it('finds the done logs since each goal began, of several goals in one query, oldest first', async () => {
    const pages = await buildHabit(services(), member, {
      startDate: '2026-11-01',
      target: { amount: 20, unit: 'pages', direction: 'at_least' },
    });
    const walk = await buildHabit(services(), member, { startDate: '2026-11-01', goalContribution: 2 });
    await buildLog(services(), pages, { date: '2026-11-09', amount: 30 });
    await buildLog(services(), pages, { date: '2026-11-12', amount: 25 });
    await buildLog(services(), walk, { date: '2026-11-11' });
    await buildLog(services(), walk, { date: '2026-11-13', status: 'skipped' });
    const read = await createGoal(services(), member, {
      title: 'Read a book',
      target: 300,
      startDate: '2026-11-10',
      habits: [pages.id],
    });
    const move = await createGoal(services(), member, {
      title: 'Move',
      target: 10,
      startDate: '2026-11-01',
      habits: [pages.id, walk.id],
    });

    const em = database.orm.em.fork();
    const queries = recordQueries(em);
    const logs = await doneLogsOfGoals(em, [read.id, move.id]);

    expect(queries).toHaveLength(1);
    // Oldest first; the order of one day's logs is not promised, so it is sorted here.
    const named = logs.map(
      (log) => [log.goalId === read.id ? 'read' : 'move', log.date, log.amount] as const,
    );
    expect(named.map(([, date]) => date)).toEqual([...named.map(([, date]) => date)].sort());
    expect([...named].sort((a, b) => a[1].localeCompare(b[1]) || a[0].localeCompare(b[0]))).toEqual([
      ['move', '2026-11-09', 30],
      ['move', '2026-11-11', null],
      ['move', '2026-11-12', 25],
      ['read', '2026-11-12', 25],
    ]);
    expect(logs.find((log) => log.amount === null)?.goalContribution).toBe(2);
    expect(logs[0]!.target).toEqual({ amount: 20, unit: 'pages', direction: 'at_least' });
    expect(await doneLogsOfGoals(em, [])).toEqual([]);
  });

  it("finds how the member spelled a top-level goal's title, whatever its case", async () => {
    await createGoal(services(), member, { title: 'Learn Italian', target: 100 });
    const em = database.orm.em.fork();
    expect(await topLevelGoalTitled(em, member.id, 'learn italian')).toBe('Learn Italian');
    expect(await topLevelGoalTitled(em, member.id, 'learn spanish')).toBeNull();
  });
});
