/**
 * The risk job, run with an injected clock: one alert and one habit_at_risk per episode, a done
 * ends it, skips are passed over, per-week habits count weeks, several habits share one alert;
 * each active mentor gets one alert per habit and episode.
 */
import type { LocalDate } from '../../../src/domain/types.js';
import type { StrideEvent } from '../../../src/events/types.js';
import type { DraftReply } from '../../../src/ports/chat.js';
import type { HabitCreateInput, LogInput } from '../../../src/services/inputs.js';
import {
  Mentorship,
  type Habit,
  type MentorshipStatus,
  type User,
} from '../../../src/store/entities/index.js';
import { buildHabit, buildLog, buildMember } from '../../support/builders.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { jobTestHarness } from '../../support/jobs.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const at = (instant: string) => new Date(instant);
const deps = jobTestHarness(() => database, 'risk', at('2026-11-30T12:00:00Z'));
const { run, sql } = deps;
const published: StrideEvent[] = [];
deps.events.subscribe('habit_at_risk', (event) => void published.push(event));

const alertsOf = (member: User) =>
  sql<{ dedupe_key: string; reply: DraftReply; next_attempt_at: string }>(
    `select dedupe_key, reply, next_attempt_at from outbox where user_id = ? and kind = 'risk' order by created_at`,
    [member.id],
  );
const atRiskSince = async (habit: Habit) =>
  (
    await sql<{ since: string | null }>(`select at_risk_since::text as since from habits where id = ?`, [
      habit.id,
    ])
  )[0]!.since;

async function memberWith(habit: Partial<HabitCreateInput> = {}): Promise<{ member: User; habit: Habit }> {
  const member = await buildMember(deps.services());
  return { member, habit: await logged(member, habit, {}) };
}

/** A habit of `member` begun on 2026-11-01 (Sunday), with the logs given by date. */
async function logged(
  member: User,
  habit: Partial<HabitCreateInput>,
  logs: Record<LocalDate, LogInput['status']>,
): Promise<Habit> {
  const built = await buildHabit(deps.services(), member, { startDate: '2026-11-01', ...habit });
  await log(built, logs);
  return built;
}

async function log(habit: Habit, logs: Record<LocalDate, LogInput['status']>): Promise<void> {
  for (const [date, status] of Object.entries(logs))
    await buildLog(
      deps.services(() => at(`${date}T12:00:00Z`)),
      habit,
      { date, status },
    );
}

beforeEach(() => {
  published.length = 0;
});

it('alerts once when a daily habit misses two days; a done ends it; a later miss opens a new episode', async () => {
  const { member, habit } = await memberWith({ name: 'Read' });
  await log(habit, { '2026-11-17': 'done' });

  expect(await run('2026-11-19T12:00:00Z')).toMatchObject({ atRisk: 0 }); // only the 18th missed
  expect(await run('2026-11-20T12:00:00Z')).toMatchObject({ atRisk: 1, alerts: 1 });
  expect(await atRiskSince(habit)).toBe('2026-11-18');
  const [alert] = await alertsOf(member);
  expect(alert!.dedupe_key).toBe(`risk:${habit.id}:2026-11-18`);
  expect(alert!.reply.text).toMatch(/\*\*Read\*\* missed its last two days/);
  expect(alert!.reply.actions).toEqual([
    { label: '✓ Read', style: 'primary', command: 'habit log Read today done' },
  ]);
  expect(published).toEqual([{ type: 'habit_at_risk', userId: member.id, habitId: habit.id }]);

  // The same instant again, and later runs: the episode is announced once.
  expect(await run('2026-11-20T12:00:00Z')).toMatchObject({ atRisk: 0, alerts: 0 });
  expect(await run('2026-11-21T12:00:00Z')).toMatchObject({ atRisk: 0, alerts: 0 });
  expect(published).toHaveLength(1);

  await log(habit, { '2026-11-22': 'done' });
  expect(await atRiskSince(habit)).toBeNull();
  expect(await run('2026-11-24T12:00:00Z')).toMatchObject({ atRisk: 0 }); // the 23rd only
  expect(await run('2026-11-25T12:00:00Z')).toMatchObject({ atRisk: 1 });
  expect((await alertsOf(member)).map((row) => row.dedupe_key)).toEqual([
    `risk:${habit.id}:2026-11-18`,
    `risk:${habit.id}:2026-11-23`,
  ]);
  expect(published).toHaveLength(2);
});

