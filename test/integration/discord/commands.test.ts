/**
 * Slash commands through discord.js against the fake Discord: options become the core's structured
 * command, answers are embeds (public, or ephemeral when personal), a slow answer is deferred and
 * edited in later, a chart rides inside its embed, and a replayed interaction is answered once.
 */
import { DEFAULT_CHANNEL_ID, dmChannelFor, type CommandOption } from '../../fakes/discord/index.js';
import { startDiscordHarness, type DiscordHarness } from '../../support/discord.js';

const ADA = { id: '1200000000000000301', username: 'ada', globalName: 'Ada' };
const BOB = { id: '1200000000000000302', username: 'bob' };
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let sut: DiscordHarness;

afterEach(async () => {
  expect(sut.fake.unexpectedCalls).toEqual([]);
  await sut.close();
});

/** A subcommand option with its options, as Discord nests them. */
function sub(name: string, options: Record<string, string | number> = {}): CommandOption[] {
  return [
    {
      name,
      type: 1,
      options: Object.entries(options).map(([key, value]) => ({
        name: key,
        type: typeof value === 'string' ? 3 : 10,
        value,
      })),
    },
  ];
}

describe('with a quick core', () => {
  beforeEach(async () => {
    sut = await startDiscordHarness();
  });

  it('creates a habit from /habit add with options, and answers privately in a server', async () => {
    const interaction = sut.command({
      user: ADA,
      name: 'habit',
      options: sub('add', { name: 'Read', schedule: 'daily', target: '20 pages' }),
    });
    const added = await sut.answerTo(interaction);

    expect(added).toMatchObject({ deferred: false, ephemeral: true });
    expect(added.text).toContain('Added Read');
    expect(added.text).toContain('20 pages');
    expect(added.message.embeds).toHaveLength(1);
    expect(added.message.allowed_mentions).toEqual({ parse: [] });
    expect(added.buttons.find((button) => button.label.startsWith('Done'))).toMatchObject({ style: 1 });
    expect(sut.invocations[0]).toMatchObject({
      platform: 'discord',
      workspace: '',
      channel: { id: DEFAULT_CHANNEL_ID, kind: 'group' },
      user: { id: ADA.id, displayName: 'Ada', locale: 'en-US' },
      command: { path: ['habit', 'add'], options: { name: 'Read', schedule: 'daily', target: '20 pages' } },
      eventId: interaction.id,
    });

    const list = await sut.answerTo(sut.command({ user: ADA, name: 'habit', options: sub('list') }));
    expect(list.text).toContain('Read');
    const done = await sut.answerTo(
      sut.command({ user: ADA, name: 'done', options: { habit: 'read', amount: 25 } }),
    );
    expect(done.text).toMatch(/Read done/);
    expect((await sut.answerTo(sut.command({ user: ADA, name: 'streak' }))).text).toMatch(/\b1 day/);
  });

  it('posts the answer for the channel with share:True, and keeps a personal answer private even then', async () => {
    await sut.answerTo(sut.command({ user: ADA, name: 'habit', options: sub('add', { name: 'Read' }) }));
    const shareOption: CommandOption = { name: 'share', type: 5, value: true };
    const shared = await sut.answerTo(sut.command({ user: ADA, name: 'streak', options: { share: true } }));
    expect(shared).toMatchObject({ ephemeral: false });
    expect(shared.text).toContain('Streaks');
    expect(sut.invocations.at(-1)!.command).toEqual({ path: ['streak'], options: {} });
    const personal = await sut.answerTo(
      sut.command({ user: ADA, name: 'settings', options: [{ ...sub('show')[0]!, options: [shareOption] }] }),
    );
    expect(personal).toMatchObject({ ephemeral: true });
  });

  it('answers personal replies ephemerally, and the first contact with an ephemeral welcome', async () => {
    const settings = sut.command({ user: BOB, name: 'settings', options: sub('show') });
    const answer = await sut.answerTo(settings);
    expect(answer).toMatchObject({ ephemeral: true, deferred: false });
    expect(answer.message.flags).toBe(64);
    const welcome = await sut.fake.waitForCall(
      'createFollowupMessage',
      (call) => call.params.token === settings.token,
    );
    expect(welcome.body).toMatchObject({ flags: 64 });
    expect(welcome.body.embeds[0].description).toContain('Welcome to Stride');

    const refused = await sut.answerTo(sut.command({ user: BOB, name: 'token' }));
    expect(refused.ephemeral).toBe(true);
    expect(refused.text).toContain('works only in a direct message');
  });

  it('tells the core whether the member may manage the server, and never in a DM', async () => {
    const asked = [
      sut.command({ user: ADA, name: 'help', permissions: String(1 << 5) }), // Manage Server
      sut.command({ user: BOB, name: 'help', permissions: String(1 << 11) }), // Send Messages only
      sut.command({ user: ADA, name: 'help', dm: true, channelId: dmChannelFor(ADA.id) }),
    ];
    for (const interaction of asked) await sut.answerTo(interaction);

    const admin = await Promise.all(sut.invocations.map((invocation) => invocation.isChannelAdmin!()));
    expect(admin).toEqual([true, false, false]);
    expect(sut.invocations[2]!.channel).toEqual({ id: dmChannelFor(ADA.id), kind: 'dm' });
  });

  it('draws a chart inside its embed, as an attachment', async () => {
    await sut.answerTo(
      sut.command({ user: ADA, name: 'habit', options: sub('add', { name: 'Read', schedule: 'daily' }) }),
    );
    await sut.answerTo(sut.command({ user: ADA, name: 'done', options: { habit: 'read' } }));

    const chart = await sut.answerTo(
      sut.command({ user: ADA, name: 'chart', options: { habit: 'read' } }),
      10_000,
    );

    expect(chart.message.embeds[0].image).toEqual({ url: 'attachment://chart.png' });
    expect(chart.message.attachments).toEqual([
      expect.objectContaining({ id: '0', description: expect.stringContaining('Read') }),
    ]);
    expect(chart.files).toHaveLength(1);
    expect(chart.files[0]).toMatchObject({
      field: 'files[0]',
      filename: 'chart.png',
      contentType: 'image/png',
    });
    expect(chart.files[0]!.bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  });

  it('answers a replayed interaction once', async () => {
    const interaction = sut.command({ user: ADA, name: 'habit', options: sub('add', { name: 'Read' }) });
    sut.fake.pushInteraction(interaction);
    await sut.answerTo(interaction);
    await new Promise((resolve) => setTimeout(resolve, 200));

    const answers = sut.fake
      .callsTo('createInteractionResponse')
      .filter((call) => call.params.interactionId === interaction.id);
    expect(answers).toHaveLength(1);
    expect(sut.invocations).toHaveLength(1);
  });
});

describe('with a slow core', () => {
  beforeEach(async () => {
    sut = await startDiscordHarness({
      deferAfterMs: 100,
      delayMs: (invocation) => (invocation.command?.path[0] === 'coach' ? 600 : 0),
    });
  });

  it('defers privately in a server, then edits the answer in', async () => {
    const started = Date.now();
    const interaction = sut.command({ user: ADA, name: 'coach', options: { message: 'how am I doing?' } });

    const deferral = await sut.fake.waitForCall(
      'createInteractionResponse',
      (call) => call.params.interactionId === interaction.id,
    );
    expect(deferral.body).toEqual({ type: 5, data: { flags: 64 } });
    expect(deferral.at.getTime() - started).toBeLessThan(500);

    const answer = await sut.answerTo(interaction);
    expect(answer).toMatchObject({ deferred: true, ephemeral: true });
    expect(answer.text.length).toBeGreaterThan(0);
    const edit = sut.fake
      .callsTo('editOriginalInteractionResponse')
      .find((call) => call.params.token === interaction.token)!;
    expect(edit.at.getTime() - started).toBeGreaterThanOrEqual(600);
    expect(edit.params.applicationId).toBe(sut.fake.applicationId);
  });

  it('defers visibly in a DM, where only the member is anyway', async () => {
    const interaction = sut.command({
      user: ADA,
      name: 'coach',
      options: { message: 'how am I doing?' },
      dm: true,
      channelId: dmChannelFor(ADA.id),
    });
    const answer = await sut.answerTo(interaction);

    const deferral = sut.fake
      .callsTo('createInteractionResponse')
      .find((call) => call.params.interactionId === interaction.id)!;
    expect(deferral.body).toEqual({ type: 5, data: { flags: 0 } });
    expect(answer.deferred).toBe(true);
    expect(answer.text.length).toBeGreaterThan(0);
  });
});
