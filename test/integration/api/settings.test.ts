/** GET/PATCH /api/v1/me/settings: a round trip, and 400s that change nothing. */
import { startTestServer, type TestMember, type TestServer } from '../../support/app.js';

let server: TestServer;
let ada: TestMember;

beforeAll(async () => {
  server = await startTestServer({ now: '2026-11-20T12:00:00Z' });
  ada = await server.member('Ada', 'Europe/Paris');
});
afterAll(() => server.close());

const get = () => server.request('GET', '/api/v1/me/settings', { token: ada.token });
const patch = (body: unknown) => server.request('PATCH', '/api/v1/me/settings', { token: ada.token, body });

describe('/me/settings', () => {
  it('shows the defaults, and takes a change of every field at once', async () => {
    expect(await get()).toMatchObject({
      status: 200,
      body: { reminderTime: null, quietHours: null, nudges: true, notify: null, timezone: 'Europe/Paris' },
    });
    await server.database.orm.em
      .fork()
      .getConnection()
      .execute(
        `insert into identities (id, user_id, platform, workspace, platform_user_id, created_at, updated_at)
         values (gen_random_uuid(), ?, 'console', '', 'ada', now(), now())`,
        [ada.id],
      );
    const changed = await patch({
      reminderTime: '08:30',
      quietHours: { start: '22:00', end: '07:00' },
      nudges: false,
      notify: 'console',
      timezone: 'america/new_york',
    });
    const expected = {
      reminderTime: '08:30',
      quietHours: { start: '22:00', end: '07:00' },
      nudges: false,
      notify: 'console',
      timezone: 'America/New_York',
    };
    expect(changed).toMatchObject({ status: 200, body: expected });
    expect((await get()).body).toEqual(expected);

    // Null turns things off; fields left out stay.
    expect((await patch({ reminderTime: null, notify: null })).body).toEqual({
      ...expected,
      reminderTime: null,
      notify: null,
    });
  });

  it('refuses, with a 400 that says why, and changes nothing', async () => {
    await patch({ reminderTime: '08:30', quietHours: { start: '22:00', end: '07:00' }, nudges: true });
    const before = (await get()).body;
    const refusals: [unknown, RegExp][] = [
      [{ reminderTime: '23:30' }, /inside your quiet hours \(22:00–07:00\)/],
      [{ quietHours: { start: '08:00', end: '09:00' } }, /would silence your daily reminder at 08:30/],
      [{ quietHours: { start: '08:00', end: '08:00' } }, /end that differs from their start/],
      [{ reminderTime: '25:00' }, /reminderTime: "25:00" is not a time of day: hours go from 0 to 23/],
      [{ reminderTime: '8am' }, /HH:MM/],
      [{ nudges: 'off' }, /nudges/],
      [{ notify: 'telegram' }, /no Telegram account/],
      [{ notify: 'pigeon' }, /notify/],
      [{ timezone: 'Mars/Olympus' }, /not a time zone I know/],
      [{ volume: 11 }, /volume/],
      // One bad field refuses the good ones with it.
      [{ nudges: false, reminderTime: '23:30' }, /quiet hours/],
    ];
    for (const [body, message] of refusals) {
      const res = await patch(body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.body.error.message).toMatch(message);
    }
    expect((await get()).body).toEqual(before);
  });

  it('needs a token, and is in the OpenAPI document', async () => {
    expect((await server.request('GET', '/api/v1/me/settings')).status).toBe(401);
    const { paths } = (await server.request('GET', '/api/v1/openapi.json')).body;
    expect(Object.keys(paths['/api/v1/me/settings']).sort()).toEqual(['get', 'patch']);
    expect(Object.keys(paths['/api/v1/me/settings'].patch.responses)).toContain('400');
  });
});
