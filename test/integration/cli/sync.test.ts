/** `stride sync [--full]` and `stride sync status` from the terminal (issue 15). */
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

  it('answers an unknown option with the usage, not a stack trace', async () => {
    const result = await runStride(['sync', '--ful'], env());
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Unknown option '--ful'/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
