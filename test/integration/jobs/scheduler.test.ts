/**
 * Agenda on PostgreSQL as Stride runs it: two processes' schedulers on one database run a job
 * occurrence once, and stopping lets a running job finish and leaves nothing locked.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { InProcessEventBus } from '../../../src/events/in-process.js';
import { JobScheduler, type JobDefinition } from '../../../src/jobs/index.js';
import { createLogger } from '../../../src/logger.js';
import { MessengerRegistry } from '../../../src/services/messengers.js';
import { Outbox } from '../../../src/services/outbox.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const logger = createLogger('silent');

function schedulerWith(jobs: JobDefinition[], options: { drainTimeoutMs?: number } = {}) {
  const events = new InProcessEventBus();
  return new JobScheduler(
    {
      services: (now: () => Date = () => new Date()) => ({ em: database.orm.em.fork(), events, now }),
      outbox: new Outbox(),
      messengers: new MessengerRegistry(),
      logger,
    },
    {
      databaseUrl: database.url,
      jobs,
      processEveryMs: 200,
      // Agenda watches a running job every lockLifetime/2 and that timer outlives the job: keep it short.
      lockLifetimeMs: 1_000,
      deliveryIntervalMs: 200,
      ...options,
    },
  );
}

async function sql<T>(query: string, params: unknown[] = []): Promise<T[]> {
  return database.orm.em.fork().getConnection().execute(query, params);
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await sleep(50);
  }
  throw new Error(`timed out waiting until ${what}`);
}

const runsOf = async (job: string) =>
  (await sql<{ n: number }>('select count(*)::int as n from job_runs where job = ?', [job]))[0]!.n;

describe('the job scheduler', () => {
  it('runs an occurrence once although two processes schedule the same job', async () => {
    let calls = 0;
    const job: JobDefinition = {
      name: 'hourly-once',
      every: '1 hour',
      summary: 'counts its runs',
      run: async () => {
        calls++;
        await sleep(100);
        return { calls };
      },
    };
    const first = schedulerWith([job]);
    const second = schedulerWith([job]);
    await Promise.all([first.start(), second.start()]);
    try {
      await until(async () => (await runsOf('hourly-once')) >= 1, 'the first occurrence ran');
      // Both schedulers poll several times more: the occurrence must not run again.
      await sleep(1000);
      expect(await runsOf('hourly-once')).toBe(1);
      expect(calls).toBe(1);
      const scheduled = await sql<{ n: number }>(
        `select count(*)::int as n from agenda_jobs where name = 'hourly-once'`,
      );
      expect(scheduled[0]!.n).toBe(1);
    } finally {
      await Promise.all([first.stop(), second.stop()]);
    }
  });

  it('lets a running job finish when stopped, and leaves nothing locked', async () => {
    let finished = false;
    const job: JobDefinition = {
      name: 'slow',
      every: '1 hour',
      summary: 'takes a while',
      run: async () => {
        await sleep(700);
        finished = true;
        return { ok: 'yes' };
      },
    };
    const scheduler = schedulerWith([job]);
    await scheduler.start();
    try {
      await until(async () => (await runsOf('slow')) === 1, 'the job started');
    } finally {
      await scheduler.stop();
    }
    expect(finished).toBe(true);
    const run = await sql<{ finished_at: string | null; result: unknown }>(
      `select finished_at, result from job_runs where job = 'slow'`,
    );
    expect(run[0]!.finished_at).not.toBeNull();
    expect(run[0]!.result).toEqual({ ok: 'yes' });
    const locked = await sql<{ n: number }>(
      `select count(*)::int as n from agenda_jobs where locked_at is not null`,
    );
    expect(locked[0]!.n).toBe(0);
  });

  it('releases a job that outlasts the drain, so another process can run it', async () => {
    let release: () => void = () => undefined;
    const stuck = new Promise<void>((resolve) => (release = resolve));
    const job: JobDefinition = {
      name: 'stuck',
      every: '1 hour',
      summary: 'never finishes by itself',
      run: async () => {
        await stuck;
        return {};
      },
    };
    const scheduler = schedulerWith([job], { drainTimeoutMs: 300 });
    await scheduler.start();
    try {
      await until(async () => (await runsOf('stuck')) === 1, 'the job started');
      await scheduler.stop();
      const locked = await sql<{ n: number }>(
        `select count(*)::int as n from agenda_jobs where name = 'stuck' and locked_at is not null`,
      );
      expect(locked[0]!.n).toBe(0);
    } finally {
      release();
      await scheduler.stop();
    }
  });

  it('finds a job that fell due without a notification at its next poll', async () => {
    const job: JobDefinition = {
      name: 'polled',
      every: '1 hour',
      summary: 'counts its runs',
      run: async () => ({}),
    };
    const scheduler = schedulerWith([job]);
    await scheduler.start();
    try {
      await until(async () => (await runsOf('polled')) === 1, 'the first occurrence ran');
      await until(async () => {
        const due = await sql<{ n: number }>(
          `select count(*)::int as n from agenda_jobs where name = 'polled' and locked_at is null and next_run_at > now()`,
        );
        return due[0]!.n === 1;
      }, 'the next occurrence was scheduled');
      // What another process's clock or an operator's reschedule looks like: no NOTIFY is sent,
      // so only the poll (every 200 ms here) can find it.
      await sql(`update agenda_jobs set next_run_at = now() where name = 'polled'`);
      await until(async () => (await runsOf('polled')) === 2, 'the poll found the due occurrence');
    } finally {
      await scheduler.stop();
    }
  });
});
