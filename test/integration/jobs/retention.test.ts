/**
 * The retention job prunes what grows with every message, past its age, and keeps the rest; and
 * the warehouse changes already synced.
 */
import { jest } from '@jest/globals';
import { InProcessEventBus } from '../../../src/events/in-process.js';
import { runJob, strideJobs } from '../../../src/jobs/index.js';
import { createLogger } from '../../../src/logger.js';
import { Outbox } from '../../../src/services/outbox.js';
import { PostgresWarehouse } from '../../../src/warehouse/postgres.js';
import { syncWarehouse } from '../../../src/warehouse/sync.js';
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

const retention = strideJobs({ retentionDays: 30 }).find((job) => job.name === 'retention')!;

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

  const result = await runJob(deps, retention, NOW);

  expect(result).toEqual({
    handledEvents: 1,
    buttons: 2,
    linkCodes: 1,
    sentMessages: 1,
    jobRuns: 1,
    mentorLoginLinks: 1,
    mentorSessions: 1,
    // Warehouse changes: see below.
    warehouseChanges: expect.any(Number),
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

describe('warehouse changes', () => {
  const HOUR = 60 * 60 * 1000;
  const changes = async (where = 'true', params: unknown[] = []) =>
    (await sql<{ n: number }>(`select count(*)::int as n from warehouse_changes where ${where}`, params))[0]!
      .n;

  it('with no sync position yet, prunes those older than a day, in chunks of 10,000', async () => {
    expect((await new PostgresWarehouse(database.orm.em.fork()).state()).position).toBeNull();
    await sql(`update warehouse_changes set changed_at = ?`, [new Date(NOW.getTime() - HOUR)]);
    const recent = await changes();
    await sql(
      `insert into warehouse_changes (table_name, row_id, op, changed_at)
       select 'users', gen_random_uuid(), 'update', ? from generate_series(1, 20001)`,
      [new Date(NOW.getTime() - DAY - HOUR)],
    );
    const execute = jest.spyOn(database.orm.em.getConnection(), 'execute');
    try {
      const result = await runJob(deps, retention, NOW);
      expect(result.warehouseChanges).toBe(20001);
      const deletes = execute.mock.calls.filter(([query]) =>
        String(query).includes('delete from warehouse_changes'),
      );
      expect(deletes).toHaveLength(3);
    } finally {
      execute.mockRestore();
    }
    expect(await changes()).toBe(recent);
  });

  it('prunes those at or below the committed position, and the next sync still moves the rest', async () => {
    const warehouse = new PostgresWarehouse(database.orm.em.fork());
    await buildMember(deps.services(), { name: 'Synced' });
    await syncWarehouse(database.orm.em.fork(), warehouse, { now: NOW });
    const { position } = await warehouse.state();
    const synced = await changes('id <= ?', [position]);
    expect(synced).toBeGreaterThan(0);
    const later = await buildMember(deps.services(), { name: 'Later' });

    const result = await runJob(deps, retention, NOW);
    expect(result.warehouseChanges).toBe(synced);
    expect(await changes('id <= ?', [position])).toBe(0);
    expect(await changes('row_id = ?', [later.id])).toBeGreaterThan(0);

    const next = await syncWarehouse(database.orm.em.fork(), warehouse, { now: NOW });
    expect(next.mode).toBe('incremental');
    const names = await sql<{ name: string }>(
      `select name from analytics.dim_users where name in ('Synced', 'Later')`,
    );
    expect(names.map((row) => row.name).sort()).toEqual(['Later', 'Synced']);
  });
});
