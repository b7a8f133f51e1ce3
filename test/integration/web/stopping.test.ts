/**
 * The server's stop as the app sees it (src/web/stopping.ts): once the stopping signal aborts,
 * /readyz answers 503 `stopping`, answers close their connections, and the live event streams
 * (the API's and the mentor page's) end cleanly, new ones at once.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Agent, get } from 'node:http';
import { Mentorship, MentorLoginLink } from '../../../src/store/entities/index.js';
import { createStopping } from '../../../src/web/stopping.js';
import { startTestServer, type TestMember, type TestServer } from '../../support/app.js';
import { buildMember } from '../../support/builders.js';

let server: TestServer;
let ada: TestMember;
let mentorCookie: string;
const stopping = createStopping();

beforeAll(async () => {
  server = await startTestServer({ stopping: stopping.signal });
  ada = await server.member('Ada');
  const services = server.services();
  const sam = await buildMember(services, { name: 'Sam' });
  services.em.create(Mentorship, { mentor: sam, mentee: ada.id, status: 'active' });
  const token = randomBytes(32).toString('base64url');
  services.em.create(MentorLoginLink, {
    tokenHash: createHash('sha256').update(token).digest('hex'),
    mentor: sam,
    expiresAt: new Date(services.now().getTime() + 15 * 60_000),
  });
  await services.em.flush();
  const login = await fetch(`${server.baseUrl}/mentor/login/${token}`, { redirect: 'manual' });
  mentorCookie = /^(stride_mentor=[^;]+)/.exec(login.headers.get('set-cookie') ?? '')![1]!;
});
afterAll(() => server.close());

/** An open event stream, read through its `: connected` comment. */
async function openStream(path: string, headers: Record<string, string>) {
  const response = await fetch(server.baseUrl + path, { headers });
  expect(response.status).toBe(200);
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  expect((await reader.read()).value).toContain(': connected');
  /** Reads to the end: resolves when the server ends the stream, rejects if it is cut. */
  return async () => {
    for (;;) if ((await reader.read()).done) return;
  };
}

const apiStream = () => openStream('/api/v1/me/events', { authorization: `Bearer ${ada.token}` });
const mentorStream = () => openStream('/mentor/events', { cookie: mentorCookie });

/** GET /readyz as a keep-alive client (a load balancer) asks it, with the Connection header as sent. */
function readyz(): Promise<{ status: number; connection?: string; body: any }> {
  const agent = new Agent({ keepAlive: true });
  return new Promise((resolve, reject) => {
    get(`${server.baseUrl}/readyz`, { agent }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => {
        agent.destroy();
        resolve({ status: res.statusCode!, connection: res.headers.connection, body: JSON.parse(text) });
      });
    }).once('error', reject);
  });
}

it('says stopping on /readyz, closes connections after each answer, and ends the event streams', async () => {
  const before = await readyz();
  expect(before).toMatchObject({ status: 200, body: { status: 'ready' } });
  expect(before.connection).not.toBe('close');
  const apiEnded = await apiStream();
  const mentorEnded = await mentorStream();

  stopping.abort();
  await apiEnded();
  await mentorEnded();
  const after = await readyz();
  expect(after).toMatchObject({ status: 503, connection: 'close', body: { status: 'stopping' } });
  expect(after.body.error.id).toBe('stopping');

  // A stream opened while stopping ends at once: its client reconnects to another server.
  await (
    await apiStream()
  )();
  await (
    await mentorStream()
  )();
});
