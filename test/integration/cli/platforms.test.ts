/**
 * `stride start` as an operator runs it: configured by the environment alone, the server switches
 * its platforms on and answers people there (against local fakes of each platform's API).
 */
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signedHeaders, slashCommandBody, startFakeSlack, type FakeSlack } from '../../fakes/slack/index.js';
import { startFakeTelegram, textMessageUpdate, type FakeTelegram } from '../../fakes/telegram/index.js';
import {
  directMessage,
  dmChannelFor,
  startFakeDiscord,
  type FakeDiscord,
} from '../../fakes/discord/index.js';
import { startStride, stopStride } from '../../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { freePort } from '../../../src/free-port.js';

let database: TestDatabase;
let telegram: FakeTelegram;
let slack: FakeSlack;
let discord: FakeDiscord;
let server: ChildProcess | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
  telegram = await startFakeTelegram();
  slack = await startFakeSlack();
  discord = await startFakeDiscord();
});
afterAll(async () => {
  if (server) await stopStride(server);
  await telegram.close();
  await slack.close();
  await discord.close();
  await database.drop();
});

it('starts Telegram from the environment and answers a direct message', async () => {
  server = await startStride(
    { DATABASE_URL: database.url, TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: telegram.apiRoot },
    await freePort(),
  );
  await telegram.waitForCall('setMyCommands', undefined, 15_000);
  telegram.pushUpdate(
    textMessageUpdate({ from: { id: 4242, first_name: 'Ada' }, text: '/habit add Read daily 20 pages' }),
  );
  const reply = await telegram.waitForCall(
    'sendMessage',
    (params) => String(params.chat_id) === '4242',
    15_000,
  );
  expect(String(reply.params.text)).toContain('Added <b>Read</b>');
  expect(await stopStride(server)).toBe(0);
  server = undefined;
}, 60_000);

it('starts Slack in HTTP mode from the environment and answers a signed slash command', async () => {
  const port = await freePort();
  const secret = 'operator-signing-secret';
  server = await startStride(
    {
      DATABASE_URL: database.url,
      SLACK_BOT_TOKEN: 'xoxb-operator',
      SLACK_SIGNING_SECRET: secret,
      SLACK_API_URL: slack.apiUrl,
    },
    port,
  );
  const body = slashCommandBody({
    command: '/habit',
    text: 'add Stretch daily',
    user_id: 'U0ADA',
    trigger_id: 'trigger-op-1',
    response_url: slack.responseUrl('op'),
  });
  const response = await fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: 'POST',
    headers: signedHeaders(secret, body),
    body,
  });
  expect(response.status).toBe(200);
  expect(JSON.stringify(await response.json())).toContain('Added *Stretch*');
  const forged = await fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: 'POST',
    headers: signedHeaders('wrong', body),
    body,
  });
  expect(forged.status).toBe(401);
  expect(await stopStride(server)).toBe(0);
  server = undefined;
}, 60_000);

it('starts Discord from the environment, registers its commands and answers a direct message', async () => {
  server = await startStride(
    {
      DATABASE_URL: database.url,
      DISCORD_TOKEN: discord.token,
      DISCORD_APPLICATION_ID: discord.applicationId,
      DISCORD_API_URL: discord.apiUrl,
    },
    await freePort(),
  );
  await discord.waitForCall('bulkOverwriteGlobalCommands', undefined, 15_000);
  await discord.waitForReady(15_000);
  const ada = { id: '1200000000000000901', username: 'ada' };
  discord.dispatch('MESSAGE_CREATE', directMessage({ user: ada, content: 'habit add Read daily' }));
  const reply = await discord.waitForCall(
    'createMessage',
    (call) => call.params.channelId === dmChannelFor(ada.id),
    15_000,
  );
  expect(reply.body.embeds[0].description).toContain('Added **Read**');
  expect(await stopStride(server)).toBe(0);
  server = undefined;
  expect(discord.unexpectedCalls).toEqual([]);
}, 60_000);

it('stops cleanly on SIGTERM while a platform is still starting', async () => {
  // A Discord API that accepts connections and never answers: the adapter's start hangs there.
  const silent = createServer(() => undefined);
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const { port: silentPort } = silent.address() as AddressInfo;
  try {
    server = await startStride(
      {
        DATABASE_URL: database.url,
        DISCORD_TOKEN: discord.token,
        DISCORD_APPLICATION_ID: discord.applicationId,
        DISCORD_API_URL: `http://127.0.0.1:${silentPort}/api`,
      },
      await freePort(),
    );
    // Listening (readyz answered) while Discord has not started: a signal now must not kill it.
    expect(await stopStride(server)).toBe(0);
    server = undefined;
  } finally {
    silent.closeAllConnections();
    silent.close();
  }
}, 60_000);
