/**
 * The early-warning job, run with an injected clock: each mentor hears once, the evening before
 * (in the mentee's zone), about a habit due tomorrow with a forecast above 60%, with a Nudge
 * button; nothing without an active mentorship or under the threshold; quiet hours hold it.
 */
import type { LocalDate } from '../../../src/domain/types.js';
import type { DraftReply } from '../../../src/ports/chat.js';
import type { HabitCreateInput, LogInput } from '../../../src/services/inputs.js';
import { Mentorship, type Habit, type User } from '../../../src/store/entities/index.js';
import { buildHabit, buildLog, buildMember } from '../../support/builders.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { jobTestHarness } from '../../support/jobs.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const at = (instant: string) => new Date(instant);
const deps = jobTestHarness(() => database, 'early-warning', at('2026-11-25T18:30:00Z'));
const { run, sql } = deps;

interface Row {
  user_id: string;
  dedupe_key: string;
  reply: DraftReply;
  next_attempt_at: string;
}
const warnings = () =>
  sql<Row>(
    `select user_id, dedupe_key, reply, next_attempt_at from outbox where kind = 'early_warning' order by dedupe_key`,
  );
const warningsTo = async (mentor: User) => (await warnings()).filter((row) => row.user_id === mentor.id);

beforeEach(async () => {
  await sql(`delete from outbox`);
  await sql(`delete from mentorships`);
});

async function link(mentor: User, mentee: User, status: 'active' | 'pending' = 'active'): Promise<void> {
  const em = deps.services().em;
  em.create(Mentorship, { mentor, mentee, status });
  await em.flush();
}

async function log(habit: Habit, logs: Record<LocalDate, LogInput['status']>): Promise<void> {
  for (const [date, status] of Object.entries(logs))
    await buildLog(
      deps.services(() => at(`${date}T12:00:00Z`)),
      habit,
      { date, status },
    );
}

/**
 * A Thursday habit begun on Thursday 2026-10-29: done then, missed the next three Thursdays. On
 * Wednesday 2026-11-25 the forecast for Thursday the 26th is
 * (3 + 2 * 4/6) / 6 + 0.15 (adherence 0% in two weeks against 25%, capped) = 87%.
 */
async function slipping(member: User, overrides: Partial<HabitCreateInput> = {}): Promise<Habit> {
  const habit = await buildHabit(
    deps.services(() => at('2026-10-29T12:00:00Z')),
    member,
    {
      name: 'Run',
      schedule: { kind: 'weekdays', days: ['thu'] },
      startDate: '2026-10-29',
      ...overrides,
    },
  );
  await log(habit, { '2026-10-29': 'done', '2026-11-05': 'missed', '2026-11-12': 'missed' });
  return habit;
}

/** The same Thursday habit, done every Thursday: a low forecast. */
async function steady(member: User): Promise<Habit> {
  const habit = await buildHabit(
    deps.services(() => at('2026-10-29T12:00:00Z')),
    member,
    {
      name: 'Read',
      schedule: { kind: 'weekdays', days: ['thu'] },
      startDate: '2026-10-29',
    },
  );
  await log(habit, {
    '2026-10-29': 'done',
    '2026-11-05': 'done',
    '2026-11-12': 'done',
    '2026-11-19': 'done',
  });
  return habit;
}

it('tells each mentor once per habit and date, with the reason and a Nudge button', async () => {
  const ada = await buildMember(deps.services(), { name: 'Ada' });
  const sam = await buildMember(deps.services(), { name: 'Sam' });
  const kim = await buildMember(deps.services(), { name: 'Kim' });
  const run1 = await slipping(ada);
  await steady(ada);
  await link(sam, ada);
  await link(kim, ada);

  expect(await run('2026-11-25T18:30:00Z')).toMatchObject({ mentorships: 2, judged: 2, warnings: 2 });
  const toSam = await warningsTo(sam);
  expect(toSam).toHaveLength(1);
  expect(toSam[0]!.dedupe_key).toBe(`early-warning:${sam.id}:${run1.id}:2026-11-26`);
  expect(toSam[0]!.reply.text).toMatch(
    /^🔮 Ada is likely to miss Run tomorrow: missed 3 of the last 4 Thursdays, and slipping \(0% done in the last 2 weeks against 25% over 8\)\.\nChance of a miss: 87%\./,
  );
  expect(toSam[0]!.reply.actions).toEqual([
    { label: 'Nudge Ada', style: 'primary', command: 'mentee nudge Ada' },
  ]);
  expect((await warningsTo(kim)).map((row) => row.dedupe_key)).toEqual([
    `early-warning:${kim.id}:${run1.id}:2026-11-26`,
  ]);
  // Nothing goes to Ada herself.
  expect(await warningsTo(ada)).toEqual([]);

  // Later runs of the evening, and a replay, find the warnings sent and load nothing more.
  expect(await run('2026-11-25T19:30:00Z')).toMatchObject({ judged: 1, warnings: 0 });
  expect(await run('2026-11-25T18:30:00Z')).toMatchObject({ warnings: 0 });
  expect(await warnings()).toHaveLength(2);
});