it('passes over skipped days: they neither put a habit at risk nor lift it out', async () => {
  const member = await buildMember(deps.services());
  const rested = await logged(
    member,
    { name: 'Rested' },
    {
      '2026-11-15': 'done',
      '2026-11-17': 'skipped',
      '2026-11-18': 'skipped',
      '2026-11-19': 'skipped',
    },
  );
  const slipped = await logged(
    member,
    { name: 'Slipped' },
    {
      '2026-11-14': 'done',
      '2026-11-17': 'skipped',
      '2026-11-18': 'skipped',
      '2026-11-19': 'skipped',
    },
  );
  await run('2026-11-20T12:00:00Z');
  expect(await atRiskSince(rested)).toBeNull(); // only the 16th missed since the done
  expect(await atRiskSince(slipped)).toBe('2026-11-15');
});

it('judges a per-week habit by whole weeks, once per week', async () => {
  const member = await buildMember(deps.services());
  const schedule = { kind: 'per_period' as const, times: 2, period: 'week' as const };
  // Weeks begin on Monday: Nov 2, 9 and 16; the week of the 16th is the current one on the 20th.
  const steady = await logged(
    member,
    { name: 'Swim', schedule, startDate: '2026-11-02' },
    {
      '2026-11-03': 'done',
      '2026-11-10': 'done',
      '2026-11-12': 'done',
    },
  );
  const short = await logged(
    member,
    { name: 'Climb', schedule, startDate: '2026-11-02' },
    {
      '2026-11-03': 'done',
      '2026-11-10': 'done',
      '2026-11-19': 'done',
    },
  );
  const first = await run('2026-11-20T12:00:00Z');
  expect(await atRiskSince(steady)).toBeNull();
  expect(await atRiskSince(short)).toBe('2026-11-02');
  expect((await alertsOf(member))[0]!.reply.text).toMatch(/\*\*Climb\*\* fell short two weeks in a row/);
  expect(first.judged).toBeGreaterThanOrEqual(2);
  // Judged this week already: the next hourly run does not read them again.
  const again = await run('2026-11-20T13:00:00Z');
  expect(again).toMatchObject({ atRisk: 0 });
  expect(Number(again.judged)).toBeLessThan(Number(first.judged));
});

it('announces several habits turning at risk together in one alert, held through quiet hours', async () => {
  const member = await buildMember(deps.services(), { timezone: 'Europe/Paris' });
  await sql(`update users set quiet_start_minute = 720, quiet_end_minute = 840 where id = ?`, [member.id]);
  const run1 = await logged(member, { name: 'Run' }, { '2026-11-16': 'done' });
  const stretch = await logged(member, { name: 'Stretch' }, { '2026-11-17': 'done' });
  await run('2026-11-20T11:30:00Z'); // 12:30 in Paris, inside 12:00-14:00
  const alerts = await alertsOf(member);
  expect(alerts).toHaveLength(1);
  // Both episodes began on the 18th: the key names the one with the smaller habit id.
  expect(alerts[0]!.dedupe_key).toBe(`risk:${[run1.id, stretch.id].sort()[0]}:2026-11-18`);
  expect(alerts[0]!.reply.text).toMatch(/\*\*Run\*\* and \*\*Stretch\*\* have slipped twice in a row/);
  expect(alerts[0]!.reply.actions?.map((action) => action.command)).toEqual([
    'habit log Run today done',
    'habit log Stretch today done',
  ]);
  expect(new Date(alerts[0]!.next_attempt_at)).toEqual(at('2026-11-20T13:00:00Z'));
  expect(await atRiskSince(stretch)).toBe('2026-11-18');
});

