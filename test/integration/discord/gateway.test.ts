/**
 * The Discord adapter's life: it logs in with the intents it needs and is started once READY has
 * come; the catalog's commands are registered with one bulk overwrite (in the development guild
 * when one is set, globally otherwise), and a failed registration does not stop the start; a wrong
 * token fails the start clearly; stop() lets answers in hand go out.
 */
import { readFileSync } from 'node:fs';
import { GatewayIntentBits } from 'discord.js';
import { createDiscordAdapter } from '../../../adapters/discord/index.js';
import { createChartRenderer } from '../../../src/charts/index.js';
import { createLogger } from '../../../src/logger.js';
import type { ChatCore } from '../../../src/ports/chat.js';
import { DEFAULT_GUILD_ID, startFakeDiscord, type FakeDiscord } from '../../fakes/discord/index.js';
import { startDiscordHarness, type DiscordHarness } from '../../support/discord.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

const manifest = JSON.parse(
  readFileSync(new URL('../../../manifest/discord-commands.json', import.meta.url), 'utf8'),
) as unknown[];
const ADA = { id: '1200000000000000201', username: 'ada' };

let database: TestDatabase;
let fake: FakeDiscord;
let sut: DiscordHarness | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});
beforeEach(async () => {
  fake = await startFakeDiscord();
});
afterEach(async () => {
  await sut?.close();
  sut = undefined;
  await fake.close();
});

it('identifies with the Guilds and DirectMessages intents and registers the commands globally', async () => {
  sut = await startDiscordHarness({ database, fake });

  const identify = fake.gatewayFrames.find((frame) => frame.op === 2);
  expect(identify?.d).toMatchObject({
    token: fake.token,
    intents: GatewayIntentBits.Guilds | GatewayIntentBits.DirectMessages,
  });
  expect(fake.callsTo('bulkOverwriteGuildCommands')).toEqual([]);
  const [registration, ...more] = fake.callsTo('bulkOverwriteGlobalCommands');
  expect(more).toEqual([]);
  expect(registration!.params.applicationId).toBe(fake.applicationId);
  expect(registration!.headers.authorization).toBe(`Bot ${fake.token}`);
  expect(registration!.body).toEqual(manifest);
  expect(registration!.body.find((command: any) => command.name === 'done').options[0]).toMatchObject({
    name: 'habit',
    autocomplete: true,
  });
  expect(fake.unexpectedCalls).toEqual([]);
});

it('registers the commands in the development guild when DISCORD_GUILD_ID is set', async () => {
  sut = await startDiscordHarness({ database, fake, guildId: DEFAULT_GUILD_ID });

  expect(fake.callsTo('bulkOverwriteGlobalCommands')).toEqual([]);
  const calls = fake.callsTo('bulkOverwriteGuildCommands');
  expect(calls).toHaveLength(1);
  expect(calls[0]!.params).toEqual({ applicationId: fake.applicationId, guildId: DEFAULT_GUILD_ID });
  expect(calls[0]!.body).toEqual(manifest);
});

it('starts, and answers, though Discord refuses the commands', async () => {
  fake.failNext('bulkOverwriteGlobalCommands', { status: 400, code: 50035, message: 'Invalid Form Body' });
  sut = await startDiscordHarness({ database, fake });

  expect(fake.callsTo('bulkOverwriteGlobalCommands')[0]?.answer?.status).toBe(400);
  const answer = await sut.answerTo(sut.command({ user: ADA, name: 'help' }));
  expect(answer.text).toContain('habit add');
});

it('fails the start with a clear error for a wrong token, without printing it', async () => {
  const adapter = createDiscordAdapter(
    { token: 'wrong.bot.token', applicationId: fake.applicationId, apiUrl: fake.apiUrl },
    { core: idleCore(), charts: createChartRenderer(), logger: createLogger('silent') },
    { readyTimeoutMs: 5000 },
  );

  const failure = await adapter.start().then(
    () => undefined,
    (error: unknown) => error as Error,
  );
  expect(failure?.message).toBe('Discord login failed (check DISCORD_TOKEN): An invalid token was provided.');
  expect(failure?.message).not.toContain('wrong.bot.token');
  expect(fake.callsTo('bulkOverwriteGlobalCommands')).toEqual([]);
  expect(fake.unexpectedCalls.map((call) => call.reason)).toContain('wrong token');
  fake.unexpectedCalls.length = 0;
  await adapter.stop();
});

it('sends through the Messenger without ever logging in (a worker), and after a stop', async () => {
  const adapter = createDiscordAdapter(
    { token: fake.token, applicationId: fake.applicationId, apiUrl: fake.apiUrl },
    { core: idleCore(), charts: createChartRenderer(), logger: createLogger('silent') },
  );

  await adapter.messenger.send({ channelId: '', userId: ADA.id }, { text: 'Time for **Read**' });
  await adapter.stop();
  await adapter.messenger.send({ channelId: '', userId: ADA.id }, { text: 'Still here' });

  expect(fake.callsTo('getGatewayBot')).toEqual([]);
  expect(fake.gatewayFrames).toEqual([]);
  expect(fake.callsTo('createMessage').map((call) => call.answer?.status)).toEqual([200, 200]);
});

it('lets an answer in hand go out when stopped', async () => {
  sut = await startDiscordHarness({
    database,
    fake,
    delayMs: (invocation) => (invocation.command ? 400 : 0),
  });
  const interaction = sut.command({ user: ADA, name: 'habit', options: [sub('add', { name: 'Read' })] });
  await waitUntil(() => sut!.invocations.length === 1);

  await sut.adapter.stop();

  const answer = await sut.answerTo(interaction, 100);
  expect(answer.text).toContain('Added Read');
  expect(fake.unexpectedCalls).toEqual([]);
});

/** A subcommand option with its string options, as Discord nests them. */
function sub(name: string, options: Record<string, string>) {
  return {
    name,
    type: 1,
    options: Object.entries(options).map(([key, value]) => ({ name: key, type: 3, value })),
  };
}

function idleCore(): ChatCore {
  return {
    handle: () => Promise.resolve({ text: 'unused' }),
    complete: () => Promise.resolve([]),
  };
}

async function waitUntil(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
