/**
 * `stride start` as an operator runs it: configured by the environment alone, the server switches
 * its platforms on and answers people there (against local fakes of each platform's API).
 */
import type { ChildProcess } from 'node:child_process';
import net from 'node:net';
import { startFakeTelegram, textMessageUpdate, type FakeTelegram } from '../../fakes/telegram/index.js';
import { startStride, stopStride } from '../../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

let database: TestDatabase;
let telegram: FakeTelegram;
let server: ChildProcess | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
  telegram = await startFakeTelegram();
});
afterAll(async () => {
  if (server) await stopStride(server);
  await telegram.close();
  await database.drop();
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

it('starts Telegram from the environment and answers a direct message', async () => {
  server = await startStride(
    { DATABASE_URL: database.url, TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: telegram.apiRoot },
    await freePort(),
  );
  await telegram.waitForCall('setMyCommands', undefined, 15_000);
  telegram.pushUpdate(textMessageUpdate({ from: { id: 4242, first_name: 'Ada' }, text: '/habit add Read daily 20 pages' }));
  const reply = await telegram.waitForCall('sendMessage', (params) => String(params.chat_id) === '4242', 15_000);
  expect(String(reply.params.text)).toContain('Added <b>Read</b>');
  expect(await stopStride(server)).toBe(0);
  server = undefined;
}, 60_000);
