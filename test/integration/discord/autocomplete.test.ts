/**
 * Autocomplete: while a member types an option that names a habit or a goal, Discord asks, and the
 * adapter answers with the member's own names (fuzzy, best first, at most 25) well inside Discord's
 * 3 seconds; options that name neither, and people Stride does not know, get none.
 */
import { autocompleteInteraction, dmChannelFor, type Interaction } from '../../fakes/discord/index.js';
import { startDiscordHarness, type DiscordHarness } from '../../support/discord.js';

const ADA = { id: '1200000000000000401', username: 'ada' };
const BOB = { id: '1200000000000000402', username: 'bob' };

let sut: DiscordHarness;

afterEach(async () => {
  expect(sut.fake.unexpectedCalls).toEqual([]);
  await sut.close();
});

/** Ada's words to the core, as if typed in her DM (no Discord round trip needed to set up). */
async function say(text: string): Promise<void> {
  await sut.core.handle({
    platform: 'discord',
    workspace: '',
    channel: { id: dmChannelFor(ADA.id), kind: 'dm' },
    user: { id: ADA.id },
    text,
    receivedAt: new Date(),
  });
}

/** The choices Discord was sent for an autocomplete, and how long after the push they came. */
async function choicesFor(interaction: Interaction): Promise<{ names: string[]; ms: number }> {
  const pushed = Date.now();
  sut.fake.pushInteraction(interaction);
  const call = await sut.fake.waitForCall(
    'createInteractionResponse',
    (candidate) => candidate.params.interactionId === interaction.id,
  );
  expect(call.body.type).toBe(8);
  const choices = call.body.data.choices as { name: string; value: string }[];
  for (const choice of choices) expect(choice.value).toBe(choice.name);
  return { names: choices.map((choice) => choice.name), ms: call.at.getTime() - pushed };
}

describe('with the core at its usual speed', () => {
  beforeEach(async () => {
    sut = await startDiscordHarness();
    for (const habit of ['Meditate', 'Read', 'Morning run', 'Reading list', 'Stretch'])
      await say(`habit add "${habit}" daily`);
    await say('goal add "Half marathon" target 200 km');
  });

  it("offers the member's own habit names that fit, best first, quickly", async () => {
    const { names, ms } = await choicesFor(
      autocompleteInteraction({ user: ADA, name: 'done', options: { habit: 're' }, focused: 'habit' }),
    );
    // Names that start with it first, then one that only contains it.
    expect(names).toEqual(['Read', 'Reading list', 'Stretch']);
    expect(ms).toBeLessThan(1000);
    expect(sut.completions.at(-1)).toMatchObject({
      platform: 'discord',
      workspace: '',
      user: { id: ADA.id },
      kind: 'habit',
      query: 're',
    });

    const fuzzy = await choicesFor(
      autocompleteInteraction({ user: ADA, name: 'streak', options: { habit: 'run' }, focused: 'habit' }),
    );
    expect(fuzzy.names).toEqual(['Morning run']);
  });

  it('offers goal titles for a goal, in a subcommand', async () => {
    const { names } = await choicesFor(
      autocompleteInteraction({
        user: ADA,
        name: 'goal',
        options: [{ name: 'progress', type: 1, options: [{ name: 'goal', type: 3, value: 'half' }] }],
        focused: 'goal',
      }),
    );
    expect(names).toEqual(['Half marathon']);
  });

  it('offers at most 25 names', async () => {
    for (let i = 1; i <= 30; i += 1) await say(`habit add "Book ${i}" daily`);
    const { names } = await choicesFor(
      autocompleteInteraction({ user: ADA, name: 'done', options: { habit: 'book' }, focused: 'habit' }),
    );
    expect(names).toHaveLength(25);
    expect(names[0]).toBe('Book 1');
  });

  it('offers nothing for an option that names no habit, and nothing of anyone else', async () => {
    const count = sut.completions.length;
    const other = await choicesFor(
      autocompleteInteraction({
        user: ADA,
        name: 'habit',
        options: [{ name: 'add', type: 1, options: [{ name: 'name', type: 3, value: 're' }] }],
        focused: 'name',
      }),
    );
    expect(other.names).toEqual([]);
    expect(sut.completions).toHaveLength(count);

    const stranger = await choicesFor(
      autocompleteInteraction({ user: BOB, name: 'done', options: { habit: 're' }, focused: 'habit' }),
    );
    expect(stranger.names).toEqual([]);
  });
});

it('offers nothing rather than miss the deadline when the core is slow', async () => {
  sut = await startDiscordHarness({ completeWithinMs: 200, completeDelayMs: 1500 });
  await say('habit add Read daily');

  const { names, ms } = await choicesFor(
    autocompleteInteraction({ user: ADA, name: 'done', options: { habit: 're' }, focused: 'habit' }),
  );
  expect(names).toEqual([]);
  expect(ms).toBeLessThan(1000);
});
