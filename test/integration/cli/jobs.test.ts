/**
 * The jobs from the terminal: `stride jobs list|run`, `stride outbox [--dead] | retry`, the
 * console inbox `stride chat` shows first, and `stride worker` stopping cleanly.
 */
import { spawn } from 'node:child_process';
import { childEnv, runStride, STRIDE_BIN } from '../../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const env = () => ({ DATABASE_URL: database.url });

async function sql<T>(query: string, params: unknown[] = []): Promise<T[]> {
  return database.orm.em.fork().getConnection().execute(query, params);
}

describe('stride jobs', () => {
  it('lists every job with its schedule, and runs one as of an instant', async () => {
    const before = await runStride(['jobs', 'list'], env());
    expect(before.code).toBe(0);
    expect(before.stdout).toMatch(/^retention\s+1 day\s+never/m);
    expect(before.stdout).toMatch(/Outbox: 0 queued, 0 failed \(retrying\), 0 dead, 0 sent\./);

    const run = await runStride(['jobs', 'run', 'retention', '--at', '2026-03-29T01:00:00Z'], env());
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^retention ran as of 2026-03-29T01:00:00\.000Z: handledEvents 0/);
    expect(run.stdout).toMatch(/delivered here: 0 sent/);

    const after = await runStride(['jobs', 'list', '--json'], env());
    const listed = JSON.parse(after.stdout);
    expect(listed.jobs.find((job: { job: string }) => job.job === 'retention')).toMatchObject({
      job: 'retention',
      every: '1 day',
      lastAsOf: '2026-03-29T01:00:00.000Z',
    });
  });

  it.each([
    [
      ['jobs', 'run', 'retention', '--at', '2026-03-29 01:00'],
      /--at needs an ISO-8601 instant with its offset/,
    ],
    [['jobs', 'run', 'retention', '--at', '2026-02-30T01:00:00Z'], /is not a real instant/],
    [
      ['jobs', 'run', 'weather'],
      /There is no job "weather"\. Jobs: reminders, nudges, risk, early-warning, weekly-review, retention/,
    ],
    [['jobs', 'run'], /jobs run needs one job name/],
    [['outbox', 'retry', 'nope'], /"nope" is not one/],
    [['outbox', 'retry', '6f1c0000-0000-4000-8000-000000000000'], /No failed or dead message has the id/],
  ])('refuses %j with a friendly message and exit 1', async (args, message) => {
    const result = await runStride(args, env());
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('stride outbox', () => {
  it('lists dead messages and queues one again on retry', async () => {
    await sql(
      `insert into outbox (id, kind, dedupe_key, reply, status, attempts, next_attempt_at, platform, last_error, created_at, updated_at)
       values ('0f1c0000-0000-4000-8000-000000000001', 'reminder', 'reminder:x:2026-11-28', '{"text":"hi"}', 'dead', 8, now(), 'telegram', 'Forbidden: bot was blocked by the user', now(), now())`,
    );
    const dead = await runStride(['outbox', '--dead'], env());
    expect(dead.code).toBe(0);
    expect(dead.stdout).toMatch(
      /0f1c0000-0000-4000-8000-000000000001\s+dead\s+reminder\s+telegram\s+8\s+-\s+Forbidden: bot was blocked/,
    );

    const retried = await runStride(['outbox', 'retry', '0f1c0000-0000-4000-8000-000000000001'], env());
    expect(retried.code).toBe(0);
    expect(retried.stdout).toMatch(/is queued again/);
    const row = await sql<{ status: string; attempts: number }>(
      `select status, attempts from outbox where id = '0f1c0000-0000-4000-8000-000000000001'`,
    );
    expect(row[0]).toEqual({ status: 'queued', attempts: 0 });
    expect((await runStride(['outbox', '--dead'], env())).stdout).toMatch(/No dead messages\./);
  });
});

describe('the console inbox', () => {
  it('shows what Stride sent while the member was away, once, with working buttons', async () => {
    const first = await runStride(['chat', '--user', 'Ines'], env(), 'habit add Stretch\n');
    expect(first.code).toBe(0);
    const [member] = await sql<{ id: string }>(
      `select u.id from users u join identities i on i.user_id = u.id where i.platform = 'console' and i.platform_user_id = 'ines'`,
    );
    await sql(
      `insert into outbox (id, user_id, kind, dedupe_key, reply, status, attempts, next_attempt_at, created_at, updated_at)
       values (gen_random_uuid(), ?, 'reminder', 'reminder:ines:test', ?, 'queued', 0, now() - interval '1 minute', now(), now())`,
      [
        member!.id,
        JSON.stringify({
          text: '⏰ Still to do today: **Stretch**',
          actions: [{ label: 'Done: Stretch', style: 'primary', command: 'habit log Stretch' }],
        }),
      ],
    );

    const opened = await runStride(['chat', '--user', 'Ines'], env(), '1\n');
    expect(opened.code).toBe(0);
    expect(opened.stdout).toMatch(/While you were away:\n.*Still to do today: .*Stretch/);
    // "1" pressed the inbox message's button: the habit is logged.
    const logs = await sql<{ n: number }>(`select count(*)::int as n from habit_logs`);
    expect(logs[0]!.n).toBe(1);

    const again = await runStride(['chat', '--user', 'Ines'], env(), '');
    expect(again.stdout).not.toMatch(/While you were away/);
    const row = await sql<{ status: string; platform: string; read_at: string | null }>(
      `select status, platform, read_at from outbox where dedupe_key = 'reminder:ines:test'`,
    );
    expect(row[0]).toMatchObject({ status: 'sent', platform: 'console' });
    expect(row[0]!.read_at).not.toBeNull();
  });
});

describe('stride worker', () => {
  it('runs the jobs without an HTTP server and stops cleanly on SIGTERM, leaving nothing locked', async () => {
    const child = spawn(process.execPath, [STRIDE_BIN, 'worker'], {
      env: childEnv({ ...env(), LOG_LEVEL: 'debug' }),
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    for (let i = 0; i < 200 && !/Stride worker is running the jobs/.test(output); i++)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(output).toMatch(/Stride worker is running the jobs/);
    for (let i = 0; i < 200 && !/"job":"retention".*job finished/.test(output); i++)
      await new Promise((resolve) => setTimeout(resolve, 100));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const locked = await sql<{ n: number }>(
      `select count(*)::int as n from agenda_jobs where locked_at is not null`,
    );
    expect(locked[0]!.n).toBe(0);
    const runs = await sql<{ n: number }>(
      `select count(*)::int as n from job_runs where job = 'retention' and error is null`,
    );
    expect(runs[0]!.n).toBeGreaterThanOrEqual(1);
  });
});
