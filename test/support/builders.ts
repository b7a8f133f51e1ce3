/**
 * Database builders for tests, beside the domain builders (test/unit/domain/builders.ts): each
 * makes a real row through the services, with defaults a test overrides only where it matters
 * (Outline's server/test/factories.ts).
 */
import type { LocalDate } from '../../src/domain/types.js';
import { createUser } from '../../src/services/accounts.js';
import { todayFor, type ServiceContext } from '../../src/services/context.js';
import { createHabit } from '../../src/services/habits.js';
import type { HabitCreateInput, LogInput, UserCreateInput } from '../../src/services/inputs.js';
import { upsertLog } from '../../src/services/logs.js';
import { User, type Habit, type HabitLog } from '../../src/store/entities/index.js';

let sequence = 0;
/** A number unique within the test file, for names that must not clash. */
const next = () => ++sequence;

/** A member in UTC, named "Member N" unless overridden. */
export async function buildMember(
  services: ServiceContext,
  overrides: Partial<UserCreateInput> = {},
): Promise<User> {
  return createUser(services, { name: `Member ${next()}`, timezone: 'UTC', ...overrides });
}

/** A daily boolean habit of `member`, starting today and named "Habit N", unless overridden. */
export async function buildHabit(
  services: ServiceContext,
  member: User,
  overrides: Partial<HabitCreateInput> = {},
): Promise<Habit> {
  return createHabit(services, member, {
    name: `Habit ${next()}`,
    schedule: { kind: 'daily' },
    ...overrides,
  });
}

/** A log of `habit`: done today (in its owner's zone) from the API, unless overridden. */
export async function buildLog(
  services: ServiceContext,
  habit: Habit,
  overrides: Partial<LogInput> & { date?: LocalDate; source?: string } = {},
): Promise<HabitLog> {
  const { date, source = 'api', ...input } = overrides;
  // The habit may carry only a reference to its owner: load the member for their time zone.
  const owner = await services.em.findOneOrFail(User, { id: habit.owner.id });
  return upsertLog(
    services,
    owner,
    habit.id,
    date ?? todayFor(services, owner),
    { status: 'done', ...input },
    source,
  );
}
