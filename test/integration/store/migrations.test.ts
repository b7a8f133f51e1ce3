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

describe('the handled event owner migration', () => {
  it("gives earlier handled events their sender's member, and drops the secrets their replies kept", async () => {
    const migrator = database.orm.getMigrator();
    await migrator.down({ to: 'Migration20261128040000HabitRules' });
    const connection = database.orm.em.fork().getConnection();
    const now = new Date('2026-11-20T12:00:00Z');
    const member = '8f0c8d8e-6c44-4c1e-9a55-3f1f2b0d4a01';
    await connection.execute(
      `insert into users (id, name, timezone, day_start_hour, created_at, updated_at) values (?, 'Ada', 'UTC', 0, ?, ?)`,
      [member, now, now],
    );
    await connection.execute(
      `insert into identities (id, user_id, platform, workspace, platform_user_id, created_at, updated_at)
       values (gen_random_uuid(), ?, 'console', '', 'ada', ?, ?)`,
      [member, now, now],
    );
    const handled = (eventId: string, sender: string, reply: object) =>
      connection.execute(
        `insert into handled_events (id, platform, workspace, sender, event_id, reply, created_at, updated_at)
         values (gen_random_uuid(), 'console', '', ?, ?, ?::jsonb, ?, ?)`,
        [sender, eventId, JSON.stringify(reply), now, now],
      );
    await handled('evt-1', 'ada', { text: '🔑 Your API token: `stride_secret`\nKeep it secret.' });
    await handled('evt-2', 'ada', { text: '📦 Your data', file: { filename: 'x.json', content: '{}' } });
    await handled('evt-3', 'ada', { text: 'Your habits:\n- **Read**' });
    await handled('evt-4', 'gone', { text: 'Done. Everything is deleted.' });

    await migrator.up();
    const rows = await connection.execute<{ event_id: string; user_id: string | null; reply: string }[]>(
      `select event_id, user_id, reply::text as reply from handled_events order by event_id`,
    );
    expect(rows.map((row) => [row.event_id, row.user_id])).toEqual([
      ['evt-1', member],
      ['evt-2', member],
      ['evt-3', member],
      ['evt-4', null],
    ]);
    expect(rows[0]!.reply).not.toContain('stride_secret');
    expect(rows[1]!.reply).not.toContain('x.json');
    expect(rows[2]!.reply).toContain('**Read**');
  });
});
