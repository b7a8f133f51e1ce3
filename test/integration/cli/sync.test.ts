/**
 * `stride sync [--full]` and `stride sync status` from the terminal (issue 15), with the
 * PostgreSQL warehouse and with Snowflake (the fake of test/fakes/snowflake).
 */
import { changeBound } from '../../../src/warehouse/sync.js';
import { startFakeSnowflake, type FakeSnowflake } from '../../fakes/snowflake/index.js';
import { runStride } from '../../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const env = () => ({ DATABASE_URL: database.url });

describe('stride sync', () => {
  it('syncs the warehouse, then reports its position, rows and lag', async () => {
    const added = await runStride(['users', 'add', '--name', 'Ada', '--json'], env());
    expect(added.code).toBe(0);

    const first = await runStride(['sync', '--json'], env());
    expect(first.stderr).toBe('');
    expect(JSON.parse(first.stdout)).toMatchObject({ mode: 'full', rows: 1 });

    const status = await runStride(['sync', 'status', '--json'], env());
    expect(JSON.parse(status.stdout)).toMatchObject({ lastRows: 1, lastError: null, pending: 0 });

    const again = await runStride(['sync'], env());
    expect(again.stdout).toMatch(/^Synced \(incremental\): 0 rows/);
    const names = await database.orm.em.fork().execute(`select name from analytics.dim_users`);
    expect(names).toEqual([{ name: 'Ada' }]);
  });

  it('answers an unknown option with the usage, not a stack trace', async () => {
    const result = await runStride(['sync', '--ful'], env());
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Unknown option '--ful'/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('stride sync with Snowflake', () => {
  // Each command is a child process that loads snowflake-sdk: seconds apiece.
  const SLOW = 120_000;
  let fake: FakeSnowflake;
  beforeEach(async () => {
    fake = await startFakeSnowflake();
  });
  afterEach(async () => {
    await fake.close();
    expect(fake.unexpectedCalls).toEqual([]);
  });

  /** Stride's database, and Snowflake at the fake. */
  const snowflakeEnv = (password = fake.password) => ({
    ...env(),
    SNOWFLAKE_ACCOUNT: fake.account,
    SNOWFLAKE_USERNAME: fake.username,
    SNOWFLAKE_PASSWORD: password,
    SNOWFLAKE_DATABASE: 'STRIDE',
    SNOWFLAKE_SCHEMA: 'ANALYTICS',
    SNOWFLAKE_WAREHOUSE: 'COMPUTE_WH',
    SNOWFLAKE_ACCESS_URL: fake.accessUrl,
  });

  /** A warehouse in step with Stride: prepared, at the latest position, nobody stale. */
  async function answerUpToDate(): Promise<string> {
    const position = await changeBound(database.orm.em);
    fake.answer(/^select "SCHEMA_VERSION"/, { rows: [{ SCHEMA_VERSION: 2 }] });
    fake.answer(/count\(\*\) as "DAYS"/, { rows: [{ DAYS: 40542 }] });
    fake.answer(/^select "POSITION"::varchar/, {
      rows: [
        {
          POSITION: position,
          LAST_RUN_AT: '2026-11-20T11:55:00.000+00:00',
          LAST_ROWS: 3,
          LAST_ERROR: null,
          LAST_ERROR_AT: null,
        },
      ],
    });
    fake.answer(/^select u."ID" from/, { rows: [], columns: ['ID'] });
    return position;
  }

  it(
    'reports the status, syncs and runs the warehouse-sync job against Snowflake',
    async () => {
      const position = await answerUpToDate();

      const status = await runStride(['sync', 'status', '--json'], snowflakeEnv());
      expect(status.stderr).toBe('');
      expect(JSON.parse(status.stdout)).toMatchObject({
        position,
        lastRunAt: '2026-11-20T11:55:00.000Z',
        lastRows: 3,
        lastError: null,
        pending: 0,
      });

      const sync = await runStride(['sync', '--json'], snowflakeEnv());
      expect(sync.stderr).toBe('');
      expect(JSON.parse(sync.stdout)).toMatchObject({ mode: 'incremental', rows: 0, position });

      const job = await runStride(['jobs', 'run', 'warehouse-sync', '--json'], snowflakeEnv());
      expect(job.code).toBe(0);
      expect(job.stdout).toContain(`"position":"${position}"`);

      // Each command logged in once and ended its session; the sync and the job recorded their run.
      expect(fake.callsTo('login')).toHaveLength(3);
      expect(fake.callsTo('logout')).toHaveLength(3);
      expect(fake.statementsMatching(/set "LAST_RUN_AT" = \?::timestamp_tz/)).toHaveLength(2);
      expect(fake.statementsMatching(/"ANALYTICS"."DIM_USERS"/).length).toBeGreaterThan(0);
    },
    SLOW,
  );

  it(
    'fails with the reason of a refused login and never prints the password',
    async () => {
      const result = await runStride(['sync'], snowflakeEnv('wrong-secret-password'));

      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /Snowflake refused the login of stride to account stride_test: Incorrect username or password/,
      );
      expect(result.stderr + result.stdout).not.toContain('wrong-secret-password');
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(fake.callsTo('login')).toHaveLength(1);
      expect(fake.statements).toEqual([]);
    },
    SLOW,
  );

  it(
    'refuses a half-configured Snowflake before connecting anywhere, naming what is missing',
    async () => {
      const { SNOWFLAKE_WAREHOUSE: _warehouse, SNOWFLAKE_PASSWORD: _password, ...rest } = snowflakeEnv();

      const result = await runStride(['sync', 'status'], rest);

      expect(result.code).toBe(1);
      expect(result.stderr).toContain('SNOWFLAKE_WAREHOUSE: is required with SNOWFLAKE_ACCOUNT');
      expect(result.stderr).toContain('SNOWFLAKE_PASSWORD: is required with SNOWFLAKE_ACCOUNT');
      expect(fake.calls).toEqual([]);
    },
    SLOW,
  );
});
