import { createServer, type AddressInfo, type Socket } from 'node:net';
import { openWarehouse } from '../../../src/warehouse/index.js';
import { PostgresWarehouse } from '../../../src/warehouse/postgres.js';
import { syncWarehouse } from '../../../src/warehouse/sync.js';
import { startTestServer, type TestMember, type TestServer } from '../../support/app.js';

let server: TestServer;
let ada: TestMember;

beforeAll(async () => {
  server = await startTestServer();
  ada = await server.member('Ada');
});
afterAll(() => server.close());

describe('the HTTP surface', () => {
  it('answers health and readiness', async () => {
    expect((await server.request('GET', '/healthz')).body).toEqual({ status: 'ok' });
    expect((await server.request('GET', '/readyz')).body).toEqual({ status: 'ready' });
  });

  it('serves an OpenAPI 3.1 document covering every route', async () => {
    const res = await server.request('GET', '/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/habits',
        '/api/v1/habits/{id}',
        '/api/v1/habits/{id}/logs/{date}',
        '/api/v1/habits/{id}/stats',
        '/api/v1/goals/{id}/progress',
        '/api/v1/me/dashboard',
      ]),
    );
    const create = res.body.paths['/api/v1/habits'].post;
    expect(create.requestBody.content['application/json'].schema).toBeDefined();
    expect(res.body.components.schemas.Schedule).toBeDefined();
  });

  it('lists every status each route can answer', async () => {
    const { paths } = (await server.request('GET', '/api/v1/openapi.json')).body;
    const statuses = (path: string, method: string) =>
      Object.keys(paths[`/api/v1${path}`][method].responses).sort();
    expect(statuses('/habits', 'post')).toEqual(['201', '400', '401', '409', '413', '415', '500']);
    expect(statuses('/habits/{id}', 'patch')).toEqual([
      '200',
      '400',
      '401',
      '404',
      '409',
      '413',
      '415',
      '500',
    ]);
    expect(statuses('/habits/{id}/logs/{date}', 'put')).toEqual([
      '200',
      '400',
      '401',
      '404',
      '413',
      '415',
      '500',
    ]);
    expect(statuses('/habits/{id}/logs/{date}', 'delete')).toEqual(['204', '400', '401', '404', '500']);
    expect(statuses('/goals', 'post')).toEqual(['201', '400', '401', '404', '409', '413', '415', '500']);
    expect(statuses('/goals/{id}', 'patch')).toContain('409');
    expect(statuses('/me', 'get')).toEqual(['200', '401', '500']);
  });

  it('answers unknown routes, wrong methods and broken JSON with a JSON error', async () => {
    const unknown = await server.request('GET', '/api/v1/nothing', { token: ada.token });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.id).toBe('not_found');
    const method = await server.request('POST', '/api/v1/me', { token: ada.token });
    expect(method.status).toBe(405);
    const broken = await server.request('POST', '/api/v1/habits', { token: ada.token, raw: '{"name": ' });
    expect(broken.status).toBe(400);
    expect(broken.body.error).toEqual({ id: 'invalid_json', message: 'The request body is not valid JSON.' });
    expect(JSON.stringify(broken.body)).not.toMatch(/at .*\.(js|ts)/);
  });

  it('refuses a lone UTF-16 surrogate in a JSON string with a 400, writing nothing', async () => {
    for (const raw of [
      String.raw`{"name":"\ud800","schedule":{"kind":"daily"}}`,
      String.raw`{"name":"a\udfffb","schedule":{"kind":"daily"}}`,
      String.raw`{"name":"Ok","schedule":{"kind":"daily"},"target":{"amount":1,"unit":"\ud83d"}}`,
    ]) {
      const res = await server.request('POST', '/api/v1/habits', { token: ada.token, raw });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/character/i);
    }
    // A well-formed pair (an emoji) is fine.
    const emoji = await server.request('POST', '/api/v1/habits', {
      token: ada.token,
      raw: String.raw`{"name":"Smile \ud83d\ude00","schedule":{"kind":"daily"}}`,
    });
    expect(emoji.status).toBe(201);
    expect(emoji.body.name).toBe('Smile 😀');
    const list = await server.request('GET', '/api/v1/habits', { token: ada.token });
    expect(list.body.map((h: any) => h.name)).toEqual(['Smile 😀']);
  });

  it('strips NUL and other control characters from every text, keeping newlines and tabs', async () => {
    const habit = await server.request('POST', '/api/v1/habits', {
      token: ada.token,
      body: {
        name: 'Te\u0000a\u0007',
        schedule: { kind: 'daily' },
        target: { amount: 2, unit: 'cu\u0000ps' },
      },
    });
    expect(habit.status).toBe(201);
    expect(habit.body).toMatchObject({ name: 'Tea', target: { unit: 'cups' } });
    const log = await server.request('PUT', `/api/v1/habits/${habit.body.id}/logs/2026-11-20`, {
      token: ada.token,
      body: { status: 'done', amount: 2, note: 'green\u0000\r\nthen\tblack\u001b' },
    });
    expect(log.status).toBe(200);
    expect(log.body.note).toBe('green\nthen\tblack');
    const goal = await server.request('POST', '/api/v1/goals', {
      token: ada.token,
      body: { title: '\u0000Tea\u0000 time', target: 5, unit: 'po\u0000ts' },
    });
    expect(goal.status).toBe(201);
    expect(goal.body).toMatchObject({ title: 'Tea time', unit: 'pots' });
    const empty = await server.request('POST', '/api/v1/habits', {
      token: ada.token,
      body: { name: '\u0000\u0001', schedule: { kind: 'daily' } },
    });
    expect(empty.status).toBe(400);
  });

  it('exposes Prometheus metrics', async () => {
    const res = await server.request('GET', '/metrics');
    expect(res.status).toBe(200);
    expect(res.body).toContain('stride_http_request_duration_seconds');
  });

  it("reports the warehouse sync's lag, rows and failures on /metrics", async () => {
    const em = () => server.database.orm.em.fork();
    const warehouse = new PostgresWarehouse(em());
    const never = await scrape();
    expect(never).toMatchObject({ scrape_error: 0, last_run_age_seconds: Infinity, last_run_failed: 0 });
    expect(never.pending_changes).toBeGreaterThan(0);

    const first = await syncWarehouse(em(), warehouse);
    const synced = await scrape();
    expect(synced.scrape_error).toBe(0);
    expect(synced.pending_changes).toBe(0);
    expect(synced.lag_seconds).toBe(0);
    expect(synced.last_run_rows).toBe(first.rows);
    expect(synced.last_run_age_seconds).toBeLessThan(60);
    expect(synced.last_run_failed).toBe(0);

    // A change made an hour ago and not yet synced.
    const added = await server.request('POST', '/api/v1/habits', {
      token: ada.token,
      body: { name: 'Stretch', schedule: { kind: 'daily' } },
    });
    expect(added.status).toBe(201);
    await em().execute(
      `update warehouse_changes set changed_at = now() - interval '1 hour' where row_id = ?`,
      [added.body.id],
    );
    const behind = await scrape();
    expect(behind.pending_changes).toBe(1);
    expect(behind.lag_seconds).toBeGreaterThanOrEqual(3600);
    expect(behind.lag_seconds).toBeLessThan(3660);

    await expect(
      syncWarehouse(em(), warehouse, {
        afterBatch: () => {
          throw new Error('warehouse went away');
        },
      }),
    ).rejects.toThrow('warehouse went away');
    expect((await scrape()).last_run_failed).toBe(1);
  });
});