const mentorAlertsOf = (mentor: User) =>
  sql<{ dedupe_key: string; reply: DraftReply; next_attempt_at: string }>(
    `select dedupe_key, reply, next_attempt_at from outbox where user_id = ? and kind = 'risk_mentor' order by dedupe_key`,
    [mentor.id],
  );

async function mentorOf(
  mentee: User,
  overrides: { name: string; timezone?: string },
  status: MentorshipStatus = 'active',
): Promise<User> {
  const mentor = await buildMember(deps.services(), overrides);
  const em = deps.services().em;
  em.create(Mentorship, { mentor, mentee, status });
  await em.flush();
  return mentor;
}

it('alerts each active mentor once per habit of the episode, in their quiet hours too, with a Nudge button', async () => {
  const ada = await buildMember(deps.services(), { name: 'Ada Byron' });
  const sam = await mentorOf(ada, { name: 'Sam' });
  const pia = await mentorOf(ada, { name: 'Pia', timezone: 'Europe/Paris' });
  await sql(`update users set quiet_start_minute = 720, quiet_end_minute = 840 where id = ?`, [pia.id]);
  const pending = await mentorOf(ada, { name: 'Pending' }, 'pending');
  const run1 = await logged(ada, { name: 'Run' }, { '2026-11-16': 'done' });
  const swim = await logged(
    ada,
    { name: 'Swim', schedule: { kind: 'per_period', times: 2, period: 'week' }, startDate: '2026-11-02' },
    { '2026-11-03': 'done', '2026-11-10': 'done' },
  );

  expect(await run('2026-11-20T11:30:00Z')).toMatchObject({ atRisk: 2, alerts: 1, mentorAlerts: 4 });
  const toSam = await mentorAlertsOf(sam);
  expect(toSam.map((row) => row.dedupe_key).sort()).toEqual(
    [`risk-mentor:${sam.id}:${run1.id}:2026-11-18`, `risk-mentor:${sam.id}:${swim.id}:2026-11-02`].sort(),
  );
  const texts = toSam.map((row) => row.reply.text).sort();
  expect(texts).toEqual([
    "⚠️ Ada Byron's Run is at risk: the last two due days were missed.",
    "⚠️ Ada Byron's Swim is at risk: the last two weeks fell short.",
  ]);
  expect(toSam[0]!.reply.actions).toEqual([
    { label: 'Nudge Ada Byron', style: 'primary', command: 'mentee nudge "Ada Byron"' },
  ]);
  // Sam has no quiet hours; Pia's (12:00-14:00 in Paris) hold hers until 13:00 UTC.
  expect(new Date(toSam[0]!.next_attempt_at)).toEqual(at('2026-11-20T11:30:00Z'));
  const toPia = await mentorAlertsOf(pia);
  expect(toPia).toHaveLength(2);
  for (const row of toPia) expect(new Date(row.next_attempt_at)).toEqual(at('2026-11-20T13:00:00Z'));
  expect(await mentorAlertsOf(pending)).toEqual([]);
  expect(await mentorAlertsOf(ada)).toEqual([]);
  expect(await alertsOf(ada)).toHaveLength(1);

  // The episode is announced once, to mentors too.
  expect(await run('2026-11-20T12:30:00Z')).toMatchObject({ mentorAlerts: 0 });
  expect(await mentorAlertsOf(sam)).toHaveLength(2);
});

it('sends mentors nothing for a member without a mentor, nor after the mentorship ended', async () => {
  const bo = await buildMember(deps.services(), { name: 'Bo' });
  const former = await mentorOf(bo, { name: 'Former' });
  await sql(`delete from mentorships where mentor_id = ?`, [former.id]);
  await logged(bo, { name: 'Walk' }, { '2026-11-16': 'done' });
  expect(await run('2026-11-20T12:00:00Z')).toMatchObject({ alerts: 1, mentorAlerts: 0 });
  expect(await mentorAlertsOf(former)).toEqual([]);
});
