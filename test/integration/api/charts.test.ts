import { Image } from '@napi-rs/canvas';
import { startTestServer, type TestMember, type TestServer } from '../../support/app.js';

let server: TestServer;
let ada: TestMember;
let bob: TestMember;
let habit: string;
let goal: string;

beforeAll(async () => {
  server = await startTestServer({ now: '2026-11-20T12:00:00Z' });
  ada = await server.member('Ada');
  bob = await server.member('Bob');
  habit = (
    await server.request('POST', '/api/v1/habits', {
      token: ada.token,
      body: {
        name: 'Run',
        schedule: { kind: 'daily' },
        target: { amount: 5, unit: 'km' },
        startDate: '2026-01-01',
      },
    })
  ).body.id;
  const logs = Array.from({ length: 300 }, (_, i) => ({
    date: new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10),
    status: i % 4 ? 'done' : 'missed',
    amount: i % 4 ? 6 : 0,
  }));
  await server.request('POST', `/api/v1/habits/${habit}/logs`, { token: ada.token, body: { logs } });
  goal = (
    await server.request('POST', '/api/v1/goals', {
      token: ada.token,
      body: {
        title: 'Run 2000 km',
        target: 2000,
        unit: 'km',
        startDate: '2026-01-01',
        deadline: '2026-12-31',
        habits: [habit],
      },
    })
  ).body.id;
});
afterAll(() => server.close());

async function png(path: string, token = ada.token) {
  const response = await fetch(server.baseUrl + path, { headers: { authorization: `Bearer ${token}` } });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    bytes: Buffer.from(await response.arrayBuffer()),
  };
}

describe('chart images', () => {
  it.each(['heatmap', 'weekly', 'trend'])('draws the %s of a habit as a PNG', async (kind) => {
    const res = await png(`/api/v1/habits/${habit}/charts/${kind}.png`);
    expect(res.status).toBe(200);
    expect(res.type).toBe('image/png');
    const image = new Image();
    image.src = res.bytes;
    expect(image.width).toBe(1600); // 800 CSS pixels at 2x
  });

  it("draws a goal's progress", async () => {
    const res = await png(`/api/v1/goals/${goal}/chart.png`);
    expect(res.status).toBe(200);
    expect(res.bytes.subarray(1, 4).toString()).toBe('PNG');
  });

  it("draws all of a member's habits in one heatmap", async () => {
    const res = await png('/api/v1/me/charts/heatmap.png');
    expect(res.status).toBe(200);
    expect(res.type).toBe('image/png');
  });

  it('answers the same bytes for the same request', async () => {
    const a = await png(`/api/v1/habits/${habit}/charts/trend.png`);
    const b = await png(`/api/v1/habits/${habit}/charts/trend.png`);
    expect(a.bytes.equals(b.bytes)).toBe(true);
  });

  it("refuses unknown kinds, and another member's habit or goal", async () => {
    expect((await png(`/api/v1/habits/${habit}/charts/pie.png`)).status).toBe(400);
    expect((await png(`/api/v1/habits/${habit}/charts/heatmap.png`, bob.token)).status).toBe(404);
    expect((await png(`/api/v1/goals/${goal}/chart.png`, bob.token)).status).toBe(404);
  });
});
