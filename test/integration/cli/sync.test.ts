/**
 * `stride sync [--full]` and `stride sync status` from the terminal (issue 15), with the
 * PostgreSQL warehouse and with Snowflake (the fake of test/fakes/snowflake).
 */
import { InProcessEventBus } from '../../../src/events/in-process.js';
import { PostgresWarehouse } from '../../../src/warehouse/postgres.js';
import { SCHEMA_VERSION } from '../../../src/warehouse/schema.js';
import { changeBound, syncWarehouse } from '../../../src/warehouse/sync.js';
import { startFakeSnowflake, type FakeSnowflake } from '../../fakes/snowflake/index.js';
import { buildMember } from '../../support/builders.js';
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
  }, 120_000); // four CLI processes, each starting tsx

  it('prints the position, last run, rows moved, lag and the last error', async () => {
    const services = () => ({
      em: database.orm.em.fork(),
      events: new InProcessEventBus(),
      now: () => new Date(),
    });
    const warehouse = new PostgresWarehouse(database.orm.em.fork());
    await buildMember(services(), { name: 'Grace' });
    const { rows } = await syncWarehouse(database.orm.em.fork(), warehouse);
    // A run that fails after its first batch, then a change it never saw, made ten minutes ago.
    await buildMember(services(), { name: 'Hedy' });
    await expect(
      syncWarehouse(database.orm.em.fork(), warehouse, {
        afterBatch: () => {
          throw new Error('warehouse went away');
        },
      }),
    ).rejects.toThrow('warehouse went away');
    const { position } = await warehouse.state();
    await buildMember(services(), { name: 'Ida' });
    await database.orm.em
      .fork()
      .execute(`update warehouse_changes set changed_at = now() - interval '10 minutes' where id > ?`, [
        position,
      ]);

    const status = await runStride(['sync', 'status'], env());
    expect(status.stderr).toBe('');
    const lines = status.stdout.trim().split('\n');
    expect(lines[0]).toBe(`Position:   ${position}`);
    expect(lines[1]).toMatch(/^Last run: {3}\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(lines[2]).toBe(`Rows moved: ${rows}`);
    expect(lines[3]).toMatch(/^Lag: {8}\d+ changes? pending, the oldest 6\d\d s old$/);
    expect(lines[4]).toMatch(/^Last error: warehouse went away \(\d{4}-\d{2}-\d{2}T[\d:.]+Z\)$/);
  });

  it('says why a run failed, in the terminal and in its status, without the rows it carried', async () => {
    const services = { em: database.orm.em.fork(), events: new InProcessEventBus(), now: () => new Date() };
    await syncWarehouse(database.orm.em.fork(), new PostgresWarehouse(database.orm.em.fork()));
    // A rule added by hand that the next row breaks: its message would quote the row.
    const rule = `alter table analytics.dim_users add constraint no_katherine check (name <> 'Katherine Johnson')`;
    await database.orm.em.fork().execute(rule);
    try {
      await buildMember(services, { name: 'Katherine Johnson' });
      const failed = await runStride(['sync'], env());
      expect(failed.code).toBe(1);
      expect(failed.stderr.trim()).toBe('Stride failed: database error 23514 on no_katherine');
      const status = await runStride(['sync', 'status', '--json'], env());
      const { lastError } = JSON.parse(status.stdout) as { lastError: string };
      expect(lastError).toBe('database error 23514 on no_katherine');
    } finally {
      await database.orm.em.fork().execute(`alter table analytics.dim_users drop constraint no_katherine`);
    }
  }, 60_000);

  it('rebuilds a warehouse whose table lost a column', async () => {
    const services = { em: database.orm.em.fork(), events: new InProcessEventBus(), now: () => new Date() };
    await buildMember(services, { name: 'Mary Jackson' });
    await syncWarehouse(database.orm.em.fork(), new PostgresWarehouse(database.orm.em.fork()));
    await database.orm.em.fork().execute(`alter table analytics.dim_users rename column name to name_x`);
    const result = await runStride(['sync', '--json'], env());
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toMatchObject({ mode: 'full' });
    const names = await database.orm.em
      .fork()
      .execute<{ name: string }[]>(`select name from analytics.dim_users where name = 'Mary Jackson'`);
    expect(names).toHaveLength(1);
  }, 60_000);

  it('refuses an ANALYTICS_DATABASE_URL whose database does not exist, and creates none', async () => {
    const url = new URL(database.url);
    const missing = `${url.pathname.slice(1)}_typo`;
    url.pathname = `/${missing}`;
    const result = await runStride(['sync'], { ...env(), ANALYTICS_DATABASE_URL: url.toString() });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      `Stride can't reach the warehouse database in ANALYTICS_DATABASE_URL: database "${missing}" does not exist`,
    );
    const created = await database.orm.em
      .fork()
      .execute(`select 1 from pg_database where datname = ?`, [missing]);
    expect(created).toEqual([]);
  });

  it('answers --help with the usage', async () => {
    const result = await runStride(['sync', '--help'], env());
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/sync \[--full\] \[--json\]/);
    expect(result.stderr).toBe('');
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
    fake.answer(/^select "SCHEMA_VERSION"/, { rows: [{ SCHEMA_VERSION }] });
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
