/**
 * Database builders for tests, beside the domain builders (test/unit/domain/builders.ts): each
 * makes a real row through the services, with defaults a test overrides only where it matters
 * (Outline's server/test/factories.ts).
 */
import { prepareReply } from '../../src/commands/outbound.js';
import type { LocalDate } from '../../src/domain/types.js';
import { reviewFacts, reviewText, templateSummary } from '../../src/language/groups.js';
import type { Reply } from '../../src/ports/chat.js';
import { createUser } from '../../src/services/accounts.js';
import { todayFor, type ServiceContext } from '../../src/services/context.js';
import { groupOfChannel, groupReport, type ChannelRef } from '../../src/services/groups.js';
import { createHabit } from '../../src/services/habits.js';
import type { HabitCreateInput, LogInput, UserCreateInput } from '../../src/services/inputs.js';
import { upsertLog, type WrittenDayLog } from '../../src/services/logs.js';
import { User, type Habit } from '../../src/store/entities/index.js';

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
): Promise<WrittenDayLog> {
  const { date, source = 'api', ...input } = overrides;
  // The habit may carry only a reference to its owner: load the member for their time zone.
  const owner = await services.em.findOneOrFail(User, { id: habit.owner.id });
  const { log } = await upsertLog(
    services,
    owner,
    habit.id,
    date ?? todayFor(services, owner),
    { status: 'done', ...input },
    source,
  );
  return log;
}

/**
 * A weekly review post of the group in `channel`, as the review job sends it: the group's numbers
 * in words, a summary padded to about `summaryLength` characters (an AI summary is that long), the
 * chart `png` and a "My week" button that belongs to nobody, so anyone in the channel may press it.
 */
export async function buildReviewPost(
  services: ServiceContext,
  channel: ChannelRef,
  { png, summaryLength = 0 }: { png: Buffer; summaryLength?: number },
): Promise<Reply> {
  const group = await groupOfChannel(services, channel);
  if (!group) throw new Error(`${channel.channelId} is not a group`);
  const facts = reviewFacts(await groupReport(services, group));
  let summary = templateSummary(facts);
  while (summary.length < summaryLength) summary += ' Small steps, taken together, add up to a big week.';
  return prepareReply(services, null, {
    text: reviewText(facts, summary),
    image: { png, alt: `Week of ${facts.weekStart}` },
    actions: [{ label: 'My week', command: 'group me' }],
  });
}
