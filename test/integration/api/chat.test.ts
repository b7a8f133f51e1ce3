/** POST /api/v1/chat and GET /api/v1/chat/history: the chat core over HTTP, as the token's owner. */
import { User } from '../../../src/store/entities/index.js';
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

const say = (member: TestMember, body: unknown) =>
  server.request('POST', '/api/v1/chat', { token: member.token, body });

const readLogs = async (member: TestMember) => {
  const habits = await server.request('GET', '/api/v1/habits', { token: member.token });
  const read = habits.body.find((habit: { name: string }) => habit.name === 'Read');
  return (await server.request('GET', `/api/v1/habits/${read.id}/logs`, { token: member.token })).body;
};

describe('POST /chat', () => {
  it('adds a habit, logs it and undoes the log with the Undo button, as the token owner', async () => {
    const added = await say(ada, { text: 'habit add Read daily' });
    expect(added.status).toBe(200);
    expect(added.body.text).toContain('Added **Read**');
    expect(added.body.ephemeral).toBe(false);
    expect(added.body.actions).toEqual([{ id: expect.any(String), label: 'Done today', style: 'primary' }]);

    const done = await say(ada, { text: 'done read' });
    expect(done.status).toBe(200);
    expect(done.body.text).toContain('**Read**');
    const undo = done.body.actions.find((action: { label: string }) => action.label === 'Undo');
    expect(undo).toMatchObject({ id: expect.stringMatching(/^[A-Za-z0-9_-]+$/), style: 'default' });
    // The chat wrote to the token owner's own habits, from platform api.
    expect(await readLogs(ada)).toEqual([
      expect.objectContaining({ date: '2026-11-20', status: 'done', source: 'api' }),
    ]);

    const undone = await say(ada, { action: undo.id });
    expect(undone.status).toBe(200);
    expect(undone.body.text).toContain('Removed the log of **Read** for today');
    expect(await readLogs(ada)).toEqual([]);
  });

  it('speaks as the existing member, never a new one', async () => {
    await say(ada, { text: 'habit list' });
    const users = await server.services().em.count(User, {});
    expect(users).toBe(2);
    const me = await server.request('GET', '/api/v1/me', { token: ada.token });
    expect(me.body.id).toBe(ada.id);
  });

  it('tells another member that a button is not theirs, and does nothing', async () => {
    const done = await say(ada, { text: 'done read' });
    const undo = done.body.actions.find((action: { label: string }) => action.label === 'Undo');
    const stolen = await say(bob, { action: undo.id });
    expect(stolen.status).toBe(200);
    expect(stolen.body).toMatchObject({
      text: 'This button is not yours, so it did nothing.',
      ephemeral: true,
    });
    expect(await readLogs(ada)).toHaveLength(1);
  });

  it('answers a repeated eventId with the first reply, without running it again', async () => {
    const first = await say(bob, { text: 'habit add Read daily', eventId: 'evt-1' });
    const again = await say(bob, { text: 'habit add Read daily', eventId: 'evt-1' });
    expect(first.body.text).toContain('Added **Read**');
    expect(first.body.repeat).toBeUndefined();
    expect(again.body).toEqual({ ...first.body, repeat: true });
    // The same eventId from another member is their own delivery, not Bob's.
    const other = await say(ada, { text: 'habit list', eventId: 'evt-1' });
    expect(other.body.text).toContain('Your habits');
  });

  it('answers 400 naming the problem for bad bodies, and 401 without a token', async () => {
    const cases: [unknown, RegExp][] = [
      [{}, /either `text` or `action`/],
      [{ text: 'habit list', action: 'abc' }, /either `text` or `action`/],
      [{ text: '' }, /text must not be empty/i],
      [{ text: '   ' }, /text must not be empty/i],
      [{ text: 42 }, /text must be text/i],
      [{ action: 'not a button!' }, /button id/],
      [{ text: 'hi', extra: true }, /does not take the field "extra"/],
      [{ text: 'x'.repeat(4001) }, /at most 4000 characters/],
      [{ text: 'hi', eventId: '' }, /event id must not be empty/i],
      [[], /must be an object/],
    ];
    for (const [body, message] of cases) {
      const res = await say(ada, body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.body.error).toEqual({ id: 'validation_error', message: expect.stringMatching(message) });
    }
    const broken = await server.request('POST', '/api/v1/chat', { token: ada.token, raw: '{"text":' });
    expect(broken.status).toBe(400);
    expect(broken.body.error.id).toBe('invalid_json');
    const anonymous = await server.request('POST', '/api/v1/chat', { body: { text: 'habit list' } });
    expect(anonymous.status).toBe(401);
  });
});

describe('GET /chat/history', () => {
  it("lists the member's conversation with the coach, newest last, and only theirs", async () => {
    server.setNow('2026-11-20T13:00:00Z');
    await say(ada, { text: 'how am I doing?' });
    server.setNow('2026-11-20T13:05:00Z');
    await say(ada, { text: 'what should I focus on?' });
    await say(ada, { text: 'habit list' });

    const history = await server.request('GET', '/api/v1/chat/history', { token: ada.token });
    expect(history.status).toBe(200);
    expect(history.body.map((turn: { role: string }) => turn.role)).toEqual([
      'user',
      'model',
      'user',
      'model',
    ]);
    expect(history.body[0]).toEqual({
      role: 'user',
      content: 'how am I doing?',
      createdAt: '2026-11-20T13:00:00.000Z',
    });
    expect(history.body[2].content).toBe('what should I focus on?');
    expect(history.body[3].content).not.toBe('');

    const last = await server.request('GET', '/api/v1/chat/history?limit=1', { token: ada.token });
    expect(last.body).toEqual([history.body[3]]);
    const bobs = await server.request('GET', '/api/v1/chat/history', { token: bob.token });
    expect(bobs.body).toEqual([]);
  });

  it('refuses a limit outside 1..100', async () => {
    for (const limit of ['0', '101', 'ten', '2.5']) {
      const res = await server.request('GET', `/api/v1/chat/history?limit=${limit}`, { token: ada.token });
      expect({ limit, status: res.status }).toEqual({ limit, status: 400 });
      expect(res.body.error.id).toBe('validation_error');
    }
  });
});

describe('OpenAPI', () => {
  it('documents the chat, history and event stream routes', async () => {
    const { body } = await server.request('GET', '/api/v1/openapi.json');
    expect(body.paths['/api/v1/chat'].post.responses['200'].content['application/json'].schema).toBeDefined();
    expect(body.paths['/api/v1/chat'].post.requestBody).toBeDefined();
    expect(body.paths['/api/v1/chat/history'].get.parameters).toEqual([
      expect.objectContaining({ name: 'limit', in: 'query' }),
    ]);
    expect(Object.keys(body.paths['/api/v1/me/events'].get.responses['200'].content)).toEqual([
      'text/event-stream',
    ]);
    const statuses = (path: string, method: string) =>
      Object.keys(body.paths[`/api/v1${path}`][method].responses).sort();
    expect(statuses('/chat', 'post')).toEqual(['200', '400', '401', '413', '415', '500']);
    expect(statuses('/chat/history', 'get')).toEqual(['200', '400', '401', '500']);
    expect(statuses('/me/events', 'get')).toEqual(['200', '401', '500']);
  });
});
