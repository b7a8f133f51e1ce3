/**
 * The nudges job, run with an injected clock: one nudge per inactive spell, by each member's own
 * day, never with nudges off or without an active habit, held through quiet hours.
 */
import type { DraftReply } from '../../../src/ports/chat.js';
import { updateHabit } from '../../../src/services/habits.js';
import type { User } from '../../../src/store/entities/index.js';
import { buildHabit, buildLog, buildMember } from '../../support/builders.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { jobTestHarness } from '../../support/jobs.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const at = (instant: string) => new Date(instant);
const deps = jobTestHarness(() => database, 'nudges', at('2026-11-20T12:00:00Z'));
const { run, sql } = deps;

interface Row {
  dedupe_key: string;
  kind: string;
  reply: DraftReply;
  next_attempt_at: string;
}
const nudgesOf = (member: User) =>
  sql<Row>(
    `select dedupe_key, kind, reply, next_attempt_at from outbox where user_id = ? order by created_at, dedupe_key`,
    [member.id],
  );

/** A member in `timezone` with a daily habit begun on 2026-11-01 and a done log on each of `days`. */
async function memberWho(logged: string[], options: { timezone?: string; name?: string } = {}) {
  const services = deps.services(() => at('2026-11-30T12:00:00Z'));
  const member = await buildMember(services, { timezone: options.timezone ?? 'UTC' });
  const habit = await buildHabit(services, member, { name: options.name ?? 'Read', startDate: '2026-11-01' });
  for (const date of logged)
    await buildLog(
      deps.services(() => at(`${date}T12:00:00Z`)),
      habit,
      { date },
    );
  return { member, habit };
}

afterEach(() => sql(`delete from outbox`));

it('nudges once per inactive spell, and again only after a new log and two more quiet days', async () => {
  const { member, habit } = await memberWho(['2026-11-17']);

  expect(await run('2026-11-19T23:00:00Z')).toMatchObject({ nudged: 0 }); // one quiet day so far
  expect(await run('2026-11-20T00:30:00Z')).toMatchObject({ nudged: 1 }); // 18th and 19th quiet
  const [nudge] = await nudgesOf(member);
  expect(nudge).toMatchObject({ kind: 'nudge', dedupe_key: `nudge:${member.id}:2026-11-18` });
  expect(nudge!.reply.text).toMatch(/It's been 2 days since your last log/);
  expect(nudge!.reply.actions).toEqual([
    { label: '✓ Read', style: 'primary', command: 'habit log Read today done' },
  ]);

  // The spell is marked nudged: later runs read nothing and send nothing.
  expect(await run('2026-11-20T01:30:00Z')).toEqual({ candidates: 0, nudged: 0 });
  expect(await run('2026-11-22T12:00:00Z')).toEqual({ candidates: 0, nudged: 0 });

  await buildLog(
    deps.services(() => at('2026-11-23T09:00:00Z')),
    habit,
    { date: '2026-11-23', status: 'skipped' },
  );
  expect(await run('2026-11-25T12:00:00Z')).toMatchObject({ nudged: 0 }); // only the 24th is quiet
  expect(await run('2026-11-26T12:00:00Z')).toMatchObject({ nudged: 1 });
  expect((await nudgesOf(member)).map((row) => row.dedupe_key)).toEqual([
    `nudge:${member.id}:2026-11-18`,
    `nudge:${member.id}:2026-11-24`,
  ]);
});

it("reads each member's own day: New York is still on the 19th at 03:00 UTC", async () => {
  const { member } = await memberWho(['2026-11-17'], { timezone: 'America/New_York' });
  expect(await run('2026-11-20T03:00:00Z')).toMatchObject({ nudged: 0 });
  expect(await nudgesOf(member)).toEqual([]);
  expect(await run('2026-11-20T06:00:00Z')).toMatchObject({ nudged: 1 });
  expect((await nudgesOf(member))[0]!.dedupe_key).toBe(`nudge:${member.id}:2026-11-18`);
});

it('leaves alone a member with nudges off and one with no active habit', async () => {
  const { member: off } = await memberWho(['2026-11-10']);
  await sql(`update users set nudges = false where id = ?`, [off.id]);
  const { member: archived, habit } = await memberWho(['2026-11-10']);
  await updateHabit(deps.services(), archived, habit.id, { status: 'archived' });

  await run('2026-11-20T12:00:00Z');
  expect(await nudgesOf(off)).toEqual([]);
  expect(await nudgesOf(archived)).toEqual([]);
});

it('counts a member who never logged from the day they joined', async () => {
  const { member } = await memberWho([]);
  await sql(`update users set created_at = '2026-11-19T08:00:00Z' where id = ?`, [member.id]);
  expect(await run('2026-11-20T12:00:00Z')).toMatchObject({ nudged: 0 });
  expect(await run('2026-11-21T12:00:00Z')).toMatchObject({ nudged: 1 });
  const [nudge] = await nudgesOf(member);
  expect(nudge!.dedupe_key).toBe(`nudge:${member.id}:2026-11-19`);
  expect(nudge!.reply.text).toMatch(/first log/);
  expect(await run('2026-11-25T12:00:00Z')).toMatchObject({ nudged: 0 });
});

it('holds a nudge enqueued during quiet hours until they end', async () => {
  const { member } = await memberWho(['2026-11-17'], { timezone: 'Europe/Paris' });
  await sql(`update users set quiet_start_minute = 1320, quiet_end_minute = 420 where id = ?`, [member.id]);
  await run('2026-11-20T22:30:00Z'); // 23:30 in Paris
  const [nudge] = await nudgesOf(member);
  expect(new Date(nudge!.next_attempt_at)).toEqual(at('2026-11-21T06:00:00Z')); // 07:00 in Paris
});
