/**
 * The Discord fake, proved against the real discord.js 14 Client: gateway login, interactions of
 * every kind answered by REST, multipart attachments and a 429 waited out. Everything stays on
 * 127.0.0.1.
 */
import {
  AttachmentBuilder,
  Client,
  Events,
  GatewayIntentBits,
  MessageFlags,
  Partials,
  type Interaction as DiscordInteraction,
  type Message,
} from 'discord.js';
import {
  autocompleteInteraction,
  buttonInteraction,
  DEFAULT_GUILD_ID,
  directMessage,
  dmChannelFor,
  slashCommandInteraction,
  startFakeDiscord,
} from '../../fakes/discord/index.js';
import type { FakeDiscord } from '../../fakes/discord/index.js';

// A 1×1 PNG: what Stride attaches is a chart, and the fake must keep the exact bytes.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const ALICE = { id: '1200000000000000042', username: 'alice', globalName: 'Alice' };

let fake: FakeDiscord;
let client: Client;

/** The next interaction the client emits. */
function nextInteraction(): Promise<DiscordInteraction> {
  return new Promise((resolve) => client.once(Events.InteractionCreate, resolve));
}

beforeAll(async () => {
  fake = await startFakeDiscord();
  client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.DirectMessages],
    partials: [Partials.Channel],
    rest: { api: fake.apiUrl },
  });
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(fake.token);
  await ready;
});

afterAll(async () => {
  await client?.destroy();
  await fake?.close();
});

afterEach(() => {
  expect(fake.unexpectedCalls).toEqual([]);
});

describe('gateway login', () => {
  it('discovers the gateway by REST, identifies with the token and intents, and is ready as the bot', () => {
    expect(fake.callsTo('getGatewayBot')).toHaveLength(1);
    const identify = fake.gatewayFrames.find((frame) => frame.op === 2);
    expect(identify?.d).toMatchObject({
      token: fake.token,
      intents: GatewayIntentBits.Guilds | GatewayIntentBits.DirectMessages,
    });
    expect(client.isReady()).toBe(true);
    expect(client.user?.id).toBe(fake.applicationId);
    expect(client.application?.id).toBe(fake.applicationId);
  });
});

describe('commands', () => {
  it('records bulk overwrites to a guild and globally, and answers with ids', async () => {
    const commands = [{ name: 'log', description: 'Log a habit' }];
    const inGuild = await client.application!.commands.set(commands, DEFAULT_GUILD_ID);
    await client.application!.commands.set(commands);

    expect([...inGuild.values()].map((command) => command.name)).toEqual(['log']);
    const guildCall = fake.callsTo('bulkOverwriteGuildCommands')[0]!;
    expect(guildCall.params).toEqual({ applicationId: fake.applicationId, guildId: DEFAULT_GUILD_ID });
    expect(guildCall.headers.authorization).toBe(`Bot ${fake.token}`);
    expect(guildCall.body).toEqual([expect.objectContaining({ name: 'log', description: 'Log a habit' })]);
    expect(fake.callsTo('bulkOverwriteGlobalCommands')[0]!.body).toHaveLength(1);
  });
});

