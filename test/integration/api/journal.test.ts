/**
 * PUT/GET /api/v1/me/journal: one API entry per local date (the same body twice is one entry),
 * 400s that change nothing, ranges, only the member's own entries, and the OpenAPI document.
 */
import { JournalEntry } from '../../../src/store/entities/index.js';
import { startTestServer, type TestMember, type TestServer } from '../../support/app.js';

let server: TestServer;
let ada: TestMember;

beforeEach(async () => {
  server = await startTestServer({ now: '2026-11-20T12:00:00Z' });
  ada = await server.member('Ada', 'Europe/Paris');
});
afterEach(() => server.close());

const put = (body: unknown, token = ada.token) =>
  server.request('PUT', '/api/v1/me/journal', { token, body });
const count = () => server.services().em.count(JournalEntry, {});

describe('PUT /me/journal', () => {
  it("writes today's entry with sentiment and tags, and the same body twice is one entry", async () => {
    const first = await put({ text: 'Great run this morning #legs', mood: 4 });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      date: '2026-11-20',
      text: 'Great run this morning #legs',
      mood: 4,
      sentimentEngine: 'lexicon',
      tags: ['legs', 'exercise'],
      private: false,
      source: 'api',
    });
    expect(first.body.sentiment).toBeGreaterThan(0.5);
    const again = await put({ text: 'Great run this morning #legs', mood: 4 });
    expect(again.body).toEqual(first.body);
    expect(await count()).toBe(1);

    const changed = await put({ date: '2026-11-20', text: 'Actually not great', private: true });
    expect(changed.body).toMatchObject({
      id: first.body.id,
      text: 'Actually not great',
      mood: null,
      private: true,
    });
    expect(changed.body.sentiment).toBeLessThan(0);
    expect(await count()).toBe(1);

    // Another day is another entry; so is a journal line from chat, which a PUT never replaces.
    await put({ date: '2026-11-19', text: 'fine' });
    expect(await count()).toBe(2);
  });

  it('refuses bad input with a 400, changing nothing', async () => {
    await put({ text: 'kept as it is', mood: 3 });
    for (const body of [
      { text: 'x', mood: 0 },
      { text: 'x', mood: 6 },
      { text: 'x', mood: 'great' },
      { text: 'x', mood: 2.5 },
      { text: '' },
      {},
      { text: 'x'.repeat(2001) },
      { text: 'x', date: '2026-02-30' },
      { text: 'x', date: '2026-11-21' },
      { text: 'x', private: 'yes' },
      { text: 'x', extra: 1 },
    ]) {
      const response = await put(body);
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
      expect(response.body.error ?? response.body).not.toHaveProperty('stack');
    }
    const { body } = await server.request('GET', '/api/v1/me/journal', { token: ada.token });
    expect(body.entries.map((e: { text: string; mood: number }) => [e.text, e.mood])).toEqual([
      ['kept as it is', 3],
    ]);
    expect((await server.request('PUT', '/api/v1/me/journal', { body: { text: 'x' } })).status).toBe(401);
  });
});

describe('GET /me/journal', () => {
  it("lists the member's own entries in a range, oldest first", async () => {
    const bob = await server.member('Bob');
    await put({ date: '2026-11-18', text: 'one' });
    await put({ date: '2026-11-20', text: 'three' });
    await put({ date: '2026-11-19', text: 'two', private: true });
    await put({ text: 'bob only' }, bob.token);

    const all = await server.request('GET', '/api/v1/me/journal', { token: ada.token });
    expect(all.body.entries.map((e: { text: string }) => e.text)).toEqual(['one', 'two', 'three']);
    const range = await server.request('GET', '/api/v1/me/journal?from=2026-11-19&to=2026-11-19', {
      token: ada.token,
    });
    expect(range.body.entries.map((e: { text: string }) => e.text)).toEqual(['two']);
    const backwards = await server.request('GET', '/api/v1/me/journal?from=2026-11-20&to=2026-11-18', {
      token: ada.token,
    });
    expect(backwards.status).toBe(400);
    expect((await server.request('GET', '/api/v1/me/journal?from=soon', { token: ada.token })).status).toBe(
      400,
    );
  });

  it('is in the OpenAPI document', async () => {
    const { body } = await server.request('GET', '/api/v1/openapi.json');
    expect(Object.keys(body.paths['/me/journal'] ?? body.paths['/api/v1/me/journal'])).toEqual(
      expect.arrayContaining(['put', 'get']),
    );
  });
});
