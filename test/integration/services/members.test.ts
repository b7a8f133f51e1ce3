/** Members' settings: a time zone is stored by its canonical IANA name, however it was typed. */
import { InProcessEventBus } from '../../../src/events/in-process.js';
import { createUser } from '../../../src/services/accounts.js';
import type { ServiceContext } from '../../../src/services/context.js';
import { setTimezone } from '../../../src/services/members.js';
import { User } from '../../../src/store/entities/index.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

let database: TestDatabase;
const services = (): ServiceContext => ({
  em: database.orm.em.fork(),
  events: new InProcessEventBus(),
  now: () => new Date(),
});

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const stored = async (id: string) => (await services().em.findOneOrFail(User, id)).timezone;

describe('time zones', () => {
  it.each([
    ['america/new_york', 'America/New_York'],
    ['EUROPE/PARIS', 'Europe/Paris'],
    ['utc', 'UTC'],
  ])('stores %s as %s when set', async (typed, canonical) => {
    const user = await createUser(services(), { name: 'Ada' });
    const ctx = services();
    await setTimezone(ctx, await ctx.em.findOneOrFail(User, user.id), typed);
    expect(await stored(user.id)).toBe(canonical);
  });

  it('stores the canonical name when a member is created', async () => {
    const user = await createUser(services(), { name: 'Bob', timezone: 'asia/tokyo' });
    expect(await stored(user.id)).toBe('Asia/Tokyo');
  });

  it('refuses an unknown zone and a bare offset', async () => {
    const user = await createUser(services(), { name: 'Cy' });
    for (const zone of ['Mars/Olympus', '+02:00']) {
      await expect(setTimezone(services(), user, zone)).rejects.toMatchObject({ status: 400 });
    }
    expect(await stored(user.id)).toBe('UTC');
  });
});
