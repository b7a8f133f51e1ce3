/** The habit service as a chat turn uses it: one context for several steps, some of them refused. */
import { InProcessEventBus } from '../../../src/events/in-process.js';
import { createUser } from '../../../src/services/accounts.js';
import type { ServiceContext } from '../../../src/services/context.js';
import { createGoal, updateGoal } from '../../../src/services/goals.js';
import { createHabit, listHabits, updateHabit } from '../../../src/services/habits.js';
import type { User } from '../../../src/store/entities/index.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

let database: TestDatabase;
let user: User;
const services = (): ServiceContext => ({
  em: database.orm.em.fork(),
  events: new InProcessEventBus(),
  now: () => new Date('2026-11-20T12:00:00Z'),
});

beforeAll(async () => {
  database = await createTestDatabase();
  user = await createUser(services(), { name: 'Ada' });
});
afterAll(() => database.drop());

describe('a refused name leaves the context usable', () => {
  it('creates the next habit after a clash in the same context', async () => {
    const ctx = services();
    await createHabit(ctx, user, { name: 'Run', schedule: { kind: 'daily' } });
    await expect(createHabit(ctx, user, { name: 'RUN', schedule: { kind: 'daily' } })).rejects.toMatchObject({
      status: 409,
      id: 'habit_exists',
    });
    await createHabit(ctx, user, { name: 'Swim', schedule: { kind: 'daily' } });
    expect((await listHabits(services(), user)).map((habit) => habit.name)).toEqual(['Run', 'Swim']);
  });

  it('edits again after a refused rename in the same context, without the refused name', async () => {
    const ctx = services();
    const swim = (await listHabits(ctx, user)).find((habit) => habit.name === 'Swim')!;
    await expect(updateHabit(ctx, user, swim.id, { name: 'run' })).rejects.toMatchObject({ status: 409 });
    expect(swim.name).toBe('Swim');
    await updateHabit(ctx, user, swim.id, { difficulty: 'hard' });
    const stored = (await listHabits(services(), user)).find((habit) => habit.id === swim.id)!;
    expect(stored).toMatchObject({ name: 'Swim', difficulty: 'hard' });
  });

  it('does the same for goals', async () => {
    const ctx = services();
    await createGoal(ctx, user, { title: 'Books', target: 12 });
    await expect(createGoal(ctx, user, { title: 'books', target: 1 })).rejects.toMatchObject({
      id: 'goal_exists',
    });
    const films = await createGoal(ctx, user, { title: 'Films', target: 3 });
    await expect(updateGoal(ctx, user, films.id, { title: 'BOOKS' })).rejects.toMatchObject({
      id: 'goal_exists',
    });
    expect(films.title).toBe('Films');
    expect((await updateGoal(ctx, user, films.id, { target: 4 })).title).toBe('Films');
  });
});
