import { startTestServer, type TestMember, type TestServer } from '../../support/app.js';

let server: TestServer;
let ada: TestMember;
let bob: TestMember;

beforeAll(async () => {
  server = await startTestServer({ now: '2026-11-20T12:00:00Z' });
  ada = await server.member('Ada');
  bob = await server.member('Bob');
});
afterAll(() => server.close());

const run = { name: 'Morning run', schedule: { kind: 'per_period', times: 3, period: 'week' } };

describe('habits', () => {
  it('creates a habit starting today and returns it with its id', async () => {
    const res = await server.request('POST', '/api/v1/habits', { token: ada.token, body: run });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'Morning run',
      schedule: run.schedule,
      target: null,
      difficulty: 'medium',
      priority: 'medium',
      status: 'active',
      startDate: '2026-11-20',
    });
    expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('accepts every schedule kind and a numeric target', async () => {
    const bodies = [
      {
        name: 'Read',
        schedule: { kind: 'daily' },
        target: { amount: 20, unit: 'pages', direction: 'at_least' },
      },
      { name: 'Gym', schedule: { kind: 'weekdays', days: ['fri', 'mon', 'wed', 'mon'] }, priority: 'high' },
      { name: 'Water plants', schedule: { kind: 'every_n_days', n: 3 }, startDate: '2026-01-01' },
      {
        name: 'Coffee',
        schedule: { kind: 'daily' },
        target: { amount: 2, unit: 'cups', direction: 'at_most' },
      },
    ];
    for (const body of bodies) {
      const res = await server.request('POST', '/api/v1/habits', { token: ada.token, body });
      expect(res.status).toBe(201);
    }
    const list = await server.request('GET', '/api/v1/habits', { token: ada.token });
    expect(list.body.map((h: any) => h.name)).toEqual([
      'Morning run',
      'Read',
      'Gym',
      'Water plants',
      'Coffee',
    ]);
    expect(list.body[2].schedule.days).toEqual(['mon', 'wed', 'fri']);
  });

  it.each([
    [{}, 'name'],
    [{ name: '  ', schedule: { kind: 'daily' } }, 'name'],
    [{ name: 'X', schedule: { kind: 'hourly' } }, 'schedule'],
    [{ name: 'X', schedule: { kind: 'weekdays', days: [] } }, "schedule's days"],
    [{ name: 'X', schedule: { kind: 'weekdays', days: ['funday'] } }, "schedule's day 1"],
    [{ name: 'X', schedule: { kind: 'every_n_days', n: 0 } }, "schedule's count"],
    [{ name: 'X', schedule: { kind: 'per_period', times: 8, period: 'week' } }, "schedule's number of times"],
    [{ name: 'X', schedule: { kind: 'daily' }, target: { amount: -1, unit: 'km' } }, "target's amount"],
    [{ name: 'X', schedule: { kind: 'daily' }, startDate: '2026-02-30' }, 'start date'],
    [{ name: 'X', schedule: { kind: 'daily' }, difficulty: 'extreme' }, 'difficulty'],
    [{ name: 'X', schedule: { kind: 'daily' }, colour: 'red' }, 'colour'],
  ])('refuses %j with a 400 naming %s and writes nothing', async (body, field) => {
    const before = await server.request('GET', '/api/v1/habits', { token: bob.token });
    const res = await server.request('POST', '/api/v1/habits', { token: bob.token, body });
    expect(res.status).toBe(400);
    expect(res.body.error.id).toBe('validation_error');
    expect(res.body.error.message).toContain(field);
    const after = await server.request('GET', '/api/v1/habits', { token: bob.token });
    expect(after.body).toEqual(before.body);
  });

  it('refuses a second habit of the same name, whatever its case', async () => {
    const res = await server.request('POST', '/api/v1/habits', {
      token: ada.token,
      body: { ...run, name: 'MORNING RUN' },
    });
    expect(res.status).toBe(409);
    expect(res.body.error).toEqual({
      id: 'habit_exists',
      message: 'You already have a habit called "Morning run".',
    });
  });

  it('refuses a start before 1970, or in the year 0000, with a 400', async () => {
    for (const startDate of ['0000-01-01', '1969-12-31']) {
      const res = await server.request('POST', '/api/v1/habits', {
        token: ada.token,
        body: { name: 'Ancient', schedule: { kind: 'daily' }, startDate },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('1970-01-01');
    }
  });

  it('makes exactly one habit of 50 concurrent creates with one name', async () => {
    const body = { name: 'Juggle', schedule: { kind: 'daily' } };
    const results = await Promise.all(
      Array.from({ length: 50 }, () => server.request('POST', '/api/v1/habits', { token: ada.token, body })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    const refused = results.filter((r) => r.status === 409);
    expect(refused).toHaveLength(49);
    expect(refused[0]!.body.error).toEqual({
      id: 'habit_exists',
      message: 'You already have a habit called "Juggle".',
    });
    const list = await server.request('GET', '/api/v1/habits', { token: ada.token });
    expect(list.body.filter((h: any) => h.name === 'Juggle')).toHaveLength(1);
  });

  it('refuses renaming a habit onto another live name, and frees the name of an archived habit', async () => {
    const post = (name: string) =>
      server.request('POST', '/api/v1/habits', {
        token: ada.token,
        body: { name, schedule: { kind: 'daily' } },
      });
    const walk = (await post('Walk')).body.id;
    const swim = (await post('Swim')).body.id;
    const renamed = await server.request('PATCH', `/api/v1/habits/${swim}`, {
      token: ada.token,
      body: { name: 'WALK' },
    });
    expect(renamed.status).toBe(409);
    expect(renamed.body.error.id).toBe('habit_exists');
    expect((await server.request('GET', `/api/v1/habits/${swim}`, { token: ada.token })).body.name).toBe(
      'Swim',
    );
    await server.request('PATCH', `/api/v1/habits/${walk}`, {
      token: ada.token,
      body: { status: 'archived' },
    });
    expect((await post('walk')).status).toBe(201);
    // Unarchiving would make two live habits of one name.
    const unarchived = await server.request('PATCH', `/api/v1/habits/${walk}`, {
      token: ada.token,
      body: { status: 'active' },
    });
    expect(unarchived.status).toBe(409);
    expect(unarchived.body.error.id).toBe('habit_exists');
  });

  it('edits, pauses, resumes and archives a habit, keeping the paused span', async () => {
    const created = await server.request('POST', '/api/v1/habits', {
      token: ada.token,
      body: { name: 'Stretch', schedule: { kind: 'daily' }, startDate: '2026-11-01' },
    });
    const path = `/api/v1/habits/${created.body.id}`;
    const edited = await server.request('PATCH', path, {
      token: ada.token,
      body: { name: 'Stretching', schedule: { kind: 'weekdays', days: ['tue'] }, difficulty: 'hard' },
    });
    expect(edited.body).toMatchObject({
      name: 'Stretching',
      schedule: { kind: 'weekdays', days: ['tue'] },
      difficulty: 'hard',
    });

    server.setNow('2026-11-10T12:00:00Z');
    const paused = await server.request('PATCH', path, { token: ada.token, body: { status: 'paused' } });
    expect(paused.body.pausedSpans).toEqual([{ from: '2026-11-10', to: null }]);
    server.setNow('2026-11-15T12:00:00Z');
    const resumed = await server.request('PATCH', path, { token: ada.token, body: { status: 'active' } });
    expect(resumed.body).toMatchObject({
      status: 'active',
      pausedSpans: [{ from: '2026-11-10', to: '2026-11-14' }],
    });
    server.setNow('2026-11-20T12:00:00Z');

    const archived = await server.request('PATCH', path, { token: ada.token, body: { status: 'archived' } });
    expect(archived.body.status).toBe('archived');
    const list = await server.request('GET', '/api/v1/habits', { token: ada.token });
    expect(list.body.map((h: any) => h.id)).not.toContain(created.body.id);
    const all = await server.request('GET', '/api/v1/habits?archived=true', { token: ada.token });
    expect(all.body.map((h: any) => h.id)).toContain(created.body.id);
  });

  it('deletes a habit', async () => {
    const created = await server.request('POST', '/api/v1/habits', {
      token: ada.token,
      body: { name: 'Temporary', schedule: { kind: 'daily' } },
    });
    expect(
      (await server.request('DELETE', `/api/v1/habits/${created.body.id}`, { token: ada.token })).status,
    ).toBe(204);
    expect(
      (await server.request('GET', `/api/v1/habits/${created.body.id}`, { token: ada.token })).status,
    ).toBe(404);
  });
});

describe('who sees what', () => {
  it('answers 401 without a valid token', async () => {
    for (const token of [undefined, 'stride_nope', 'garbage']) {
      const res = await server.request('GET', '/api/v1/habits', { token });
      expect(res.status).toBe(401);
      expect(res.body.error.id).toBe('authentication_required');
    }
  });

  it("answers 404 for another member's habit on every route, and changes nothing", async () => {
    const own = (await server.request('GET', '/api/v1/habits', { token: ada.token })).body[0];
    const id = own.id;
    const attempts: [string, string, unknown?][] = [
      ['GET', `/api/v1/habits/${id}`],
      ['PATCH', `/api/v1/habits/${id}`, { name: 'Hijacked' }],
      ['DELETE', `/api/v1/habits/${id}`],
      ['GET', `/api/v1/habits/${id}/logs`],
      ['PUT', `/api/v1/habits/${id}/logs/2026-11-19`, { status: 'done' }],
      ['DELETE', `/api/v1/habits/${id}/logs/2026-11-19`],
      ['POST', `/api/v1/habits/${id}/logs`, { logs: [{ date: '2026-11-19', status: 'done' }] }],
      ['GET', `/api/v1/habits/${id}/stats`],
      ['GET', `/api/v1/habits/${id}/scores`],
      ['GET', `/api/v1/habits/${id}/heatmap`],
    ];
    for (const [method, path, body] of attempts) {
      const res = await server.request(method, path, { token: bob.token, body });
      expect([method, path, res.status, res.body.error?.id]).toEqual([method, path, 404, 'not_found']);
    }
    const after = await server.request('GET', `/api/v1/habits/${id}`, { token: ada.token });
    expect(after.body).toEqual(own);
    expect((await server.request('GET', `/api/v1/habits/${id}/logs`, { token: ada.token })).body).toEqual([]);
  });

  it('answers 404 for a malformed id', async () => {
    const res = await server.request('GET', '/api/v1/habits/not-an-id', { token: ada.token });
    expect(res.status).toBe(404);
    expect(res.body.error).toEqual({ id: 'not_found', message: 'Habit not found.' });
  });
});
