/**
 * The Snowflake warehouse through the real snowflake-sdk against the fake Snowflake
 * (test/fakes/snowflake): a refused login, the schema's DDL, batches as MERGE statements with
 * their rows in one JSON bind inside BEGIN … COMMIT, deletes and forget-me, metrics and the
 * position, a SQL error rolled back and recorded by the sync, and a 503 retried by the driver.
 * The metric statements are main's (metrics.ts); here a small stand-in shows where they run.
 */
import type { SnowflakeConfig } from '../../../src/config.js';
import { MAX_BIND_BYTES } from '../../../src/warehouse/snowflake-sql.js';
import { SnowflakeWarehouse, type MetricStatements } from '../../../src/warehouse/snowflake.js';
import { syncWarehouse } from '../../../src/warehouse/sync.js';
import {
  startFakeSnowflake,
  type FakeSnowflake,
  type RecordedStatement,
} from '../../fakes/snowflake/index.js';
import { buildMember } from '../../support/builders.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { InProcessEventBus } from '../../../src/events/in-process.js';

const asOf = new Date('2026-11-20T12:00:00Z');
const AS_OF = '2026-11-20T12:00:00.000+00:00';
const ADA = '0a000000-0000-4000-8000-000000000001';
const BOB = '0b000000-0000-4000-8000-000000000002';
const READ = '0c000000-0000-4000-8000-000000000003';
const LOG = '0d000000-0000-4000-8000-000000000004';
const GONE = '0e000000-0000-4000-8000-000000000005';

let fake: FakeSnowflake;
let sut: SnowflakeWarehouse;

function configFor(password = fake.password): SnowflakeConfig {
  return {
    account: fake.account,
    username: fake.username,
    auth: { kind: 'password', password },
    database: 'STRIDE',
    schema: 'ANALYTICS',
    warehouse: 'COMPUTE_WH',
    accessUrl: fake.accessUrl,
  };
}

/**
 * A stand-in for metrics.ts: a temporary table of the chosen members as of their local today,
 * then a delete and an insert, as the real statements are shaped (only the first takes binds).
 */
const metrics: MetricStatements = (dialect, table, scoped) => [
  dialect.createTemp(
    'metric_members',
    `select u.id as user_id, ${dialect.localDate('u.timezone', 'u.day_start_hour')} as today from ${table('dim_users')} u` +
      (scoped ? ` where u.id in ${dialect.idsIn()}` : ''),
  ),
  `delete from ${table('metrics_risk')} where user_id in (select user_id from metric_members)`,
  `insert into ${table('metrics_risk')} (user_id, date, level, score, misses_3, misses_7) select user_id, today, 'low', 0, 0, 0 from metric_members`,
];

/** Statements after the session's setup (login, then two ALTER SESSION), as SQL text. */
function sqlAfterSetup(): string[] {
  return fake.statements.filter((s) => !/^alter session/.test(s.sqlText)).map((s) => squash(s.sqlText));
}

function squash(sql: string): string {
  return sql.replace(/\s+/g, ' ').trim();
}

/** The statement matching `pattern`, exactly one. */
function only(pattern: RegExp): RecordedStatement {
  const found = fake.statementsMatching(pattern);
  expect(found).toHaveLength(1);
  return found[0]!;
}

/** What a prepared warehouse answers: the stored schema version and the calendar's size. */
function answerPrepare(version = 3, days = 0): void {
  fake.answer(/^select "SCHEMA_VERSION"/, { rows: [{ SCHEMA_VERSION: version }] });
  fake.answer(/count\(\*\) as "DAYS"/, { rows: [{ DAYS: days }] });
}

beforeEach(async () => {
  fake = await startFakeSnowflake();
  sut = new SnowflakeWarehouse(configFor(), { metrics });
});

afterEach(async () => {
  await sut.close();
  expect(fake.openSessions.size).toBe(0);
  await fake.close();
  expect(fake.unexpectedCalls).toEqual([]);
});