it('says nothing without an active mentorship, or under 60%', async () => {
  const bo = await buildMember(deps.services(), { name: 'Bo' });
  const cy = await buildMember(deps.services(), { name: 'Cy' });
  const sam = await buildMember(deps.services(), { name: 'Sam 2' });
  await slipping(bo);
  await link(sam, bo, 'pending');
  await steady(cy);
  await link(sam, cy);

  expect(await run('2026-11-25T18:30:00Z')).toMatchObject({ mentorships: 1, warnings: 0 });
  expect(await warnings()).toEqual([]);
});

it('warns in the evening of the mentee’s own zone, for the mentee’s tomorrow only', async () => {
  const nyc = await buildMember(deps.services(), { name: 'Noa', timezone: 'America/New_York' });
  const tokyo = await buildMember(deps.services(), { name: 'Tae', timezone: 'Asia/Tokyo' });
  const mentor = await buildMember(deps.services(), { name: 'Max' });
  const nycRun = await slipping(nyc);
  const tokyoRun = await slipping(tokyo);
  await link(mentor, nyc);
  await link(mentor, tokyo);

  // 17:59 in Tokyo, 03:59 in New York: nobody's evening yet.
  expect(await run('2026-11-25T08:59:00Z')).toMatchObject({ warnings: 0 });
  // 18:00 in Tokyo on Wednesday the 25th.
  expect(await run('2026-11-25T09:00:00Z')).toMatchObject({ warnings: 1 });
  // 13:30 in New York, 03:30 on Thursday in Tokyo (tomorrow is Friday, not due): none.
  expect(await run('2026-11-25T18:30:00Z')).toMatchObject({ warnings: 0 });
  // 18:30 in New York.
  expect(await run('2026-11-25T23:30:00Z')).toMatchObject({ warnings: 1 });
  // 00:30 on Thursday in New York: the evening is over.
  expect(await run('2026-11-26T05:30:00Z')).toMatchObject({ warnings: 0 });
  expect((await warningsTo(mentor)).map((row) => row.dedupe_key).sort()).toEqual(
    [
      `early-warning:${mentor.id}:${nycRun.id}:2026-11-26`,
      `early-warning:${mentor.id}:${tokyoRun.id}:2026-11-26`,
    ].sort(),
  );
});

it('holds the warning through the mentor’s quiet hours, and quotes a name with a space', async () => {
  const ada = await buildMember(deps.services(), { name: 'Ada Lovelace' });
  const mentor = await buildMember(deps.services(), { name: 'Pia', timezone: 'Europe/Paris' });
  // Quiet 19:00-07:00 in Paris; 18:30 UTC is 19:30 there.
  await sql(`update users set quiet_start_minute = 1140, quiet_end_minute = 420 where id = ?`, [mentor.id]);
  await slipping(ada);
  await link(mentor, ada);

  expect(await run('2026-11-25T18:30:00Z')).toMatchObject({ warnings: 1 });
  const [warning] = await warningsTo(mentor);
  expect(new Date(warning!.next_attempt_at)).toEqual(at('2026-11-26T06:00:00Z'));
  expect(warning!.reply.text).toMatch(/^🔮 Ada Lovelace is likely to miss Run tomorrow/);
  expect(warning!.reply.actions?.[0]?.command).toBe('mentee nudge "Ada Lovelace"');
});
