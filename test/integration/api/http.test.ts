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
});
