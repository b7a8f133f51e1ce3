import { startTestServer, type TestMember, type TestServer } from '../../support/app.js';

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
    expect(again.body).toMatchObject({ date: '2026-11-19', status: 'skipped', note: null });
    const list = await server.request('GET', logsPath(habitId), { token: ada.token });
    expect(list.body).toHaveLength(1);
    expect(list.body[0].status).toBe('skipped');
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
      expect(res.body.error.message).toMatch(/logs(\[|\.)2/);
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