describe('login', () => {
  it('refuses a wrong password: the error surfaces, no statement runs and no session stays open', async () => {
    sut = new SnowflakeWarehouse(configFor('not-the-password'), { metrics });

    const error = (await sut.prepare().catch((e: unknown) => e)) as Error;

    expect(error).toBeInstanceOf(Error);
    expect(error.message).toMatch(
      /^Snowflake refused the login of stride to account stride_test: Incorrect username or password/,
    );
    expect(error.message).not.toContain('not-the-password');
    // Nothing treats the warehouse as connected: the next call is refused too, without another
    // login attempt (Snowflake locks a user after a few failures).
    await expect(sut.recordError('x', asOf)).rejects.toThrow(/refused the login/);
    expect(fake.callsTo('login')).toHaveLength(1);
    expect(fake.statements).toEqual([]);
    expect(fake.openSessions.size).toBe(0);
  });

  it('logs in with the account, user, database, schema and warehouse, and sets the session to UTC', async () => {
    fake.answer(/from "STRIDE"."ANALYTICS"."SYNC_STATE"/, { rows: [{ POSITION: null, LAST_ROWS: 0 }] });

    await sut.state();

    const [login] = fake.callsTo('login');
    expect(login?.body.data).toMatchObject({ ACCOUNT_NAME: 'stride_test', LOGIN_NAME: 'stride' });
    expect(login?.query).toMatchObject({
      databaseName: 'STRIDE',
      schemaName: 'ANALYTICS',
      warehouse: 'COMPUTE_WH',
    });
    expect(fake.statements.slice(0, 2).map((s) => s.sqlText)).toEqual([
      `alter session set TIMEZONE = 'UTC'`,
      `alter session set QUOTED_IDENTIFIERS_IGNORE_CASE = true`,
    ]);
  });
});

