/** GET /api/v1/me/groups: the groups a member joined, with only their own numbers. */
import { joinGroup, setupGroup } from '../../../src/services/groups.js';
import { User } from '../../../src/store/entities/index.js';
import { startTestServer, type TestMember, type TestServer } from '../../support/app.js';

let server: TestServer;
let ada: TestMember;
let ben: TestMember;

beforeAll(async () => {
  server = await startTestServer({ now: '2026-11-20T12:00:00Z' });
  ada = await server.member('Ada', 'Europe/Paris');
  ben = await server.member('Ben', 'UTC');
});
afterAll(() => server.close());

const groups = (member: TestMember) => server.request('GET', '/api/v1/me/groups', { token: member.token });

it('lists nothing before a member joins, then the group with their own week and place', async () => {
  expect(await groups(ada)).toMatchObject({ status: 200, body: { groups: [] } });
  const services = server.services();
  const [adaUser, benUser] = [services.em.getReference(User, ada.id), services.em.getReference(User, ben.id)];
  const group = await setupGroup(
    services,
    adaUser,
    { platform: 'discord', workspace: '', channelId: '111', name: 'habits' },
    { weekday: 5, minute: 17 * 60, timezone: 'Europe/Paris' },
  );
  await joinGroup(services, group, adaUser);
  await joinGroup(services, group, benUser);
  const habit = await server.request('POST', '/api/v1/habits', {
    token: ada.token,
    body: { name: 'Read', schedule: { kind: 'daily' } },
  });
  await server.request('PUT', `/api/v1/habits/${habit.body.id}/logs/2026-11-20`, {
    token: ada.token,
    body: { status: 'done' },
  });

  const { status, body } = await groups(ada);
  expect(status).toBe(200);
  expect(body.groups).toEqual([
    {
      id: group.id,
      platform: 'discord',
      channelId: '111',
      name: 'habits',
      joinedAt: expect.any(String),
      review: { enabled: true, weekday: 'Friday', time: '17:00', timezone: 'Europe/Paris' },
      members: 2,
      groupStreakDays: 1,
      you: { week: { start: '2026-11-16', done: 1, due: 1 }, consistency7: 1, rank: 1 },
    },
  ]);
  expect(JSON.stringify(body)).not.toContain('Ben');
  expect(await server.request('GET', '/api/v1/me/groups')).toMatchObject({ status: 401 });
});