describe('interactions', () => {
  it('delivers a slash command with options, and reply() reaches the callback route', async () => {
    const received = nextInteraction();
    const sent = fake.pushInteraction(
      slashCommandInteraction({ user: ALICE, name: 'log', options: { habit: 'read', amount: 3 } }),
    );
    const interaction = await received;
    if (!interaction.isChatInputCommand())
      throw new Error(`expected a slash command, got ${interaction.type}`);
    expect(interaction.commandName).toBe('log');
    expect(interaction.options.getString('habit')).toBe('read');
    expect(interaction.options.getInteger('amount')).toBe(3);
    expect(interaction.user.id).toBe(ALICE.id);
    expect(interaction.guildId).toBe(DEFAULT_GUILD_ID);

    await interaction.reply({ content: 'Logged read', flags: MessageFlags.Ephemeral });

    const [callback] = fake.callsTo('createInteractionResponse');
    expect(callback?.params).toEqual({ interactionId: sent.id, token: sent.token });
    expect(callback?.body).toEqual({
      type: 4,
      data: expect.objectContaining({ content: 'Logged read', flags: 64 }),
    });
    expect(callback?.answer?.status).toBe(204);
  });

  it('delivers an autocomplete with the focused option, and respond() sends the choices', async () => {
    const received = nextInteraction();
    fake.pushInteraction(
      autocompleteInteraction({ user: ALICE, name: 'log', options: { habit: 're' }, focused: 'habit' }),
    );
    const interaction = await received;
    if (!interaction.isAutocomplete()) throw new Error(`expected autocomplete, got ${interaction.type}`);
    expect(interaction.options.getFocused(true)).toMatchObject({ name: 'habit', value: 're' });

    await interaction.respond([{ name: 'Read', value: 'read' }]);

    const call = await fake.waitForCall('createInteractionResponse', (c) => c.body?.type === 8);
    expect(call.body.data).toEqual({ choices: [{ name: 'Read', value: 'read' }] });
  });

  it('delivers button presses: deferUpdate() and reply() each reach the callback route', async () => {
    let received = nextInteraction();
    const first = fake.pushInteraction(buttonInteraction({ user: ALICE, customId: 'done:read' }));
    let interaction = await received;
    if (!interaction.isButton()) throw new Error(`expected a button, got ${interaction.type}`);
    expect(interaction.customId).toBe('done:read');
    expect(interaction.message.author.id).toBe(fake.applicationId);
    await interaction.deferUpdate();

    received = nextInteraction();
    const second = fake.pushInteraction(buttonInteraction({ user: ALICE, customId: 'undo:read' }));
    interaction = await received;
    if (!interaction.isButton()) throw new Error(`expected a button, got ${interaction.type}`);
    await interaction.reply({ content: 'Undone', flags: MessageFlags.Ephemeral });

    const calls = fake.callsTo('createInteractionResponse');
    expect(calls.find((c) => c.params.interactionId === first.id)?.body).toEqual({ type: 6 });
    expect(calls.find((c) => c.params.interactionId === second.id)?.body).toMatchObject({
      type: 4,
      data: { content: 'Undone', flags: 64 },
    });
  });

  it('deferReply() then editReply() with an attachment records the multipart file bytes', async () => {
    const received = nextInteraction();
    const sent = fake.pushInteraction(slashCommandInteraction({ user: ALICE, name: 'chart' }));
    const interaction = await received;
    if (!interaction.isChatInputCommand()) throw new Error('expected a slash command');

    await interaction.deferReply();
    const edited = await interaction.editReply({
      embeds: [{ title: 'Your week', image: { url: 'attachment://week.png' } }],
      files: [new AttachmentBuilder(PNG, { name: 'week.png' })],
    });

    expect(
      fake.callsTo('createInteractionResponse').find((c) => c.params.token === sent.token)?.body,
    ).toEqual({
      type: 5,
      data: { flags: 0 },
    });
    const edit = await fake.waitForCall(
      'editOriginalInteractionResponse',
      (c) => c.params.token === sent.token,
    );
    expect(edit.encoding).toBe('multipart');
    expect(edit.params.applicationId).toBe(fake.applicationId);
    expect(edit.body.embeds[0]).toMatchObject({
      title: 'Your week',
      image: { url: 'attachment://week.png' },
    });
    expect(edit.files).toHaveLength(1);
    expect(edit.files[0]).toMatchObject({ field: 'files[0]', filename: 'week.png' });
    expect(edit.files[0]!.bytes.equals(PNG)).toBe(true);
    // discord.js builds its Message from the fake's answer.
    expect(edit.answer?.status).toBe(200);
    expect(edited.attachments.first()?.name).toBe('week.png');
    expect(edited.embeds[0]?.title).toBe('Your week');
  });

  it('a follow-up message reaches the webhook route', async () => {
    const received = nextInteraction();
    const sent = fake.pushInteraction(slashCommandInteraction({ user: ALICE, name: 'share', dm: true }));
    const interaction = await received;
    if (!interaction.isChatInputCommand()) throw new Error('expected a slash command');
    expect(interaction.guildId).toBeNull();
    await interaction.reply('Here it is');
    await interaction.followUp('And one more');

    const followup = await fake.waitForCall('createFollowupMessage', (c) => c.params.token === sent.token);
    expect(followup.body).toMatchObject({ content: 'And one more' });
  });
});