describe('prepare', () => {
  it('creates each table once in Snowflake types, fills the calendar once, and (re)creates the view', async () => {
    answerPrepare(3, 0);

    await sut.prepare();

    const creates = fake
      .statementsMatching(/^create table if not exists/)
      .map((s) => /"(\w+)" \(/.exec(s.sqlText)![1]);
    expect(creates).toEqual([
      'SYNC_STATE',
      'DIM_USERS',
      'DIM_HABITS',
      'DIM_HABIT_RULES',
      'DIM_HABIT_PAUSES',
      'DIM_GOALS',
      'DIM_MENTORSHIPS',
      'FACT_CHECKINS',
      'FACT_JOURNAL_ENTRIES',
      'DIM_DATES',
      'METRICS_ADHERENCE',
      'METRICS_STREAK',
      'METRICS_HABIT',
      'METRICS_RISK',
    ]);
    expect(only(/^create table if not exists "STRIDE"."ANALYTICS"."DIM_HABITS"/).sqlText).toContain(
      '"ID" varchar(36) not null, "USER_ID" varchar(36) not null, "NAME" varchar not null, "SCHEDULE_KIND" varchar not null, "SCHEDULE" variant not null, "TARGET_AMOUNT" float,',
    );
    expect(only(/"FACT_JOURNAL_ENTRIES"/).sqlText).toMatch(
      /"MOOD" number\(5, 0\), "SENTIMENT" float not null, .*"PRIVATE" boolean not null, "CREATED_AT" timestamp_tz not null/,
    );
    expect(only(/"DIM_HABIT_RULES" \(/).sqlText).toMatch(/primary key \("HABIT_ID", "FROM_DAY"\)\)$/);
    const calendar = only(/^insert into "STRIDE"."ANALYTICS"."DIM_DATES"/);
    expect(calendar.sqlText).toMatch(/table\(generator\(rowcount => 40542\)\)/);
    expect(calendar.sqlText).toMatch(/'1990-01-01'::date/);
    expect(only(/^create or replace view "STRIDE"."ANALYTICS"."MENTOR_DASHBOARD"/).sqlText).toMatch(
      /where ms."STATUS" = 'active'\s+order by r."SCORE" desc nulls last/,
    );
    expect(fake.statementsMatching(/^drop /)).toEqual([]);

    // A second prepare repeats the idempotent DDL but leaves a filled calendar alone.
    answerPrepare(3, 40542);
    await sut.prepare();
    expect(fake.statementsMatching(/^insert into "STRIDE"."ANALYTICS"."DIM_DATES"/)).toHaveLength(1);
  });

  it('drops and recreates the tables built by another schema version, then asks for a full rebuild', async () => {
    answerPrepare(1, 0);

    await sut.prepare();

    const sql = sqlAfterSetup();
    const drops = sql.filter((s) => s.startsWith('drop table if exists'));
    expect(drops).toHaveLength(13);
    expect(drops).toContain('drop table if exists "STRIDE"."ANALYTICS"."FACT_CHECKINS"');
    expect(drops).not.toContain('drop table if exists "STRIDE"."ANALYTICS"."SYNC_STATE"');
    const lastDrop = sql.lastIndexOf(drops.at(-1)!);
    const firstCreate = sql.findIndex((s) =>
      s.startsWith('create table if not exists "STRIDE"."ANALYTICS"."DIM_USERS"'),
    );
    expect(lastDrop).toBeLessThan(firstCreate);
    expect(sql.at(-1)).toBe(
      'update "STRIDE"."ANALYTICS"."SYNC_STATE" set "SCHEMA_VERSION" = 3, "POSITION" = null where "ID" = 1',
    );
  });
});

describe('state and bookkeeping', () => {
  it('reads the position, last run and last error, and a 503 on the way is retried by the driver', async () => {
    fake.answer(/from "STRIDE"."ANALYTICS"."SYNC_STATE" where "ID" = 1/, {
      rows: [
        {
          POSITION: '9007199254740993',
          LAST_RUN_AT: '2026-11-20T11:55:00.000+00:00',
          LAST_ROWS: 12,
          LAST_ERROR: 'warehouse suspended',
          LAST_ERROR_AT: '2026-11-20T11:50:00.000+00:00',
        },
      ],
    });
    await sut.recordRun(0, asOf); // logs in
    fake.failNext('query', { status: 503 });

    expect(await sut.state()).toEqual({
      position: '9007199254740993',
      lastRunAt: new Date('2026-11-20T11:55:00Z'),
      lastRows: 12,
      lastError: 'warehouse suspended',
      lastErrorAt: new Date('2026-11-20T11:50:00Z'),
    });
    expect(
      fake
        .callsTo('query')
        .slice(-2)
        .map((call) => call.answer?.status),
    ).toEqual([503, 200]);
  });

  it('records a run and an error with their instants in UTC', async () => {
    await sut.recordRun(42, asOf);
    await sut.recordError('x'.repeat(2000), asOf);

    expect(only(/set "LAST_RUN_AT" = \?::timestamp_tz, "LAST_ROWS" = \?/).binds).toEqual([AS_OF, '42']);
    const error = only(/set "LAST_ERROR" = \?, "LAST_ERROR_AT" = \?::timestamp_tz/);
    expect(error.binds).toEqual(['x'.repeat(1000), AS_OF]);
  });
});

const created = new Date('2026-11-01T08:00:00Z');
const ada = { id: ADA, name: 'Ada', timezone: 'Europe/Paris', day_start_hour: 3, created_at: created };
const read = {
  id: READ,
  user_id: ADA,
  name: 'Read',
  schedule_kind: 'daily',
  schedule: { kind: 'daily' },
  target_amount: null,
  target_unit: null,
  target_direction: null,
  status: 'active',
  start_date: '2026-11-10',
  start_day: 20402,
  paused_spans: [],
  rule_history: [],
  created_at: created,
};
const readRule = {
  habit_id: READ,
  from_day: 20402,
  user_id: ADA,
  to_day: null,
  schedule_kind: 'daily',
  weekdays: null,
  every_n: null,
  times: null,
  period: null,
  target_amount: null,
  target_direction: null,
};
function checkin(id: string, day: number): Record<string, unknown> {
  const date = new Date(day * 86_400_000).toISOString().slice(0, 10);
  return {
    id,
    habit_id: READ,
    user_id: ADA,
    local_date: date,
    day,
    status: 'done',
    amount: null,
    source: 'slack',
    logged_at: new Date(`${date}T07:30:00Z`),
    updated_at: new Date(`${date}T07:30:00Z`),
  };
}

const T = (name: string) => `"STRIDE"."ANALYTICS"."${name}"`;

describe('apply', () => {
  it('writes a batch in one transaction: deletes, MERGEs with the rows as one JSON bind, child rows, metrics, position', async () => {
    fake.answer(/^select distinct "MEMBER"/, { rows: [{ MEMBER: BOB }] });

    await sut.apply(
      {
        upserts: {
          dim_users: [ada],
          dim_habits: [read],
          dim_habit_rules: [readRule],
          fact_checkins: [checkin(LOG, 20411)],
        },
        deletes: { fact_checkins: [GONE] },
        members: [],
      },
      asOf,
      '42',
    );

    const sql = sqlAfterSetup();
    const ids = `(select value::string as value from table(flatten(input => parse_json(?))))`;
    expect(sql.map((s) => s.slice(0, 70))).toEqual(
      [
        // The metrics' temporary table is made (empty) before the transaction: DDL would commit it.
        `create or replace temporary table metric_members as select * from (select u.id`,
        'begin transaction',
        `select distinct "MEMBER", "HABIT" from (select "USER_ID"::varchar as "MEMBER", "HABIT_ID"::varchar as "HABIT" from ${T('FACT_CHECKINS')} where "ID" in ${ids})`,
        `delete from ${T('FACT_CHECKINS')} where "ID" in ${ids}`,
        `merge into ${T('DIM_USERS')} t using (select value['id']::varchar(36) as "ID"`,
        `merge into ${T('DIM_HABITS')} t using (select value['id']::varchar(36) as "ID"`,
        `delete from ${T('DIM_HABIT_RULES')} where "HABIT_ID" in ${ids}`,
        `insert into ${T('DIM_HABIT_RULES')} ("HABIT_ID", "FROM_DAY", "USER_ID", "TO_DAY", "SCHEDULE_KIND"`,
        `delete from ${T('DIM_HABIT_PAUSES')} where "HABIT_ID" in ${ids}`,
        `merge into ${T('FACT_CHECKINS')} t using (select value['id']::varchar(36) as "ID"`,
        // The habits written (and the deleted check-in's) are recomputed: their tallies go.
        `delete from ${T('METRICS_HABIT')} where "HABIT_ID" in ${ids}`,
        'delete from metric_members',
        `insert into metric_members select * from (select u.id as user_id, to_date(dateadd(hour, -(u.day_start_hour), convert_timezone(u.timezone, ?::timestamp_tz))) as today from ${T('DIM_USERS')} u where u.id in ${ids})`,
        `delete from ${T('METRICS_RISK')} where user_id in (select user_id from metric_members)`,
        `insert into ${T('METRICS_RISK')} (user_id, date, level, score, misses_3, misses_7) select user_id, today, 'low', 0, 0, 0 from metric_members`,
        `update ${T('SYNC_STATE')} set "POSITION" = ? where "ID" = 1`,
        'commit',
      ].map((s) => s.slice(0, 70)),
    );
    // Every statement ran on the one session, rows as one TEXT bind each (never an array bind).
    expect(new Set(fake.statements.map((s) => s.sessionToken)).size).toBe(1);
    expect(fake.statements.some((s) => s.arrayBind)).toBe(false);

    const users = only(/^merge into "STRIDE"."ANALYTICS"."DIM_USERS"/);
    expect(users.bindTypes).toEqual(['TEXT']);
    expect(JSON.parse(users.binds[0]!)).toEqual([
      {
        id: ADA,
        name: 'Ada',
        timezone: 'Europe/Paris',
        day_start_hour: 3,
        created_at: '2026-11-01T08:00:00.000+00:00',
      },
    ]);
    expect(users.sqlText).toContain(
      `value['day_start_hour']::number(5, 0) as "DAY_START_HOUR", value['created_at']::varchar::timestamp_tz as "CREATED_AT" from table(flatten(input => parse_json(?)))) s on t."ID" = s."ID" when matched then update set t."NAME" = s."NAME", t."TIMEZONE" = s."TIMEZONE"`,
    );
    expect(users.sqlText).toMatch(
      /when not matched then insert \("ID", "NAME", .*\) values \(s."ID", s."NAME", .*\)$/,
    );
    expect(only(/^merge into "STRIDE"."ANALYTICS"."DIM_HABITS"/).sqlText).toContain(
      `value['schedule'] as "SCHEDULE"`,
    );
    expect(JSON.parse(only(/^insert into "STRIDE"."ANALYTICS"."DIM_HABIT_RULES"/).binds[0]!)).toEqual([
      readRule,
    ]);
    expect(only(/^delete from "STRIDE"."ANALYTICS"."DIM_HABIT_RULES"/).binds).toEqual([
      JSON.stringify([READ]),
    ]);
    expect(only(/^delete from "STRIDE"."ANALYTICS"."FACT_CHECKINS"/).binds).toEqual([JSON.stringify([GONE])]);
    // The members named by the rows, and the owner of the deleted check-in, as of asOf.
    const scope = only(/^insert into metric_members/);
    expect(scope.binds[0]).toBe(AS_OF);
    expect(JSON.parse(scope.binds[1]!).sort()).toEqual([ADA, BOB].sort());
    expect(only(/set "POSITION" = \?/).binds).toEqual(['42']);
  });

  it('writes the rows of a full rebuild without metrics or a position', async () => {
    await sut.apply({ upserts: { dim_users: [ada] }, deletes: {}, members: [] }, asOf);

    expect(sqlAfterSetup().map((s) => s.slice(0, 40))).toEqual([
      'begin transaction',
      `merge into ${T('DIM_USERS')} t using (se`.slice(0, 40),
      'commit',
    ]);
  });

  it('keeps each bind well under Snowflake limits: 12,000 check-ins go as three MERGEs', async () => {
    const rows = Array.from({ length: 12_000 }, (_, i) =>
      checkin(`0f000000-0000-4000-8000-${String(i).padStart(12, '0')}`, 20000 + (i % 400)),
    );

    await sut.apply({ upserts: { fact_checkins: rows }, deletes: {}, members: [] }, asOf);

    const merges = fake.statementsMatching(/^merge into "STRIDE"."ANALYTICS"."FACT_CHECKINS"/);
    expect(merges.map((s) => JSON.parse(s.binds[0]!).length)).toEqual([5000, 5000, 2000]);
    for (const merge of merges) expect(Buffer.byteLength(merge.binds[0]!)).toBeLessThan(MAX_BIND_BYTES);
    expect(merges.flatMap((s) => JSON.parse(s.binds[0]!).map((row: { id: string }) => row.id))).toEqual(
      rows.map((row) => row.id),
    );
  });

  it('removes a deleted habit with its check-ins, streaks and child rows', async () => {
    fake.answer(/^select distinct "MEMBER"/, { rows: [{ MEMBER: ADA }] });

    await sut.apply({ upserts: {}, deletes: { dim_habits: [READ] }, members: [] }, asOf, '43');

    const habit = JSON.stringify([READ]);
    for (const [table, column] of [
      ['DIM_HABITS', 'ID'],
      ['FACT_CHECKINS', 'HABIT_ID'],
      ['METRICS_STREAK', 'HABIT_ID'],
      ['DIM_HABIT_RULES', 'HABIT_ID'],
      ['DIM_HABIT_PAUSES', 'HABIT_ID'],
    ])
      expect(only(new RegExp(`^delete from ${T(table!)} where "${column}" in`)).binds).toEqual([habit]);
    expect(JSON.parse(only(/^insert into metric_members/).binds[1]!)).toEqual([ADA]);
  });

  it('forgets a deleted member in every table, as mentor too, metrics included', async () => {
    fake.answer(/^select distinct "MEMBER"/, { rows: [{ MEMBER: ADA }] });

    await sut.apply({ upserts: {}, deletes: { dim_users: [ADA] }, members: [] }, asOf, '44');

    // The stand-in metric statements' own delete names its column unquoted: left out here.
    const byMember = fake.statementsMatching(/^delete from "STRIDE"\S+ where "/);
    const deletes = byMember.map((s) =>
      /^delete from "STRIDE"."ANALYTICS"."(\w+)" where "(\w+)"/.exec(s.sqlText)!.slice(1).join('.'),
    );
    expect(deletes).toEqual([
      'DIM_USERS.ID',
      'DIM_HABITS.USER_ID',
      'DIM_HABIT_RULES.USER_ID',
      'DIM_HABIT_PAUSES.USER_ID',
      'DIM_GOALS.USER_ID',
      'DIM_MENTORSHIPS.MENTEE_ID',
      'FACT_CHECKINS.USER_ID',
      'FACT_JOURNAL_ENTRIES.USER_ID',
      'DIM_MENTORSHIPS.MENTOR_ID',
      'METRICS_ADHERENCE.USER_ID',
      'METRICS_STREAK.USER_ID',
      'METRICS_HABIT.USER_ID',
      'METRICS_RISK.USER_ID',
    ]);
    for (const statement of byMember) expect(statement.binds).toEqual([JSON.stringify([ADA])]);
  });

  it('rolls a batch back when a statement fails, and commits no position', async () => {
    fake.answer(/^merge into "STRIDE"."ANALYTICS"."DIM_HABITS"/, {
      error: { code: '100069', sqlState: '22P02', message: "Error parsing JSON: unknown keyword 'nope'" },
    });

    await expect(
      sut.apply({ upserts: { dim_users: [ada], dim_habits: [read] }, deletes: {}, members: [] }, asOf, '45'),
    ).rejects.toThrow(/Error parsing JSON/);

    const sql = sqlAfterSetup();
    expect(sql.slice(-2).map((statement) => statement.slice(0, 40))).toEqual([
      `merge into ${T('DIM_HABITS')} t using (se`.slice(0, 40),
      'rollback',
    ]);
    expect(sql).not.toContain('commit');
    expect(fake.statementsMatching(/set "POSITION"/)).toEqual([]);
  });
});

describe('metrics over everyone', () => {
  it('finishFull recomputes every member as of asOf and commits the position in one transaction', async () => {
    await sut.finishFull(asOf, '99');

    const sql = sqlAfterSetup();
    expect(sql[0]).toMatch(
      /^create or replace temporary table metric_members as select \* from \(.* from "STRIDE"."ANALYTICS"."DIM_USERS" u\) where false$/,
    );
    expect(sql.slice(1).map((s) => s.split(' ').slice(0, 3).join(' '))).toEqual([
      'begin transaction',
      'delete from metric_members',
      'insert into metric_members',
      `delete from ${T('METRICS_RISK')}`,
      `insert into ${T('METRICS_RISK')}`,
      `delete from ${T('METRICS_ADHERENCE')}`, // the history of members no longer there
      `update ${T('SYNC_STATE')} set`,
      'commit',
    ]);
    expect(only(/^insert into metric_members/).binds).toEqual([AS_OF]);
    expect(only(/set "POSITION" = \?/).binds).toEqual(['99']);
  });

  it('refreshStale recomputes only the members with no metrics for their local today', async () => {
    fake.answer(/^select u."ID" from "STRIDE"."ANALYTICS"."DIM_USERS" u where not exists/, {
      rows: [{ ID: ADA }],
    });

    expect(await sut.refreshStale(asOf)).toBe(1);

    const stale = only(/^select u."ID" from/);
    expect(stale.binds).toEqual([AS_OF]);
    expect(stale.sqlText).toContain(
      `a."DATE" = to_date(dateadd(hour, -(u."DAY_START_HOUR"), convert_timezone(u."TIMEZONE", ?::timestamp_tz)))`,
    );
    expect(only(/^insert into metric_members/).binds).toEqual([AS_OF, JSON.stringify([ADA])]);
    expect(sqlAfterSetup().at(-1)).toBe('commit');
  });

  it('refreshStale does nothing when everyone is up to date', async () => {
    fake.answer(/^select u."ID" from/, { rows: [], columns: ['ID'] });

    expect(await sut.refreshStale(asOf)).toBe(0);

    expect(sqlAfterSetup()).toHaveLength(1);
  });

  it('makes each temporary table once per session and shape, outside the transactions', async () => {
    const batch = { upserts: { dim_users: [ada] }, deletes: {}, members: [] };
    await sut.apply(batch, asOf, '1');
    await sut.apply(batch, asOf, '2');
    await sut.finishFull(asOf, '3'); // every member: another query for the same table
    await sut.apply(batch, asOf, '4');

    const made = fake.statementsMatching(/^create or replace temporary table metric_members/);
    expect(made.map((s) => / where u\.id in /.test(s.sqlText))).toEqual([true, false, true]);
    expect(fake.statementsMatching(/^delete from metric_members/)).toHaveLength(4);
    const sql = sqlAfterSetup();
    for (const statement of made)
      expect(sql[sql.indexOf(squash(statement.sqlText)) + 1]).toBe('begin transaction');
  });
});

describe('the sync with Snowflake', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('records the error of a failed batch on the warehouse, after rolling the batch back', async () => {
    const services = { em: database.orm.em.fork(), events: new InProcessEventBus(), now: () => asOf };
    await buildMember(services, { name: 'Ada' });
    answerPrepare();
    fake.answer(/^select "POSITION"::varchar/, { rows: [{ POSITION: null, LAST_ROWS: 0 }] });
    fake.answer(/^merge into "STRIDE"."ANALYTICS"."DIM_USERS"/, {
      error: {
        code: '000630',
        sqlState: '57014',
        message: 'Statement reached its statement or warehouse timeout',
      },
    });

    await expect(syncWarehouse(database.orm.em.fork(), sut, { now: asOf })).rejects.toThrow(
      /warehouse timeout/,
    );

    const sql = sqlAfterSetup();
    const merge = sql.findIndex((statement) => statement.startsWith(`merge into ${T('DIM_USERS')}`));
    expect(sql[merge + 1]).toBe('rollback');
    expect(JSON.parse(only(/^merge into "STRIDE"."ANALYTICS"."DIM_USERS"/).binds[0]!)).toMatchObject([
      { name: 'Ada' },
    ]);
    expect(only(/set "LAST_ERROR" = \?/).binds).toEqual([
      'database error 000630: Statement reached its statement or warehouse timeout',
      expect.stringMatching(/^\d{4}-\d\d-\d\dT.*\+00:00$/),
    ]);
    // After the rollback, only the error's record: no position.
    expect(sql.slice(merge + 2)).toEqual([
      `update ${T('SYNC_STATE')} set "LAST_ERROR" = ?, "LAST_ERROR_AT" = ?::timestamp_tz where "ID" = 1`,
    ]);
  });
});
