import { startTestServer, type TestMember, type TestServer } from '../../support/app.js';

let server: TestServer;
let ada: TestMember;
let bob: TestMember;
let run: string;
let read: string;

beforeAll(async () => {
  server = await startTestServer({ now: '2026-11-20T12:00:00Z' });
  ada = await server.member('Ada');
  bob = await server.member('Bob');
  const post = (body: unknown) => server.request('POST', '/api/v1/habits', { token: ada.token, body });
  run = (
    await post({
      name: 'Run',
      schedule: { kind: 'daily' },
      target: { amount: 5, unit: 'km' },
      startDate: '2026-11-01',
    })
  ).body.id;
  read = (
    await post({ name: 'Read', schedule: { kind: 'daily' }, startDate: '2026-11-01', goalContribution: 2 })
  ).body.id;
});
afterAll(() => server.close());

const log = (habit: string, date: string, body: unknown) =>
  server.request('PUT', `/api/v1/habits/${habit}/logs/${date}`, { token: ada.token, body });

describe('goals', () => {
  it('creates a goal fed by habits and reports its progress', async () => {
    const created = await server.request('POST', '/api/v1/goals', {
      token: ada.token,
      body: {
        title: 'Run 30 km',
        target: 30,
        unit: 'km',
        startDate: '2026-11-10',
        deadline: '2026-12-31',
        habits: [run],
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      title: 'Run 30 km',
      target: 30,
      unit: 'km',
      habits: [run],
      completedAt: null,
    });
    const goal = created.body.id;

    await log(run, '2026-11-09', { status: 'done', amount: 50 }); // before the goal began: ignored
    await log(run, '2026-11-12', { status: 'done', amount: 12 });
    await log(run, '2026-11-13', { status: 'skipped' });
    await log(run, '2026-11-14', { status: 'done', amount: 3 }); // short of the daily target, but 3 km were run
    const progress = await server.request('GET', `/api/v1/goals/${goal}/progress`, { token: ada.token });
    expect(progress.body).toEqual({
      current: 15,
      target: 30,
      fraction: 0.5,
      completed: false,
      completedAt: null,
    });

    await log(run, '2026-11-15', { status: 'done', amount: 10 });
    expect(server.events.filter((e) => e.type === 'goal_completed')).toHaveLength(0);
    await log(run, '2026-11-16', { status: 'done', amount: 9 });
    const done = await server.request('GET', `/api/v1/goals/${goal}/progress`, { token: ada.token });
    expect(done.body).toMatchObject({ current: 34, fraction: 1, completed: true });
    expect(done.body.completedAt).toBe('2026-11-20T12:00:00.000Z');
    // Completes once: more logs, and even an undo, raise no second event.
    await log(run, '2026-11-17', { status: 'done', amount: 9 });
    await server.request('DELETE', `/api/v1/habits/${run}/logs/2026-11-17`, { token: ada.token });
    expect(server.events.filter((e) => e.type === 'goal_completed')).toEqual([
      { type: 'goal_completed', userId: ada.id, goalId: goal },
    ]);
  });

  it('counts a boolean habit by its contribution', async () => {
    const goal = (
      await server.request('POST', '/api/v1/goals', {
        token: ada.token,
        body: { title: 'Read 10 sessions', target: 10, habits: [read] },
      })
    ).body.id;
    await log(read, '2026-11-20', { status: 'done' });
    const progress = await server.request('GET', `/api/v1/goals/${goal}/progress`, { token: ada.token });
    expect(progress.body).toMatchObject({ current: 2, fraction: 0.2, completed: false });
  });

  it('edits, lists and deletes goals; habits can be replaced', async () => {
    const goal = (
      await server.request('POST', '/api/v1/goals', { token: ada.token, body: { title: 'Tmp', target: 5 } })
    ).body.id;
    const edited = await server.request('PATCH', `/api/v1/goals/${goal}`, {
      token: ada.token,
      body: { title: 'Renamed', habits: [read, run], deadline: null },
    });
    expect(edited.body).toMatchObject({ title: 'Renamed', deadline: null });
    expect(edited.body.habits.sort()).toEqual([read, run].sort());
    const list = await server.request('GET', '/api/v1/goals', { token: ada.token });
    expect(list.body.map((g: any) => g.title)).toEqual(['Run 30 km', 'Read 10 sessions', 'Renamed']);
    expect((await server.request('DELETE', `/api/v1/goals/${goal}`, { token: ada.token })).status).toBe(204);
    expect((await server.request('GET', `/api/v1/goals/${goal}`, { token: ada.token })).status).toBe(404);
  });

  it('makes exactly one goal of 50 concurrent creates with one title', async () => {
    const body = { title: 'Marathon', target: 42 };
    const results = await Promise.all(
      Array.from({ length: 50 }, () => server.request('POST', '/api/v1/goals', { token: ada.token, body })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    const refused = results.filter((r) => r.status === 409);
    expect(refused).toHaveLength(49);
    expect(refused[0]!.body.error).toEqual({
      id: 'goal_exists',
      message: 'You already have a goal called "Marathon".',
    });
    const list = await server.request('GET', '/api/v1/goals', { token: ada.token });
    expect(list.body.filter((g: any) => g.title === 'Marathon')).toHaveLength(1);
    await server.request('DELETE', `/api/v1/goals/${results.find((r) => r.status === 201)!.body.id}`, {
      token: ada.token,
    });
  });

  it('refuses a goal title that differs only in case, on create and on edit', async () => {
    const first = (
      await server.request('POST', '/api/v1/goals', {
        token: ada.token,
        body: { title: 'Books', target: 12 },
      })
    ).body.id;
    const again = await server.request('POST', '/api/v1/goals', {
      token: ada.token,
      body: { title: 'BOOKS', target: 3 },
    });
    expect(again.status).toBe(409);
    expect(again.body.error).toEqual({
      id: 'goal_exists',
      message: 'You already have a goal called "Books".',
    });
    const other = (
      await server.request('POST', '/api/v1/goals', { token: ada.token, body: { title: 'Films', target: 3 } })
    ).body.id;
    const renamed = await server.request('PATCH', `/api/v1/goals/${other}`, {
      token: ada.token,
      body: { title: 'books' },
    });
    expect(renamed.status).toBe(409);
    expect((await server.request('GET', `/api/v1/goals/${other}`, { token: ada.token })).body.title).toBe(
      'Films',
    );
    // Renaming a goal to its own title in another case is no clash.
    const recased = await server.request('PATCH', `/api/v1/goals/${first}`, {
      token: ada.token,
      body: { title: 'BOOKS' },
    });
    expect(recased.status).toBe(200);
    for (const id of [first, other])
      await server.request('DELETE', `/api/v1/goals/${id}`, { token: ada.token });
  });

  it('refuses a deadline before the start, and dates before 1970, on create and on edit', async () => {
    const post = (body: unknown) => server.request('POST', '/api/v1/goals', { token: ada.token, body });
    const early = await post({
      title: 'Backwards',
      target: 5,
      startDate: '2026-11-10',
      deadline: '2026-11-09',
    });
    expect(early.status).toBe(400);
    expect(early.body.error.message).toBe(
      'The deadline (2026-11-09) is before the goal starts (2026-11-10).',
    );
    for (const body of [
      { title: 'Old', target: 5, startDate: '0000-01-01' },
      { title: 'Old', target: 5, deadline: '0000-01-01' },
      { title: 'Old', target: 5, startDate: '1969-12-31' },
    ]) {
      const res = await post(body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('1970-01-01');
    }
    const goal = (
      await post({ title: 'Forwards', target: 5, startDate: '2026-11-10', deadline: '2026-11-10' })
    ).body;
    expect(goal.deadline).toBe('2026-11-10');
    const edited = await server.request('PATCH', `/api/v1/goals/${goal.id}`, {
      token: ada.token,
      body: { deadline: '2026-11-01' },
    });
    expect(edited.status).toBe(400);
    expect(
      (await server.request('GET', `/api/v1/goals/${goal.id}`, { token: ada.token })).body.deadline,
    ).toBe('2026-11-10');
    await server.request('DELETE', `/api/v1/goals/${goal.id}`, { token: ada.token });
  });

  it("refuses bad bodies and another member's habits and goals", async () => {
    for (const body of [
      {},
      { title: 'X', target: 0 },
      { title: 'X', target: 5, deadline: 'soon' },
      { title: 'X', target: 5, habits: ['nope'] },
    ]) {
      const res = await server.request('POST', '/api/v1/goals', { token: ada.token, body });
      expect(res.status).toBe(400);
    }
    const foreignHabit = await server.request('POST', '/api/v1/goals', {
      token: bob.token,
      body: { title: 'Steal', target: 5, habits: [run] },
    });
    expect(foreignHabit.status).toBe(404);
    expect((await server.request('GET', '/api/v1/goals', { token: bob.token })).body).toEqual([]);
    const adaGoal = (await server.request('GET', '/api/v1/goals', { token: ada.token })).body[0].id;
    for (const [method, path] of [
      ['GET', `/api/v1/goals/${adaGoal}`],
      ['PATCH', `/api/v1/goals/${adaGoal}`],
      ['DELETE', `/api/v1/goals/${adaGoal}`],
      ['GET', `/api/v1/goals/${adaGoal}/progress`],
    ] as const) {
      const res = await server.request(method, path, {
        token: bob.token,
        body: method === 'PATCH' ? { title: 'Mine' } : undefined,
      });
      expect(res.status).toBe(404);
    }
    expect((await server.request('GET', `/api/v1/goals/${adaGoal}`, { token: ada.token })).body.title).toBe(
      'Run 30 km',
    );
  });
});
