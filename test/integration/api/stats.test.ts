import { habitStats, scoreAt } from '../../../src/domain/index.js';
import { startTestServer, type TestMember, type TestServer } from '../../support/app.js';

let server: TestServer;
let ada: TestMember;

beforeAll(async () => {
  server = await startTestServer({ now: '2026-11-20T12:00:00Z' });
  ada = await server.member('Ada');
});
afterAll(() => server.close());

const day = (start: string, offset: number) => {
  const date = new Date(`${start}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + offset);
  return date.toISOString().slice(0, 10);
};

async function habitWith(
  body: Record<string, unknown>,
  logs: { date: string; status: string; amount?: number }[],
) {
  const created = await server.request('POST', '/api/v1/habits', { token: ada.token, body });
  expect(created.status).toBe(201);
  if (logs.length) {
    const res = await server.request('POST', `/api/v1/habits/${created.body.id}/logs`, {
      token: ada.token,
      body: { logs },
    });
    expect(res.status).toBe(200);
  }
  return created.body.id as string;
}

describe('stats over long histories', () => {
  it('scores 689 done days exactly as the published algorithm: 1 - m^n', async () => {
    const logs = Array.from({ length: 689 }, (_, i) => ({ date: day('2025-01-01', i), status: 'done' }));
    expect(logs.at(-1)!.date).toBe('2026-11-20');
    const id = await habitWith({ name: 'Floss', schedule: { kind: 'daily' }, startDate: '2025-01-01' }, logs);
    const res = await server.request('GET', `/api/v1/habits/${id}/stats`, { token: ada.token });
    expect(res.status).toBe(200);
    const m = 0.5 ** (1 / 13);
    expect(Math.abs(res.body.score - (1 - m ** 689))).toBeLessThan(1e-6);
    expect(res.body).toMatchObject({
      currentStreak: 689,
      longestStreak: 689,
      bestStreaks: [{ start: '2025-01-01', end: '2026-11-20', length: 689 }],
      adherence: { d7: 1, d30: 1, d90: 1 },
      consistency: 100,
      atRisk: false,
      suggestions: [],
    });

    const asOf = await server.request('GET', `/api/v1/habits/${id}/stats?asOf=2025-01-10`, {
      token: ada.token,
    });
    expect(Math.abs(asOf.body.score - (1 - m ** 10))).toBeLessThan(1e-6);
    expect(asOf.body.currentStreak).toBe(10);
  });

  it('agrees with the domain rules on a mixed 600-day history of every schedule kind', async () => {
    const statuses = ['done', 'done', 'skipped', 'done', 'missed', 'done', 'done', 'done', 'missed'];
    const schedules = [
      { kind: 'daily' },
      { kind: 'weekdays', days: ['mon', 'wed', 'fri'] },
      { kind: 'every_n_days', n: 3 },
      { kind: 'per_period', times: 3, period: 'week' },
      { kind: 'per_period', times: 10, period: 'month' },
    ];
    for (const [index, schedule] of schedules.entries()) {
      const logs = Array.from({ length: 600 }, (_, i) => ({
        date: day('2025-03-30', i),
        status: statuses[(i * 7 + index) % statuses.length]!,
      })).filter((_, i) => i % 4 !== 1);
      const id = await habitWith({ name: `Mixed ${index}`, schedule, startDate: '2025-03-30' }, logs);
      const res = await server.request('GET', `/api/v1/habits/${id}/stats?asOf=2026-11-19`, {
        token: ada.token,
      });
      const rules = {
        schedule: schedule as any,
        target: null,
        startDate: '2025-03-30',
        pausedSpans: [],
        difficulty: 'medium' as const,
      };
      const expected = habitStats(rules, logs as any, '2026-11-19');
      expect(res.body).toEqual(JSON.parse(JSON.stringify(expected)));
      const scores = await server.request(
        'GET',
        `/api/v1/habits/${id}/scores?from=2026-10-01&to=2026-11-19`,
        {
          token: ada.token,
        },
      );
      expect(scores.body).toHaveLength(50);
      expect(scores.body[49].date).toBe('2026-11-19');
      expect(Math.abs(scores.body[49].score - scoreAt(rules, logs as any, '2026-11-19'))).toBeLessThan(1e-9);
    }
  });
});

describe('streaks, risk and the heatmap', () => {
  it('bridges skipped days, keeps today open, and flags two missed due days', async () => {
    const logs = [
      { date: '2026-11-10', status: 'done' },
      { date: '2026-11-11', status: 'done' },
      { date: '2026-11-14', status: 'done' },
      { date: '2026-11-15', status: 'skipped' },
      { date: '2026-11-16', status: 'done' },
    ];
    const id = await habitWith(
      { name: 'Journal', schedule: { kind: 'daily' }, startDate: '2026-11-10' },
      logs,
    );
    const stats = await server.request('GET', `/api/v1/habits/${id}/stats?asOf=2026-11-17`, {
      token: ada.token,
    });
    expect(stats.body).toMatchObject({ currentStreak: 2, longestStreak: 2, atRisk: false });
    const later = await server.request('GET', `/api/v1/habits/${id}/stats`, { token: ada.token });
    // 17, 18 and 19 have no log: the streak is broken and the habit is at risk.
    expect(later.body).toMatchObject({ currentStreak: 0, atRisk: true });

    const heat = await server.request('GET', `/api/v1/habits/${id}/heatmap?from=2026-11-09&to=2026-11-21`, {
      token: ada.token,
    });
    expect(heat.body.map((d: any) => d.status)).toEqual([
      'before_start',
      'done',
      'done',
      'missed',
      'missed',
      'done',
      'skipped',
      'done',
      'missed',
      'missed',
      'missed',
      'open',
      'future',
    ]);
  });

  it('refuses a bad range', async () => {
    const id = await habitWith({ name: 'Range', schedule: { kind: 'daily' } }, []);
    for (const query of [
      'from=2026-11-20&to=2026-11-01',
      'from=2000-01-01&to=2026-11-01',
      'from=yesterday',
    ]) {
      const res = await server.request('GET', `/api/v1/habits/${id}/scores?${query}`, { token: ada.token });
      expect(res.status).toBe(400);
    }
  });
});

describe('dates the API refuses', () => {
  it('answers 400, not 500, for reversed ranges, days before 1970 and the year 0000', async () => {
    const id = await habitWith({ name: 'Dates', schedule: { kind: 'daily' } }, []);
    for (const path of ['scores', 'heatmap', 'logs']) {
      for (const query of [
        'from=2026-11-20&to=2026-11-19',
        'from=0000-01-01',
        'to=1969-12-31',
        'from=0000-02-30',
      ]) {
        const res = await server.request('GET', `/api/v1/habits/${id}/${path}?${query}`, {
          token: ada.token,
        });
        expect(res.status).toBe(400);
        expect(res.body.error.id).toBe('validation_error');
      }
    }
    for (const asOf of ['0000-01-01', '1969-12-31']) {
      const res = await server.request('GET', `/api/v1/habits/${id}/stats?asOf=${asOf}`, {
        token: ada.token,
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('1970-01-01');
    }
  });

  it('refuses stats as of a day in the future, and takes today', async () => {
    const id = await habitWith({ name: 'Tomorrow', schedule: { kind: 'daily' } }, []);
    const future = await server.request('GET', `/api/v1/habits/${id}/stats?asOf=2026-11-21`, {
      token: ada.token,
    });
    expect(future.status).toBe(400);
    expect(future.body.error).toEqual({
      id: 'future_date',
      message: 'asOf (2026-11-21) is in the future; today is 2026-11-20.',
    });
    const today = await server.request('GET', `/api/v1/habits/${id}/stats?asOf=2026-11-20`, {
      token: ada.token,
    });
    expect(today.status).toBe(200);
  });
});

describe('dashboard', () => {
  it("lists every current habit with today's status and the member's risk", async () => {
    const eve = await server.member('Eve');
    const post = (body: unknown) => server.request('POST', '/api/v1/habits', { token: eve.token, body });
    const a = (await post({ name: 'A', schedule: { kind: 'daily' }, startDate: '2026-11-01' })).body.id;
    await post({ name: 'B', schedule: { kind: 'daily' }, startDate: '2026-11-01' });
    await server.request('PUT', `/api/v1/habits/${a}/logs/2026-11-20`, {
      token: eve.token,
      body: { status: 'done' },
    });
    const res = await server.request('GET', '/api/v1/me/dashboard', { token: eve.token });
    expect(res.status).toBe(200);
    expect(res.body.today).toBe('2026-11-20');
    expect(res.body.habits.map((h: any) => [h.habit.name, h.today.status, h.stats.currentStreak])).toEqual([
      ['A', 'done', 1],
      ['B', 'open', 0],
    ]);
    expect(['medium', 'high']).toContain(res.body.risk.level);
    expect(res.body.risk.score).toBeGreaterThan(0.34);
  });
});
