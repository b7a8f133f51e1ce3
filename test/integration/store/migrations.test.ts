import { createTestDatabase, type TestDatabase } from '../../support/database.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

describe('migrations', () => {
  it('leave the schema exactly as the entities describe it', async () => {
    const diff = await database.orm.schema.getUpdateSchemaSQL({ wrap: false, safe: false });
    expect(diff.trim()).toBe('');
  });

  it('go down and up again', async () => {
    const migrator = database.orm.getMigrator();
    await migrator.down({ to: 0 });
    const tables = await database.orm.em
      .fork()
      .getConnection()
      .execute(
        `select count(*)::int as n from information_schema.tables where table_schema = 'public' and table_name = 'habits'`,
      );
    expect(tables[0].n).toBe(0);
    await migrator.up();
    expect(await migrator.getPendingMigrations()).toEqual([]);
    expect((await database.orm.schema.getUpdateSchemaSQL({ wrap: false })).trim()).toBe('');
  });
});
