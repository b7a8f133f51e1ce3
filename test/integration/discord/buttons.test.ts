/**
 * Buttons (message components): a press runs the button's command for the member it was shown to,
 * and tells anyone else privately that it did nothing; a press replayed by the gateway counts once.
 */
import { buttonInteraction, type CommandOption } from '../../fakes/discord/index.js';
import { startDiscordHarness, type Answer, type DiscordHarness } from '../../support/discord.js';

const ADA = { id: '1200000000000000501', username: 'ada' };
const BOB = { id: '1200000000000000502', username: 'bob' };

let sut: DiscordHarness;

beforeEach(async () => {
  sut = await startDiscordHarness();
});

afterEach(async () => {
  expect(sut.fake.unexpectedCalls).toEqual([]);
  await sut.close();
});

function sub(name: string, options: Record<string, string>): CommandOption[] {
  return [
    {
      name,
      type: 1,
      options: Object.entries(options).map(([key, value]) => ({ name: key, type: 3, value })),
    },
  ];
}

async function streakText(): Promise<string> {
  return (await sut.answerTo(sut.command({ user: ADA, name: 'streak', options: { habit: 'read' } }))).text;
}

async function press(user: typeof ADA, customId: string): Promise<Answer> {
  return sut.answerTo(sut.fake.pushInteraction(buttonInteraction({ user, customId })));
}

it("runs a button for its owner, and refuses someone else's press privately", async () => {
  const added = await sut.answerTo(
    sut.command({ user: ADA, name: 'habit', options: sub('add', { name: 'Read', schedule: 'daily' }) }),
  );
  const done = added.buttons.find((button) => button.label.startsWith('Done'))!;

  const refused = await press(BOB, done.id);
  expect(refused).toMatchObject({ ephemeral: true, deferred: false });
  expect(refused.text).toContain('not yours');
  expect(await streakText()).not.toMatch(/\b1 day/);

  const pressed = await press(ADA, done.id);
  // In a server a press is answered privately, like a command without share:True.
  expect(pressed.ephemeral).toBe(true);
  expect(pressed.text).toMatch(/Read done/);
  expect(sut.invocations.filter((invocation) => invocation.action === done.id)).toHaveLength(2);
  expect(await streakText()).toMatch(/\b1 day/);
});

it('counts a press the gateway replays once', async () => {
  const added = await sut.answerTo(
    sut.command({ user: ADA, name: 'habit', options: sub('add', { name: 'Read', schedule: 'daily' }) }),
  );
  const done = added.buttons.find((button) => button.label.startsWith('Done'))!;
  const interaction = buttonInteraction({ user: ADA, customId: done.id });

  sut.fake.pushInteraction(interaction);
  sut.fake.pushInteraction(interaction);
  await sut.answerTo(interaction);
  await new Promise((resolve) => setTimeout(resolve, 200));

  expect(
    sut.fake
      .callsTo('createInteractionResponse')
      .filter((call) => call.params.interactionId === interaction.id),
  ).toHaveLength(1);
  expect(sut.invocations.filter((invocation) => invocation.action === done.id)).toHaveLength(1);
});

it('shows a confirmation with danger and secondary buttons, and runs the one pressed', async () => {
  await sut.answerTo(sut.command({ user: ADA, name: 'habit', options: sub('add', { name: 'Read' }) }));
  const asked = await sut.answerTo(
    sut.command({ user: ADA, name: 'habit', options: sub('delete', { habit: 'read' }) }),
  );
  expect(asked.ephemeral).toBe(true);
  expect(asked.buttons.map(({ label, style }) => ({ label, style }))).toEqual([
    { label: 'Delete', style: 4 },
    { label: 'Keep it', style: 2 },
  ]);

  const kept = await press(ADA, asked.buttons[1]!.id);
  expect(kept.text).toBe('Kept Read.');
  const list = await sut.answerTo(sut.command({ user: ADA, name: 'habit', options: sub('list', {}) }));
  expect(list.text).toContain('Read');
});
