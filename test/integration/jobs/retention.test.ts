/** The retention job prunes what grows with every message, past its age, and keeps the rest. */
import { InProcessEventBus } from '../../../src/events/in-process.js';
import { runJob, strideJobs } from '../../../src/jobs/index.js';
import { createLogger } from '../../../src/logger.js';
import { Outbox } from '../../../src/services/outbox.js';
import { buildMember } from '../../support/builders.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const NOW = new Date('2026-11-28T03:00:00Z');
const DAY = 24 * 60 * 60 * 1000;
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY);

const events = new InProcessEventBus();
const deps = {
  services: (now: () => Date = () => NOW) => ({ em: database.orm.em.fork(), events, now }),
  outbox: new Outbox(),
  logger: createLogger('silent'),
};

async function sql<T>(query: string, params: unknown[] = []): Promise<T[]> {
  return database.orm.em.fork().getConnection().execute(query, params);
}

async function count(table: string): Promise<number> {
  return (await sql<{ n: number }>(`select count(*)::int as n from ${table}`))[0]!.n;
}

it('prunes old deliveries, dead buttons, expired codes, old sent messages and runs; keeps what is recent or dead', async () => {
  const member = await buildMember(deps.services());
  const old = daysAgo(31);
  const recent = daysAgo(2);
  for (const [i, at] of [old, recent].entries())
    await sql(
      `insert into handled_events (id, platform, workspace, sender, event_id, reply, created_at, updated_at)
       values (gen_random_uuid(), 'slack', 'T1', 'U1', ?, '{"text":"hi"}', ?, ?)`,
      [`event-${i}`, at, at],
    );
  const button = (id: string, expiresAt: Date, usedAt: Date | null) =>
    sql(
      `insert into chat_actions (id, owner_id, command, expires_at, single_use, used_at, created_at, updated_at)
       values (?, ?, 'today', ?, ?, ?, ?, ?)`,
      [id, member.id, expiresAt, usedAt !== null, usedAt, recent, recent],
    );
  await button('expired', daysAgo(1), null);
  await button('used-long-ago', daysAgo(-20), old);
  await button('used-lately', daysAgo(-20), recent);
  await button('live', daysAgo(-20), null);
  await sql(
    `insert into link_codes (code_hash, user_id, expires_at, created_at, updated_at) values ('a', ?, ?, ?, ?), ('b', ?, ?, ?, ?)`,
    [member.id, daysAgo(1), old, old, member.id, daysAgo(-1), recent, recent],
  );
  const message = (key: string, status: string, at: Date) =>
    sql(
      `insert into outbox (id, user_id, kind, dedupe_key, reply, status, attempts, next_attempt_at, sent_at, created_at, updated_at)
       values (gen_random_uuid(), ?, 'reminder', ?, '{"text":"x"}', ?, 1, ?, ?, ?, ?)`,
      [member.id, key, status, at, status === 'sent' ? at : null, at, at],
    );
  await message('sent-old', 'sent', old);
  await message('sent-recent', 'sent', recent);
  await message('dead-old', 'dead', old);
  await sql(
    `insert into job_runs (id, job, as_of, started_at, finished_at, created_at, updated_at)
     values (gen_random_uuid(), 'reminders', ?, ?, ?, ?, ?)`,
    [old, old, old, old, old],
  );
  await sql(
    `insert into mentor_login_links (token_hash, mentor_id, expires_at, created_at, updated_at) values ('old', ?, ?, ?, ?), ('new', ?, ?, ?, ?)`,
    [member.id, old, old, old, member.id, recent, recent, recent],
  );
  await sql(
    `insert into mentor_sessions (id_hash, mentor_id, csrf_token, expires_at, created_at, updated_at) values ('gone', ?, 'x', ?, ?, ?), ('live', ?, 'y', ?, ?, ?)`,
    [member.id, daysAgo(1), old, old, member.id, daysAgo(-13), recent, recent],
  );

  const retention = strideJobs({ retentionDays: 30 }).find((job) => job.name === 'retention')!;
  const result = await runJob(deps, retention, NOW);

  expect(result).toEqual({
    handledEvents: 1,
    buttons: 2,
    linkCodes: 1,
    sentMessages: 1,
    jobRuns: 1,
    mentorLoginLinks: 1,
    mentorSessions: 1,
  });
  expect(
    (await sql<{ token_hash: string }>('select token_hash from mentor_login_links')).map((r) => r.token_hash),
  ).toEqual(['new']);
  expect(
    (await sql<{ id_hash: string }>('select id_hash from mentor_sessions')).map((r) => r.id_hash),
  ).toEqual(['live']);
  expect(
    (await sql<{ event_id: string }>('select event_id from handled_events')).map((r) => r.event_id),
  ).toEqual(['event-1']);
  expect((await sql<{ id: string }>('select id from chat_actions order by id')).map((r) => r.id)).toEqual([
    'live',
    'used-lately',
  ]);
  expect(await count('link_codes')).toBe(1);
  expect(
    (await sql<{ dedupe_key: string }>('select dedupe_key from outbox order by dedupe_key')).map(
      (r) => r.dedupe_key,
    ),
  ).toEqual(['dead-old', 'sent-recent']);
  // The run just recorded is kept; the old one went.
  expect(await count('job_runs')).toBe(1);
});
