/** `stride sync [--full]` and `stride sync status` from the terminal (issue 15). */
import { PostgresWarehouse } from '../../../src/warehouse/postgres.js';
import { syncWarehouse } from '../../../src/warehouse/sync.js';
import { InProcessEventBus } from '../../../src/events/in-process.js';
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

  it('answers an unknown option with the usage, not a stack trace', async () => {
    const result = await runStride(['sync', '--ful'], env());
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Unknown option '--ful'/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
