/** Random and hostile bodies, dates and text over the API: every answer is a JSON 4xx or a success, never a 500. */
import fc from 'fast-check';
import { startTestServer, type TestMember, type TestServer } from '../../support/app.js';

let server: TestServer;
let ada: TestMember;
let habitId: string;
let goalId: string;

beforeAll(async () => {
  server = await startTestServer({ now: '2026-11-20T12:00:00Z' });
  ada = await server.member('Ada');
  const habit = await server.request('POST', '/api/v1/habits', {
    token: ada.token,
    body: {
      name: 'Read',
      schedule: { kind: 'daily' },
      target: { amount: 20, unit: 'pages' },
      startDate: '2026-11-01',
    },
  });
  habitId = habit.body.id;
  goalId = (
    await server.request('POST', '/api/v1/goals', { token: ada.token, body: { title: 'Books', target: 12 } })
  ).body.id;
});
afterAll(() => server.close());

// Text with the characters that used to break writes: NUL and other controls, lone surrogates.
const hostile = fc.constantFrom(
  '\u0000',
  '\u0007',
  '\u001b',
  '\r',
  '\ud800',
  '\udfff',
  '\ud83d\ude00',
  ' ',
  'a',
  'é',
);
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.array(hostile, { maxLength: 12 }).map((chars) => chars.join('')),
);
// Dates from year 0000 to 9999, real or not, and a little junk.
const date = fc.oneof(
  fc
    .tuple(
      fc.integer({ min: 0, max: 9999 }),
      fc.integer({ min: 0, max: 13 }),
      fc.integer({ min: 0, max: 32 }),
    )
    .map(
      ([y, m, d]) =>
        `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
    ),
  fc.constantFrom('0000-01-01', '1969-12-31', '1970-01-01', '2026-11-20', '2026-11-21', 'yesterday', ''),
);
const amount = fc.oneof(fc.double(), fc.integer(), fc.constant(null), fc.constant(undefined));

async function expectNo500(method: string, path: string, body?: unknown) {
  const res = await server.request(method, path, { token: ada.token, body });
  if (res.status >= 500) throw new Error(`${method} ${path} ${JSON.stringify(body)} answered ${res.status}`);
  if (res.status >= 400)
    expect(res.body.error).toEqual({ id: expect.any(String), message: expect.any(String) });
}

it('answers hostile habit, log and goal bodies without a 500', async () => {
  await fc.assert(
    fc.asyncProperty(text, text, text, date, date, amount, async (name, unit, note, day, other, value) => {
      await expectNo500('POST', '/api/v1/habits', {
        name,
        schedule: { kind: 'daily' },
        target: { amount: 1, unit },
        startDate: day,
      });
      await expectNo500('PATCH', `/api/v1/habits/${habitId}`, { startDate: day });
      await expectNo500('PUT', `/api/v1/habits/${habitId}/logs/${encodeURIComponent(day)}`, {
        status: 'done',
        amount: value,
        note,
      });
      await expectNo500('DELETE', `/api/v1/habits/${habitId}/logs/${encodeURIComponent(day)}`);
      await expectNo500('POST', `/api/v1/habits/${habitId}/logs`, {
        logs: [{ date: day, status: 'done', note }],
      });
      await expectNo500('POST', '/api/v1/goals', {
        title: name,
        target: 3,
        unit,
        startDate: other,
        deadline: day,
      });
      await expectNo500('PATCH', `/api/v1/goals/${goalId}`, { title: note || 'Books', deadline: day });
      const range = `from=${encodeURIComponent(day)}&to=${encodeURIComponent(other)}`;
      await expectNo500('GET', `/api/v1/habits/${habitId}/logs?${range}`);
      await expectNo500('GET', `/api/v1/habits/${habitId}/scores?${range}`);
      await expectNo500('GET', `/api/v1/habits/${habitId}/stats?asOf=${encodeURIComponent(day)}`);
    }),
    { numRuns: 60 },
  );
}, 120_000);

it('answers raw JSON with lone surrogates and control escapes without a 500', async () => {
  const escapes = fc.constantFrom(
    '\\ud800',
    '\\udfff',
    '\\u0000',
    '\\u001f',
    '\\ud83d\\ude00',
    'x',
    '\\\\',
    '\\"',
  );
  await fc.assert(
    fc.asyncProperty(fc.array(escapes, { maxLength: 8 }), async (parts) => {
      const raw = `{"name":"${parts.join('')}","schedule":{"kind":"daily"}}`;
      const res = await server.request('POST', '/api/v1/habits', { token: ada.token, raw });
      expect(res.status).toBeLessThan(500);
    }),
    { numRuns: 100 },
  );
}, 60_000);
