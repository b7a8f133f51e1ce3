/** Linking two accounts merges two members, whose habit names and goal titles may clash. */
import { InProcessEventBus } from '../../../src/events/in-process.js';
import { createUser } from '../../../src/services/accounts.js';
import type { ServiceContext } from '../../../src/services/context.js';
import { createGoal, listGoals } from '../../../src/services/goals.js';
import { createHabit, listHabits } from '../../../src/services/habits.js';
import { createLinkCode, redeemLinkCode } from '../../../src/services/identities.js';
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
