import { runStride } from '../../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const env = () => ({ DATABASE_URL: database.url });

describe('stride CLI', () => {
  it('adds a member and prints id and token as JSON; the token works', async () => {
    const result = await runStride(
      ['users', 'add', '--name', 'Ada', '--timezone', 'Europe/Paris', '--json'],
      env(),
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const { id, token } = JSON.parse(result.stdout);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(token).toMatch(/^stride_/);

    const another = await runStride(['tokens', 'create', '--user', id, '--json'], env());
    expect(another.code).toBe(0);
    expect(JSON.parse(another.stdout)).toMatchObject({
      userId: id,
      token: expect.stringMatching(/^stride_/),
    });
    const rows = await database.orm.em
      .fork()
      .getConnection()
      .execute('select count(*)::int as n from api_tokens');
    expect(rows[0].n).toBe(2);
  });

  it.each([
    [['users', 'add'], /needs --name/],
    [['users', 'add', '--name', 'Bo', '--timezone', 'Mars/Olympus'], /IANA time zone/],
    [['users', 'add', '--name', 'Bo', '--colour', 'red'], /Unknown option '--colour'/],
    [['tokens', 'create', '--user', 'not-a-member'], /Member not found/],
    [['fly'], /Unknown command "fly"/],
  ])('refuses %j with a friendly message, exit 1, no stack trace, nothing written', async (args, message) => {
    const before = await database.orm.em
      .fork()
      .getConnection()
      .execute('select count(*)::int as n from users');
    const result = await runStride(args, env());
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    const after = await database.orm.em
      .fork()
      .getConnection()
      .execute('select count(*)::int as n from users');
    expect(after[0].n).toBe(before[0].n);
  });

  it('lists every configuration problem at once without printing secrets', async () => {
    const result = await runStride(['migrate'], {
      DATABASE_URL: 'mysql://admin:hunter2@db/stride',
      PORT: 'eighty',
      LOG_LEVEL: 'chatty',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Invalid configuration');
    expect(result.stderr).toMatch(/DATABASE_URL/);
    expect(result.stderr).toMatch(/PORT/);
    expect(result.stderr).toMatch(/LOG_LEVEL/);
    expect(result.stderr).not.toContain('hunter2');
  });

  it('makes one member of `users add --name Ada` and `chat --user Ada`, and lists members', async () => {
    const added = await runStride(
      ['users', 'add', '--name', 'Grace', '--timezone', 'Asia/Tokyo', '--json'],
      env(),
    );
    const { id, token } = JSON.parse(added.stdout);
    const chat = await runStride(['chat', '--user', 'grace', '--json'], env(), 'habit add Read\n');
    expect(chat.stderr).toBe('');
    expect(chat.stdout).toContain('Added **Read**');

    const listed = await runStride(['users', 'list', '--json'], env());
    expect(listed.code).toBe(0);
    const graces = JSON.parse(listed.stdout).filter(
      (member: { name: string }) => member.name.toLowerCase() === 'grace',
    );
    expect(graces).toEqual([{ id, name: 'Grace', timezone: 'Asia/Tokyo', platforms: ['console'] }]);
    // The token from `users add` sees what the chat did.
    const habits = await database.orm.em
      .fork()
      .getConnection()
      .execute('select name from habits where owner_id = ?', [id]);
    expect(habits).toEqual([{ name: 'Read' }]);
    expect(token).toMatch(/^stride_/);

    const again = await runStride(['users', 'add', '--name', 'GRACE'], env());
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`A member named Grace already exists (id ${id})`);
    expect(again.stderr).not.toMatch(/\n\s+at /);

    // The other way round: the console spoke first, so `users add` refuses the name.
    await runStride(['chat', '--user', 'Linus', '--json'], env(), 'habit list\n');
    const linus = await runStride(['users', 'add', '--name', 'linus', '--json'], env());
    expect(linus.code).toBe(1);
    expect(linus.stderr).toContain('A member named Linus already exists');

    const table = await runStride(['users', 'list'], env());
    expect(table.stdout).toMatch(/^ID\s+NAME\s+TIMEZONE\s+PLATFORMS$/m);
    expect(table.stdout).toMatch(new RegExp(`^${id}\\s+Grace\\s+Asia/Tokyo\\s+console$`, 'm'));
    // One member per person.
    const rows = await database.orm.em
      .fork()
      .getConnection()
      .execute<{ n: string }[]>(
        `select lower(name) as n from users where lower(name) in ('grace', 'linus') order by 1`,
      );
    expect(rows.map((row) => row.n)).toEqual(['grace', 'linus']);
    // Seven runs of the real CLI, each opening the database.
  }, 120_000);

  it('migrates', async () => {
    const result = await runStride(['migrate'], env());
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Database is up to date');
  });
});
