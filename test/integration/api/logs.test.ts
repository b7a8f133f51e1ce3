import { createUser } from '../../../src/services/accounts.js';
import { setTimezone } from '../../../src/services/members.js';
import { Habit, User } from '../../../src/store/entities/index.js';
import { startTestServer, type TestMember, type TestServer } from '../../support/app.js';
import { withStatements } from '../../support/statements.js';

let server: TestServer;
let ada: TestMember;
let habitId: string;
let numericId: string;

beforeAll(async () => {
  server = await startTestServer({ now: '2026-11-20T12:00:00Z' });
  ada = await server.member('Ada');
  const post = (body: unknown) => server.request('POST', '/api/v1/habits', { token: ada.token, body });
  habitId = (await post({ name: 'Meditate', schedule: { kind: 'daily' }, startDate: '2026-01-01' })).body.id;
  numericId = (
    await post({
      name: 'Run',
      schedule: { kind: 'daily' },
      target: { amount: 5, unit: 'km' },
      startDate: '2026-11-01',
    })
  ).body.id;
});
afterAll(() => server.close());

const logsPath = (id: string) => `/api/v1/habits/${id}/logs`;

describe('one log per habit per day', () => {
  it('upserts a day: logging again updates the same log', async () => {
    const first = await server.request('PUT', `${logsPath(habitId)}/2026-11-19`, {
      token: ada.token,
      body: { status: 'done', note: 'calm' },
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ date: '2026-11-19', status: 'done', note: 'calm', source: 'api' });
    const again = await server.request('PUT', `${logsPath(habitId)}/2026-11-19`, {
      token: ada.token,
      body: { status: 'skipped' },
    });
    // An absent note keeps the day's note (see "re-logging" below).
    expect(again.body).toMatchObject({ date: '2026-11-19', status: 'skipped', note: 'calm' });
    const list = await server.request('GET', logsPath(habitId), { token: ada.token });
    expect(list.body).toHaveLength(1);
    expect(list.body[0].status).toBe('skipped');
  });

  it('is two statements: the token with the habit, then the log', async () => {
    const { result, sent } = await withStatements(() =>
      server.request('PUT', `${logsPath(habitId)}/2026-11-10`, {
        token: ada.token,
        body: { status: 'done' },
      }),
    );
    expect(result.status).toBe(200);
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatch(/from api_tokens[\s\S]*from habits/);
    expect(sent[1]).toMatch(/insert into habit_logs/);
  });

  it("answers 404 for another member's habit, read along with the token or not", async () => {
    const bob = await server.member('Bob');
    const put = await server.request('PUT', `${logsPath(habitId)}/2026-11-10`, {
      token: bob.token,
      body: { status: 'skipped' },
    });
    expect(put.status).toBe(404);
    const day = await server.request('GET', `${logsPath(habitId)}?from=2026-11-10&to=2026-11-10`, {
      token: ada.token,
    });
    expect(day.body).toMatchObject([{ status: 'done' }]);
  });

  it('never writes two logs when the same request arrives twice at once', async () => {
    const put = () =>
      server.request('PUT', `${logsPath(habitId)}/2026-11-18`, {
        token: ada.token,
        body: { status: 'done' },
      });
    const results = await Promise.all([put(), put(), put(), put()]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const list = await server.request('GET', `${logsPath(habitId)}?from=2026-11-18&to=2026-11-18`, {
      token: ada.token,
    });
    expect(list.body).toHaveLength(1);
  });

  it("refuses a future day in the member's time zone", async () => {
    const res = await server.request('PUT', `${logsPath(habitId)}/2026-11-21`, {
      token: ada.token,
      body: { status: 'done' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({
      id: 'future_date',
      message: '2026-11-21 is in the future; today is 2026-11-20.',
    });
  });

  it('refuses an impossible date, a bad status and an amount on a yes/no habit', async () => {
    const bad: [string, unknown, string][] = [
      ['2026-13-01', { status: 'done' }, 'date'],
      ['2025-02-29', { status: 'done' }, 'date'],
      ['2026-11-17', { status: 'finished' }, 'status'],
      ['2026-11-17', { status: 'done', amount: 3 }, 'no numeric target'],
      ['2026-11-17', { status: 'done', amount: -3 }, 'amount'],
    ];
    for (const [date, body, words] of bad) {
      const res = await server.request('PUT', `${logsPath(habitId)}/${date}`, { token: ada.token, body });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(words);
    }
    const list = await server.request('GET', `${logsPath(habitId)}?from=2026-11-17&to=2026-11-17`, {
      token: ada.token,
    });
    expect(list.body).toEqual([]);
  });

  it('undoes a day and answers 404 when there is nothing to undo', async () => {
    await server.request('PUT', `${logsPath(habitId)}/2026-11-10`, {
      token: ada.token,
      body: { status: 'done' },
    });
    expect(
      (await server.request('DELETE', `${logsPath(habitId)}/2026-11-10`, { token: ada.token })).status,
    ).toBe(204);
    const again = await server.request('DELETE', `${logsPath(habitId)}/2026-11-10`, { token: ada.token });
    expect(again.status).toBe(404);
  });

  it('keeps amounts of numeric habits', async () => {
    const res = await server.request('PUT', `${logsPath(numericId)}/2026-11-20`, {
      token: ada.token,
      body: { status: 'done', amount: 5.5 },
    });
    expect(res.body).toMatchObject({ status: 'done', amount: 5.5 });
  });
});

describe('re-logging a day', () => {
  it('keeps the amount and note it does not name, and clears those sent as null', async () => {
    const day = `${logsPath(numericId)}/2026-11-12`;
    const put = (body: unknown) => server.request('PUT', day, { token: ada.token, body });
    await put({ status: 'done', amount: 25, note: 'hills' });
    expect((await put({ status: 'done' })).body).toMatchObject({ amount: 25, note: 'hills' });
    expect((await put({ status: 'skipped', note: null })).body).toMatchObject({
      status: 'skipped',
      amount: 25,
      note: null,
    });
    expect((await put({ status: 'done', amount: null })).body).toMatchObject({ amount: null, note: null });
    const [stored] = (
      await server.request('GET', `${logsPath(numericId)}?from=2026-11-12&to=2026-11-12`, {
        token: ada.token,
      })
    ).body;
    expect(stored).toMatchObject({ status: 'done', amount: null, note: null });
  });

  it('documents absent = keep and null = clear in OpenAPI', async () => {
    const document = (await server.request('GET', '/api/v1/openapi.json')).body;
    const put = document.paths['/api/v1/habits/{id}/logs/{date}'].put;
    expect(put.description).toMatch(/absent.*keep/i);
    expect(put.description).toMatch(/null.*clear/i);
  });
});

describe('the start date follows the earliest log', () => {
  const post = async (name: string, startDate: string) =>
    (
      await server.request('POST', '/api/v1/habits', {
        token: ada.token,
        body: { name, schedule: { kind: 'daily' }, startDate },
      })
    ).body.id as string;
  const startOf = async (id: string) =>
    (await server.request('GET', `/api/v1/habits/${id}`, { token: ada.token })).body.startDate as string;

  it('moves nothing when the log cannot be written', async () => {
    const id = await post('Floss', '2026-11-01');
    const sql = (text: string) => server.database.orm.em.fork().getConnection().execute(text);
    // A constraint that refuses this one day stands in for any failure after the start has moved.
    await sql(`alter table habit_logs add constraint refuse_one_day check (date <> '2020-01-01')`);
    try {
      const res = await server.request('PUT', `${logsPath(id)}/2020-01-01`, {
        token: ada.token,
        body: { status: 'done' },
      });
      expect(res.status).toBe(500);
    } finally {
      await sql(`alter table habit_logs drop constraint refuse_one_day`);
    }
    expect(await startOf(id)).toBe('2026-11-01');
  });

  it('keeps the earliest of concurrent backdated logs', async () => {
    const id = await post('Journal', '2026-11-01');
    const dates = Array.from({ length: 20 }, (_, i) => `2026-10-${String(i + 1).padStart(2, '0')}`);
    const results = await Promise.all(
      dates.map((date) =>
        server.request('PUT', `${logsPath(id)}/${date}`, { token: ada.token, body: { status: 'done' } }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(dates.map(() => 200));
    expect(await startOf(id)).toBe('2026-10-01');
  });

  it('goes back to the declared start when the earliest log is undone', async () => {
    const id = await post('Sketch', '2026-11-01');
    await server.request('PUT', `${logsPath(id)}/2026-10-10`, { token: ada.token, body: { status: 'done' } });
    await server.request('PUT', `${logsPath(id)}/2026-10-20`, { token: ada.token, body: { status: 'done' } });
    expect(await startOf(id)).toBe('2026-10-10');
    await server.request('DELETE', `${logsPath(id)}/2026-10-10`, { token: ada.token });
    expect(await startOf(id)).toBe('2026-10-20');
    await server.request('DELETE', `${logsPath(id)}/2026-10-20`, { token: ada.token });
    expect(await startOf(id)).toBe('2026-11-01');
    // Undoing a log after the start leaves it alone.
    await server.request('PUT', `${logsPath(id)}/2026-11-05`, { token: ada.token, body: { status: 'done' } });
    await server.request('DELETE', `${logsPath(id)}/2026-11-05`, { token: ada.token });
    expect(await startOf(id)).toBe('2026-11-01');
  });

  it('takes an explicit start, but not one after the first log', async () => {
    const id = await post('Garden', '2026-11-01');
    await server.request('PUT', `${logsPath(id)}/2026-11-03`, { token: ada.token, body: { status: 'done' } });
    const patch = (startDate: string) =>
      server.request('PATCH', `/api/v1/habits/${id}`, { token: ada.token, body: { startDate } });
    expect((await patch('2026-09-01')).body.startDate).toBe('2026-09-01');
    const late = await patch('2026-11-10');
    expect(late.status).toBe(400);
    expect(late.body.error.message).toContain('2026-11-03');
    expect((await patch('2026-11-02')).body.startDate).toBe('2026-11-02');
    // The edited start is the one undoing goes back to.
    await server.request('PUT', `${logsPath(id)}/2026-10-01`, { token: ada.token, body: { status: 'done' } });
    await server.request('DELETE', `${logsPath(id)}/2026-10-01`, { token: ada.token });
    expect(await startOf(id)).toBe('2026-11-02');
    expect((await patch('0000-01-01')).status).toBe(400);
    expect((await patch('1969-12-31')).status).toBe(400);
  });

  it('imports backdated logs and moves the start to the earliest', async () => {
    const id = await post('Import start', '2026-11-01');
    const logs = [
      { date: '2026-10-05', status: 'done' },
      { date: '2026-09-05', status: 'done' },
    ];
    expect((await server.request('POST', logsPath(id), { token: ada.token, body: { logs } })).status).toBe(
      200,
    );
    expect(await startOf(id)).toBe('2026-09-05');
  });
});

describe('dates far in the past', () => {
  it('refuses days before 1970 and the year 0000 with a 400 that says so', async () => {
    for (const date of ['1969-12-31', '0000-01-01', '0001-01-01']) {
      const res = await server.request('PUT', `${logsPath(habitId)}/${date}`, {
        token: ada.token,
        body: { status: 'done' },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('1970-01-01');
      const list = await server.request('GET', `${logsPath(habitId)}?from=${date}`, { token: ada.token });
      expect(list.status).toBe(400);
      expect(
        (await server.request('DELETE', `${logsPath(habitId)}/${date}`, { token: ada.token })).status,
      ).toBe(400);
    }
    const imported = await server.request('POST', logsPath(habitId), {
      token: ada.token,
      body: { logs: [{ date: '0000-01-01', status: 'done' }] },
    });
    expect(imported.status).toBe(400);
  });

  it('accepts 1970-01-01, moving the start there', async () => {
    const id = (
      await server.request('POST', '/api/v1/habits', {
        token: ada.token,
        body: { name: 'Epoch', schedule: { kind: 'daily' } },
      })
    ).body.id;
    const res = await server.request('PUT', `${logsPath(id)}/1970-01-01`, {
      token: ada.token,
      body: { status: 'done' },
    });
    expect(res.status).toBe(200);
    expect((await server.request('GET', `/api/v1/habits/${id}`, { token: ada.token })).body.startDate).toBe(
      '1970-01-01',
    );
  });

  it('refuses a reversed range', async () => {
    const res = await server.request('GET', `${logsPath(habitId)}?from=2026-11-10&to=2026-11-01`, {
      token: ada.token,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/before|after/);
  });
});

describe('undo', () => {
  it('undoes a day that is in the future after a time zone change', async () => {
    const services = server.services();
    const kiri = await createUser(services, { name: 'Kiri', timezone: 'Pacific/Kiritimati' });
    const habit = services.em.create(Habit, {
      owner: kiri,
      name: 'Swim',
      schedule: { kind: 'daily' },
      startDate: '2026-11-01',
    });
    await services.em.flush();
    const { upsertLog, deleteLog } = await import('../../../src/services/logs.js');
    // 12:00 UTC is already the 21st at UTC+14.
    await upsertLog(services, kiri, habit.id, '2026-11-21', { status: 'done' });
    await setTimezone(services, kiri, 'UTC');
    await deleteLog(services, kiri, habit.id, '2026-11-21');
    const fresh = server.services();
    expect(await fresh.em.count('HabitLog', { habit: habit.id })).toBe(0);
    expect((await fresh.em.findOneOrFail(User, kiri.id)).timezone).toBe('UTC');
  });

  it('answers 404, not 500, for a log racing the deletion of its habit', async () => {
    const services = server.services();
    const user = await services.em.findOneOrFail(User, ada.id);
    const id = (
      await server.request('POST', '/api/v1/habits', {
        token: ada.token,
        body: { name: 'Doomed', schedule: { kind: 'daily' } },
      })
    ).body.id;
    const habit = await services.em.findOneOrFail(Habit, id);
    await server.request('DELETE', `/api/v1/habits/${id}`, { token: ada.token });
    const { upsertLog } = await import('../../../src/services/logs.js');
    // The habit was loaded before it was deleted: the write itself finds it gone.
    await expect(upsertLog(services, user, habit, '2026-11-20', { status: 'done' })).rejects.toMatchObject({
      status: 404,
      id: 'not_found',
    });
  });
});

describe('import', () => {
  it('imports many logs at once, overwriting days that had one', async () => {
    const logs = Array.from({ length: 300 }, (_, i) => ({
      date: new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10),
      status: i % 5 === 0 ? 'missed' : 'done',
    }));
    const res = await server.request('POST', logsPath(habitId), { token: ada.token, body: { logs } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ imported: 300 });
    const list = await server.request('GET', `${logsPath(habitId)}?from=2026-01-01&to=2026-10-27`, {
      token: ada.token,
    });
    expect(list.body).toHaveLength(300);
    expect(list.body[0]).toMatchObject({ date: '2026-01-01', status: 'missed', source: 'import' });
  });

  it('writes nothing when one row is bad', async () => {
    const before = await server.request('GET', logsPath(habitId), { token: ada.token });
    for (const badRow of [
      { date: '2026-11-31', status: 'done' },
      { date: '2026-11-25', status: 'done' },
      { date: '2026-11-05', status: 'maybe' },
      { date: '2026-11-04', status: 'done' }, // repeats a day of the same import
    ]) {
      const logs = [
        { date: '2026-11-01', status: 'skipped' },
        { date: '2026-11-04', status: 'skipped' },
        badRow,
        { date: '2026-11-06', status: 'done' },
      ];
      const res = await server.request('POST', logsPath(habitId), { token: ada.token, body: { logs } });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/logs\[2\]|Log 3/);
    }
    const after = await server.request('GET', logsPath(habitId), { token: ada.token });
    expect(after.body).toEqual(before.body);
  });

  it('takes 10,000 logs in one request and refuses 10,001', async () => {
    const day = (i: number) => new Date(Date.UTC(1999, 0, 1 + i)).toISOString().slice(0, 10);
    const logs = Array.from({ length: 10_000 }, (_, i) => ({ date: day(i), status: 'done' as const }));
    const ok = await server.request('POST', logsPath(numericId), { token: ada.token, body: { logs } });
    expect(ok.body).toEqual({ imported: 10_000 });
    const tooMany = await server.request('POST', logsPath(numericId), {
      token: ada.token,
      body: { logs: [...logs, { date: '2026-11-19', status: 'done' }] },
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toContain('at most 10000');
  });
});