describe('direct messages', () => {
  it('delivers a message written in a DM to a client with the Channel partial', async () => {
    const received = new Promise<Message>((resolve) => client.once(Events.MessageCreate, resolve));
    const sent = directMessage({ user: ALICE, content: 'I read 20 pages' });
    fake.dispatch('MESSAGE_CREATE', sent);
    const message = await received;

    expect(message.id).toBe(sent.id);
    expect(message.content).toBe('I read 20 pages');
    expect(message.author.id).toBe(ALICE.id);
    expect(message.author.bot).toBe(false);
    expect(message.inGuild()).toBe(false);
    expect(message.channelId).toBe(dmChannelFor(ALICE.id));
  });
});

describe('channel messages', () => {
  it('opens a DM and waits out a 429 on the message before sending it once', async () => {
    fake.failNext('createMessage', { status: 429, retryAfter: 0.3 });
    const limited = new Promise<{ retryAfter: number }>((resolve) =>
      client.rest.once('rateLimited', resolve),
    );
    const dm = await client.users.createDM(ALICE.id);
    expect(dm.id).toBe(dmChannelFor(ALICE.id));
    expect(fake.callsTo('createDM')[0]?.body).toEqual({ recipient_id: ALICE.id });

    const started = Date.now();
    const message = await dm.send('Time to read');
    const elapsed = Date.now() - started;

    expect((await limited).retryAfter).toBeGreaterThanOrEqual(300);
    expect(elapsed).toBeGreaterThanOrEqual(300);
    const calls = fake.callsTo('createMessage');
    expect(calls.map((c) => c.answer?.status)).toEqual([429, 200]);
    expect(calls.filter((c) => c.answer?.status === 200)).toHaveLength(1);
    expect(calls[1]!.params.channelId).toBe(dm.id);
    expect(message.content).toBe('Time to read');
  });

  it('records a multipart channel message with its attachment', async () => {
    const channelId = dmChannelFor(ALICE.id);
    const dm = await client.users.createDM(ALICE.id);
    await dm.send({ content: 'Your week', files: [new AttachmentBuilder(PNG, { name: 'week.png' })] });
    const call = await fake.waitForCall('createMessage', (c) => c.encoding === 'multipart');
    expect(call.params.channelId).toBe(channelId);
    expect(call.body).toMatchObject({ content: 'Your week' });
    expect(call.files[0]!.bytes.equals(PNG)).toBe(true);
  });
});

describe('heartbeats', () => {
  it('acknowledges every heartbeat, so the client measures a ping and stays connected', async () => {
    const quick = await startFakeDiscord({ heartbeatIntervalMs: 100 });
    const beating = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: quick.apiUrl } });
    try {
      const ready = new Promise<void>((resolve) => beating.once(Events.ClientReady, () => resolve()));
      await beating.login(quick.token);
      await ready;
      await new Promise((resolve) => setTimeout(resolve, 350));

      expect(quick.gatewayFrames.filter((frame) => frame.op === 1).length).toBeGreaterThanOrEqual(2);
      expect(beating.ws.ping).toBeGreaterThanOrEqual(0);
      expect(beating.isReady()).toBe(true);
      expect(quick.unexpectedCalls).toEqual([]);
    } finally {
      await beating.destroy();
      await quick.close();
    }
  });
});
