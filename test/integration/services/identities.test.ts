/** Linking two accounts merges two members, whose habit names and goal titles may clash. */
import { InProcessEventBus } from '../../../src/events/in-process.js';
import { createUser } from '../../../src/services/accounts.js';
import type { ServiceContext } from '../../../src/services/context.js';
import { createGoal, listGoals } from '../../../src/services/goals.js';
import { createHabit, listHabits } from '../../../src/services/habits.js';
import {
  apiAccount,
  attachConsoleName,
  createLinkCode,
  redeemLinkCode,
  resolveMember,
} from '../../../src/services/identities.js';
import { Identity, User } from '../../../src/store/entities/index.js';
import { buildMember } from '../../support/builders.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

let database: TestDatabase;
const services = (): ServiceContext => ({
  em: database.orm.em.fork(),
  events: new InProcessEventBus(),
  now: () => new Date('2026-11-20T12:00:00Z'),
});

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

describe('redeemLinkCode', () => {
  it('merges members whose goals share a title, suffixing the newcomer', async () => {
    const ada = await createUser(services(), { name: 'Ada' });
    const other = await createUser(services(), { name: 'Ada on Telegram' });
    await createGoal(services(), ada, { title: 'Books', target: 12 });
    await createGoal(services(), other, { title: 'books', target: 5 });
    await createHabit(services(), ada, { name: 'Read', schedule: { kind: 'daily' } });
    await createHabit(services(), other, { name: 'Read', schedule: { kind: 'daily' } });
    const code = await createLinkCode(services(), ada);

    const merged = await redeemLinkCode(services(), other, code);

    expect(merged.id).toBe(ada.id);
    const goals = await listGoals(services(), ada);
    expect(goals.map((goal) => goal.title).sort()).toEqual(['Books', 'books (2)']);
    const habits = await listHabits(services(), ada);
    expect(habits.map((habit) => habit.name).sort()).toEqual(['Read', 'Read (2)']);
  });
});

describe('resolveMember for the API chat', () => {
  it("is the token's own member, with an api identity made once on first use", async () => {
    const grace = await buildMember(services(), { name: 'Grace' });
    const members = await services().em.count(User, {});

    const first = await resolveMember(services(), apiAccount(grace));
    const again = await resolveMember(services(), apiAccount(grace));

    expect(first).toEqual({ user: expect.objectContaining({ id: grace.id }), created: false });
    expect(again.user.id).toBe(grace.id);
    expect(await services().em.count(User, {})).toBe(members);
    const identities = await services().em.find(Identity, { user: grace.id });
    expect(identities.map((i) => [i.platform, i.platformUserId])).toEqual([['api', grace.id]]);
  });

  it('still lets `stride chat --user NAME` attach to a member who has only chatted over the API', async () => {
    const linus = await buildMember(services(), { name: 'Linus' });
    await resolveMember(services(), apiAccount(linus));

    const attached = await attachConsoleName(services(), 'linus');

    expect(attached?.id).toBe(linus.id);
  });
});