describe('/metrics with a warehouse that does not answer', () => {
  it('answers at once with the error gauge and without the numbers it could not read', async () => {
    // A PostgreSQL address that accepts connections and never says a word.
    const silent = new Set<Socket>();
    const blackHole = createServer((socket) => silent.add(socket));
    await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
    const url = `postgresql://postgres@127.0.0.1:${(blackHole.address() as AddressInfo).port}/analytics`;
    const hung = await startTestServer({
      warehouse: (database) =>
        openWarehouse({ warehouse: { databaseUrl: url, syncEvery: '5 minutes' } }, database.orm.em.fork()),
      warehouseScrapeTimeoutMs: 200,
    });
    try {
      for (let i = 0; i < 2; i++) {
        const started = Date.now();
        const res = await hung.request('GET', '/metrics');
        expect(Date.now() - started).toBeLessThan(2000);
        expect(res.status).toBe(200);
        expect(sample(res.body, 'stride_warehouse_scrape_error')).toBe(1);
        expect(sample(res.body, 'stride_warehouse_pending_changes')).toBeUndefined();
        // The rest of the page is whole.
        expect(res.body).toContain('stride_outbox_messages');
      }
      // One connection attempt, however many scrapes wait on it.
      expect(silent.size).toBe(1);
    } finally {
      for (const socket of silent) socket.destroy();
      blackHole.close();
      await hung.close();
    }
  });
});

/** The warehouse gauges of one scrape, by name without the `stride_warehouse_` prefix. */
async function scrape(): Promise<Record<string, number | undefined>> {
  const { body } = await server.request<string>('GET', '/metrics');
  const names = [
    'scrape_error',
    'pending_changes',
    'lag_seconds',
    'last_run_rows',
    'last_run_age_seconds',
    'last_run_failed',
  ];
  return Object.fromEntries(names.map((name) => [name, sample(body, `stride_warehouse_${name}`)]));
}

/** The value of a metric's single sample in a Prometheus text page (undefined when absent). */
function sample(page: string, name: string): number | undefined {
  const line = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(page);
  return line ? Number(line[1]!.replace('+Inf', 'Infinity')) : undefined;
}
