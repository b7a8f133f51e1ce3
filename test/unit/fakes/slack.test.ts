/**
 * The Slack fake, proved against the real SDK: @slack/web-api's WebClient, Bolt's Socket Mode and HTTP
 * receivers, and Bolt's own signature verification. Everything stays on 127.0.0.1.
 */
import { App, LogLevel, SocketModeReceiver, verifySlackRequest, webApi } from '@slack/bolt';
import type { Logger } from '@slack/bolt';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  appHomeOpenedEvent,
  appMentionEvent,
  blockActionsBody,
  blockActionsEnvelope,
  directMessageEvent,
  eventsApiEnvelope,
  signedHeaders,
  signSlackRequest,
  slashCommandBody,
  slashCommandEnvelope,
  startFakeSlack,
  urlVerificationBody,
} from '../../fakes/slack/index.js';
import type { FakeSlack } from '../../fakes/slack/index.js';

// @slack/web-api is Bolt's dependency, not ours: reach it through Bolt's re-export.
const { WebAPIHTTPError, WebAPIPlatformError, WebClient } = webApi;

/** For tests that provoke errors on purpose and would otherwise print them. */
const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

// A 1×1 PNG: what Stride uploads is a chart, and the fake must hand back the exact bytes.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

describe('fake Slack', () => {
  let fake: FakeSlack;

  beforeEach(async () => {
    fake = await startFakeSlack({
      users: { U0ALICE: { real_name: 'Alice', tz: 'Europe/Paris', tz_offset: 3600, locale: 'fr-FR' } },
    });
  });

  afterEach(async () => {
    await fake.close();
  });

  describe('Web API through WebClient', () => {
    const client = () =>
      new WebClient('xoxb-test', {
        slackApiUrl: fake.apiUrl,
        retryConfig: { retries: 0 },
        logLevel: LogLevel.ERROR,
      });

    it('answers auth.test and chat.postMessage and records their arguments', async () => {
      const sut = client();

      const auth = await sut.auth.test();
      const posted = await sut.chat.postMessage({
        channel: 'U0ALICE',
        text: 'Time to run',
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*Run* 5 km' } }],
      });

      expect(auth).toMatchObject({
        ok: true,
        user_id: 'U0STRIDEBOT',
        bot_id: 'B0STRIDE1',
        team_id: 'T0STRIDE1',
      });
      expect(posted).toMatchObject({
        ok: true,
        channel: 'D0ALICE',
        message: { text: 'Time to run', bot_id: 'B0STRIDE1' },
      });
      expect(posted.ts).toMatch(/^\d{10}\.\d{6}$/);
      const call = fake.callsTo('chat.postMessage')[0]!;
      expect(call.token).toBe('xoxb-test');
      expect(call.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(call.body).toEqual({
        channel: 'U0ALICE',
        text: 'Time to run',
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*Run* 5 km' } }],
      });
      expect(fake.unexpectedCalls).toEqual([]);
    });

    it('serves the three steps of files.uploadV2 and keeps the bytes', async () => {
      const sut = client();

      const result = await sut.files.uploadV2({
        channel_id: 'C0GENERAL1',
        file: PNG,
        filename: 'week.png',
        title: 'Your week',
        initial_comment: 'Here is your week',
      });

      expect(fake.calls.map((call) => call.method)).toEqual([
        'files.getUploadURLExternal',
        'files.completeUploadExternal',
      ]);
      const [getUrl, complete] = fake.calls;
      expect(getUrl!.body).toEqual({ filename: 'week.png', length: String(PNG.length) });
      const [upload] = fake.uploads;
      expect(upload!.bytes.equals(PNG)).toBe(true);
      expect(upload!.contentType).toMatch(/^multipart\/form-data; boundary=/);
      expect(upload!.headers.authorization).toBe('Bearer xoxb-test');
      expect(complete!.body).toEqual({
        files: [{ id: upload!.fileId, title: 'Your week' }],
        channel_id: 'C0GENERAL1',
        initial_comment: 'Here is your week',
      });
      expect(result).toMatchObject({
        ok: true,
        files: [
          {
            ok: true,
            files: [{ id: upload!.fileId, name: 'week.png', mimetype: 'image/png', size: PNG.length }],
          },
        ],
      });
      expect(fake.unexpectedCalls).toEqual([]);
    });

    it('answers users.info with the configured time zone, and the locale only when asked', async () => {
      const sut = client();

      const plain = await sut.users.info({ user: 'U0ALICE' });
      const withLocale = await sut.users.info({ user: 'U0ALICE', include_locale: true });

      expect(plain.user).toMatchObject({
        id: 'U0ALICE',
        real_name: 'Alice',
        tz: 'Europe/Paris',
        tz_offset: 3600,
      });
      expect(plain.user).not.toHaveProperty('locale');
      expect(withLocale.user?.locale).toBe('fr-FR');
    });

    it('answers users.info with admin and owner flags, false unless configured, changeable later', async () => {
      const sut = client();

      expect((await sut.users.info({ user: 'U0ALICE' })).user).toMatchObject({
        is_admin: false,
        is_owner: false,
        is_primary_owner: false,
      });
      fake.setUser('U0ALICE', { is_owner: true });
      fake.setUser('U0BOSS', { is_admin: true, is_primary_owner: true });

      expect((await sut.users.info({ user: 'U0ALICE' })).user).toMatchObject({
        real_name: 'Alice',
        is_admin: false,
        is_owner: true,
      });
      expect((await sut.users.info({ user: 'U0BOSS' })).user).toMatchObject({
        is_admin: true,
        is_primary_owner: true,
      });
    });

    it('fails the next call as told', async () => {
      fake.failNext('chat.postMessage', { error: 'channel_not_found' });
      const sut = client();

      const failed = sut.chat.postMessage({ channel: 'C0GONE', text: 'hi' });

      await expect(failed).rejects.toBeInstanceOf(WebAPIPlatformError);
      await expect(failed).rejects.toMatchObject({ data: { ok: false, error: 'channel_not_found' } });
      await expect(sut.chat.postMessage({ channel: 'C0GONE', text: 'hi' })).resolves.toMatchObject({
        ok: true,
      });
    });

    it('retries a 429 after Retry-After with the default retry policy', async () => {
      fake.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
      const sut = new WebClient('xoxb-test', { slackApiUrl: fake.apiUrl, logLevel: LogLevel.ERROR });
      const started = Date.now();

      const posted = await sut.chat.postMessage({ channel: 'C0GENERAL1', text: 'hi' });

      expect(posted.ok).toBe(true);
      expect(fake.callsTo('chat.postMessage')).toHaveLength(2);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    });

    it('refuses unknown methods, missing arguments and wrong tokens loudly', async () => {
      const sut = client();

      await expect(sut.apiCall('habits.explode')).rejects.toBeInstanceOf(WebAPIHTTPError);
      await expect(sut.chat.postMessage({ channel: 'C0GENERAL1' } as never)).rejects.toMatchObject({
        data: { error: 'no_text' },
      });
      await expect(sut.apps.connections.open()).rejects.toMatchObject({
        data: { error: 'not_allowed_token_type' },
      });

      expect(fake.unexpectedCalls.map((call) => call.request)).toEqual([
        'POST /api/habits.explode',
        'POST /api/chat.postMessage',
        'POST /api/apps.connections.open',
      ]);
      fake.unexpectedCalls.length = 0;
    });
  });

  describe('Socket Mode through a Bolt app', () => {
    let app: App;

    beforeEach(async () => {
      app = new App({
        token: 'xoxb-test',
        appToken: 'xapp-test',
        socketMode: true,
        logLevel: LogLevel.ERROR,
        // Bolt hands these to its WebClient and to the SocketModeClient's, so apps.connections.open
        // reaches the fake too. Without retryConfig the SocketModeClient would set 100 retries.
        clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
      });
      await app.start();
    });

    afterEach(async () => {
      await app.stop();
    });

    it('connects with the app token and delivers a slash command whose ack comes back', async () => {
      app.command('/stride', async ({ command, ack, respond }) => {
        await ack({ response_type: 'ephemeral', text: `Logging ${command.text}` });
        await respond({ text: 'Logged' });
      });

      const envelope = slashCommandEnvelope({ text: 'run 5km', response_url: fake.responseUrl('cmd-1') });
      const ack = await fake.socketMode.send(envelope);

      expect(fake.callsTo('apps.connections.open')[0]!.token).toBe('xapp-test');
      expect(fake.callsTo('auth.test')[0]!.token).toBe('xoxb-test');
      expect(ack).toMatchObject({
        envelope_id: envelope.envelope_id,
        payload: { response_type: 'ephemeral', text: 'Logging run 5km' },
      });
      expect(await fake.waitForResponse('cmd-1')).toEqual({ text: 'Logged' });
      expect(fake.unexpectedCalls).toEqual([]);
    });

    it('delivers block_actions and events that Bolt routes to their listeners', async () => {
      app.action('habit_done', async ({ ack, body, client }) => {
        await ack();
        if (body.type !== 'block_actions' || !body.container.message_ts)
          throw new Error('not a message button');
        await client.chat.update({
          channel: body.container.channel_id,
          ts: body.container.message_ts,
          text: 'Done',
        });
      });
      app.event('app_mention', async ({ event, say }) => {
        await say(`Hi <@${event.user}>`);
      });
      app.message(async ({ message, say }) => {
        if (message.channel_type === 'im' && 'text' in message) await say(`You said ${message.text}`);
      });
      app.event('app_home_opened', async ({ event, client }) => {
        await client.views.publish({ user_id: event.user, view: { type: 'home', blocks: [] } });
      });

      const click = blockActionsEnvelope({
        action_id: 'habit_done',
        value: 'habit-1',
        message_ts: '1700000000.000100',
      });
      expect(await fake.socketMode.send(click)).toEqual(
        expect.objectContaining({ envelope_id: click.envelope_id }),
      );
      await fake.socketMode.send(eventsApiEnvelope(appMentionEvent({ user: 'U0ALICE' })));
      await fake.socketMode.send(eventsApiEnvelope(directMessageEvent({ user: 'U0ALICE', text: 'ran' })));
      await fake.socketMode.send(eventsApiEnvelope(appHomeOpenedEvent({ user: 'U0ALICE' })));

      const update = await fake.waitForCall('chat.update');
      // Listener clients are built with the installation's team id, which lands in every call.
      expect(update.body).toMatchObject({
        channel: 'C0GENERAL1',
        ts: '1700000000.000100',
        text: 'Done',
        team_id: 'T0STRIDE1',
      });
      await fake.waitForCall('chat.postMessage', (call) => call.body.text === 'Hi <@U0ALICE>');
      await fake.waitForCall(
        'chat.postMessage',
        (call) => call.body.text === 'You said ran' && call.body.channel === 'D0ALICE',
      );
      await fake.waitForCall(
        'views.publish',
        (call) => call.body.user_id === 'U0ALICE' && call.body.view.type === 'home',
      );
      expect(fake.unexpectedCalls).toEqual([]);
    });
  });

  describe('Socket Mode lifecycle', () => {
    it('asks the client to reconnect, and it comes back through apps.connections.open', async () => {
      // A custom receiver is the only way to shorten the SDK's reconnect delay (= clientPingTimeout).
      const receiver = new SocketModeReceiver({
        appToken: 'xapp-test',
        clientPingTimeout: 1000,
        logLevel: LogLevel.ERROR,
        installerOptions: { clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } } },
      });
      const app = new App({
        token: 'xoxb-test',
        receiver,
        logLevel: LogLevel.ERROR,
        clientOptions: { slackApiUrl: fake.apiUrl },
      });
      app.command('/stride', async ({ ack }) => {
        await ack();
      });
      await app.start();
      try {
        fake.socketMode.requestReconnect();
        await fake.waitForCall(
          'apps.connections.open',
          (call) => call !== fake.callsTo('apps.connections.open')[0],
        );
        await fake.socketMode.waitForConnection();
        const envelope = slashCommandEnvelope();

        expect(await fake.socketMode.send(envelope)).toEqual(
          expect.objectContaining({ envelope_id: envelope.envelope_id, payload: {} }),
        );
        expect(fake.socketMode.connectionCount).toBe(2);
      } finally {
        await app.stop();
      }
    });

    it('refuses to close while a Socket Mode client is still connected', async () => {
      const own = await startFakeSlack();
      const app = new App({
        token: 'xoxb-test',
        appToken: 'xapp-test',
        socketMode: true,
        logger: silentLogger,
        clientOptions: { slackApiUrl: own.apiUrl, retryConfig: { retries: 0 } },
      });
      await app.start();

      await expect(own.close()).rejects.toThrow(/still connected/);
      // Stopping now cancels the reconnection the dropped client scheduled.
      await app.stop();
    });

    it('records requests it does not understand', async () => {
      const base = fake.apiUrl.replace(/\/api\/$/, '');
      const post = (path: string, body = '{}') =>
        fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

      expect((await post('/elsewhere')).status).toBe(404);
      expect((await post('/upload/v1/F0NEVER', 'bytes')).status).toBe(404);
      expect((await post('/response/never-issued')).status).toBe(404);
      await expect(fake.socketMode.send(slashCommandEnvelope())).rejects.toThrow(/no Socket Mode client/);

      expect(fake.unexpectedCalls.map((call) => call.request)).toEqual([
        'POST /elsewhere',
        'POST /upload/v1/F0NEVER',
        'POST /response/never-issued',
      ]);
      fake.unexpectedCalls.length = 0;
    });
  });

  describe('signed HTTP requests', () => {
    it('produces signatures that Bolt verifies, and stale ones that it rejects', () => {
      const body = slashCommandBody({ text: 'log run' });
      const now = Math.floor(Date.now() / 1000);
      const verify = (
        headers: { 'x-slack-signature': string; 'x-slack-request-timestamp': string },
        raw = body,
      ) =>
        verifySlackRequest({
          signingSecret: 's',
          body: raw,
          headers: { ...headers, 'x-slack-request-timestamp': Number(headers['x-slack-request-timestamp']) },
        });

      expect(() => verify(signSlackRequest('s', body, now))).not.toThrow();
      expect(() => verify(signSlackRequest('s', body, now - 6 * 60))).toThrow(/stale/);
      expect(() => verify(signSlackRequest('other', body, now))).toThrow(/signature mismatch/);
      expect(() => verify(signSlackRequest('s', body, now), `${body}&x=1`)).toThrow(/signature mismatch/);
    });

    it('builds the exact form body of a slash command', () => {
      const body = slashCommandBody({
        command: '/stride',
        text: 'log run 5km',
        user_id: 'U0ALICE',
        response_url: 'http://127.0.0.1:9/r',
      });

      expect([...new URLSearchParams(body).keys()]).toEqual([
        'token',
        'team_id',
        'team_domain',
        'channel_id',
        'channel_name',
        'user_id',
        'user_name',
        'command',
        'text',
        'api_app_id',
        'is_enterprise_install',
        'response_url',
        'trigger_id',
      ]);
      expect(body).toContain('command=%2Fstride&text=log+run+5km');
    });

    describe('against Bolt’s HTTP receiver', () => {
      let app: App;
      let url: string;

      beforeEach(async () => {
        app = new App({
          token: 'xoxb-test',
          signingSecret: 'shh',
          logLevel: LogLevel.ERROR,
          clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
        });
        const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
        url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
      });

      afterEach(async () => {
        await app.stop();
      });

      const post = (body: string, secret = 'shh') =>
        fetch(url, { method: 'POST', headers: signedHeaders(secret, body), body });

      it('accepts a signed slash command and a signed button click', async () => {
        app.command('/stride', async ({ command, ack }) => {
          await ack(`Got ${command.text} from ${command.user_id}`);
        });
        app.action('habit_done', async ({ ack, respond, action }) => {
          await ack();
          await respond(`Done ${'value' in action ? action.value : ''}`);
        });

        const command = await post(slashCommandBody({ text: 'log run', user_id: 'U0ALICE' }));
        const click = await post(
          blockActionsBody({ action_id: 'habit_done', value: 'h1', response_url: fake.responseUrl('btn') }),
        );

        expect(command.status).toBe(200);
        expect(await command.text()).toBe('Got log run from U0ALICE');
        expect(click.status).toBe(200);
        expect(await fake.waitForResponse('btn')).toEqual({ text: 'Done h1' });
        expect(fake.unexpectedCalls).toEqual([]);
      });

      it('answers url_verification and rejects a bad signature', async () => {
        const challenge = await post(urlVerificationBody('c-123'));
        const forged = await post(slashCommandBody(), 'wrong');

        expect(await challenge.json()).toEqual({ challenge: 'c-123' });
        expect(forged.status).toBe(401);
      });
    });
  });
});
