/**
 * POST /slack/events as an attacker or a confused proxy would use it: forged and stale signatures
 * get 401 and run nothing; Slack's own handshakes (url_verification, ssl_check) are answered.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { createSlackAdapter } from '../../../adapters/slack/index.js';
import { createChartRenderer } from '../../../src/charts/index.js';
import { createLogger } from '../../../src/logger.js';
import { Identity } from '../../../src/store/entities/index.js';
import {
  buildBlockActions,
  signSlackRequest,
  slashCommandBody,
  urlVerificationBody,
} from '../../fakes/slack/index.js';
import { BOT_TOKEN, SIGNING_SECRET, startSlackHarness, type SlackHarness } from '../../support/slack.js';

describe('POST /slack/events', () => {
  let sut: SlackHarness;
  const now = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    sut = await startSlackHarness();
  });

  afterAll(async () => {
    await sut.close();
  });

  /** Nothing ran: no Web API call, no core invocation, no member created. */
  async function expectNothingRan(callsBefore: number) {
    expect(sut.fake.calls).toHaveLength(callsBefore);
    expect(sut.invocations).toHaveLength(0);
    expect(await sut.services().em.count(Identity, {})).toBe(0);
  }

  const addHabit = slashCommandBody({ command: '/habit', text: 'add Run daily', user_id: 'U0MALLORY' });

  it('refuses a request signed with another secret', async () => {
    const calls = sut.fake.calls.length;

    const answer = await sut.post(addHabit, { secret: 'not-the-secret' });

    expect(answer.status).toBe(401);
    await expectNothingRan(calls);
  });

  it('refuses a body changed after signing', async () => {
    const calls = sut.fake.calls.length;
    const headers = {
      'content-type': 'application/x-www-form-urlencoded',
      ...signSlackRequest(SIGNING_SECRET, addHabit),
    };

    const response = await fetch(sut.eventsUrl, {
      method: 'POST',
      headers,
      body: addHabit.replace('Run', 'Nap'),
    });

    expect(response.status).toBe(401);
    await expectNothingRan(calls);
  });

  it('refuses a correctly signed request older than five minutes, and one from the future', async () => {
    const calls = sut.fake.calls.length;

    const stale = await sut.post(addHabit, { timestamp: now() - 5 * 60 - 5 });
    const future = await sut.post(addHabit, { timestamp: now() + 5 * 60 + 5 });

    expect([stale.status, future.status]).toEqual([401, 401]);
    await expectNothingRan(calls);
  });

  it('refuses a request without the signature headers', async () => {
    const response = await fetch(sut.eventsUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: addHabit,
    });

    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: { id: 'unauthorized', message: 'The Slack signature is not valid.' },
    });
  });

  it('answers url_verification with the challenge', async () => {
    const answer = await sut.post(
      urlVerificationBody('3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P'),
    );

    expect(answer).toEqual({
      status: 200,
      body: { challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' },
    });
  });

  it('answers Slack’s ssl_check with an empty 200', async () => {
    const answer = await sut.post(
      new URLSearchParams({ ssl_check: '1', token: 'verification-token' }).toString(),
    );

    expect(answer).toEqual({ status: 200, body: '' });
  });

  it('refuses a signed body it cannot read, and methods other than POST', async () => {
    const broken = await sut.post('{"type": "event_callback", ');
    const get = await fetch(sut.eventsUrl);

    expect(broken.status).toBe(400);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });

  it('answers 503 (Slack retries later) while the adapter is not started, and runs nothing', async () => {
    let calls = 0;
    const core = {
      handle: async () => {
        calls += 1;
        return { text: 'should not run' };
      },
      complete: async () => [],
    };
    const config = { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, apiUrl: sut.fake.apiUrl };
    const idle = createSlackAdapter(config, {
      core,
      charts: createChartRenderer(),
      logger: createLogger('silent'),
    });
    const koa = new Koa();
    koa.use(idle.middleware!);
    const server: Server = koa.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
      const response = await fetch(url, {
        method: 'POST',
        headers: { ...signSlackRequest(SIGNING_SECRET, addHabit) },
        body: addHabit,
      });

      expect(response.status).toBe(503);
      expect(calls).toBe(0);
    } finally {
      await idle.stop();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('answers signed bodies of the wrong shape with a 400, never a 500, and runs nothing', async () => {
    const calls = sut.fake.calls.length;
    const form = (payload: string) => new URLSearchParams({ payload }).toString();
    const noUser = buildBlockActions({ action_id: 'stride:press', value: 'anything' });
    delete noUser.user;
    const bodies = [
      form('null'),
      form('[]'),
      form('"text"'),
      form('42'),
      form(JSON.stringify(noUser)),
      form(JSON.stringify({ ...noUser, user: null, team: null })),
      form(JSON.stringify({ ...noUser, user: { id: 42 } })),
      form(JSON.stringify({ ...noUser, actions: null })),
      'null',
      JSON.stringify({ type: 'event_callback', event: null }),
    ];
    const answers: Record<string, number> = {};
    for (const body of bodies) answers[body] = (await sut.post(body)).status;
    expect(Object.entries(answers).filter(([, status]) => status !== 400)).toEqual([]);
    await sut.quiet();
    await expectNothingRan(calls);
  });

  it('leaves the rest of the server alone', async () => {
    const health = await fetch(`${sut.baseUrl}/healthz`);
    const openapi = await fetch(`${sut.baseUrl}/api/v1/openapi.json`);

    expect([health.status, openapi.status]).toEqual([200, 200]);
    expect(sut.fake.unexpectedCalls).toEqual([]);
  });
});
