/**
 * Groups on Discord, end to end: /group setup needs Manage Server, members join, the weekly-review
 * job enqueues the review and the outbox posts it to the channel through discord.js's REST as an
 * embed with the chart inside and a "My week" button, which answers each presser privately.
 */
import { deliverDue } from '../../../src/jobs/index.js';
import { createLogger } from '../../../src/logger.js';
import { MessengerRegistry } from '../../../src/services/messengers.js';
import { Group } from '../../../src/store/entities/index.js';
import { buttonInteraction, DEFAULT_CHANNEL_ID, type CommandOption } from '../../fakes/discord/index.js';
import { startDiscordHarness, type DiscordHarness } from '../../support/discord.js';
import { jobTestHarness } from '../../support/jobs.js';

const ADMIN = { id: '1200000000000000901', username: 'admin', globalName: 'Admin' };
const ADA = { id: '1200000000000000902', username: 'ada', globalName: 'Ada' };
const BOB = { id: '1200000000000000903', username: 'bob', globalName: 'Bob' };
const MANAGE_SERVER = String(1 << 5);
const SEND_MESSAGES = String(1 << 11);

let sut: DiscordHarness;

beforeEach(async () => {
  sut = await startDiscordHarness();
});
afterEach(async () => {
  expect(sut.fake.unexpectedCalls).toEqual([]);
  await sut.close();
});

const group = (subcommand: string, user = ADA, permissions = SEND_MESSAGES, options: CommandOption[] = []) =>
  sut.answerTo(
    sut.command({ user, name: 'group', permissions, options: [{ name: subcommand, type: 1, options }] }),
  );

it('lets only Manage Server set the channel up, and names it by the channel', async () => {
  const refused = await group('setup');
  expect(refused).toMatchObject({ ephemeral: true });
  expect(refused.text).toBe('Only someone with the Manage Server permission can set up a group here.');
  expect(await sut.services().em.count(Group, {})).toBe(0);

  const made = await group('setup', ADMIN, MANAGE_SERVER, [
    { name: 'weekday', type: 3, value: 'friday' },
    { name: 'time', type: 3, value: '17:00' },
  ]);
  expect(made.text).toContain('#general is now a Stride group');
  expect(made.text).toContain('Fridays at 17:00 (UTC)');
  const [stored] = await sut.services().em.find(Group, {});
  expect(stored).toMatchObject({ platform: 'discord', workspace: '', channelId: DEFAULT_CHANNEL_ID });
});

it('posts the review once, to the channel, with the chart in the embed and a private My week', async () => {
  await group('setup', ADMIN, MANAGE_SERVER);
  await sut.answerTo(
    sut.command({
      user: ADA,
      name: 'habit',
      options: [{ name: 'add', type: 1, options: [{ name: 'name', type: 3, value: 'Read' }] }],
    }),
  );
  await sut.answerTo(sut.command({ user: ADA, name: 'done', options: { habit: 'read' } }));
  expect((await group('join')).text).toContain('Ada joined #general');

  // Set up on Friday 2026-11-20 (the harness's clock): the first review is Monday the 23rd, 09:00 UTC.
  const jobs = jobTestHarness(() => sut.database, 'weekly-review', new Date('2026-11-23T09:00:00Z'));
  expect(await jobs.run('2026-11-23T09:00:00Z')).toMatchObject({ posted: 1 });
  expect(await jobs.run('2026-11-23T09:01:00Z')).toMatchObject({ posted: 0 });
  const messengers = new MessengerRegistry();
  messengers.register('discord', sut.adapter.messenger);
  const now = new Date('2026-11-23T09:01:00Z');
  const delivery = { services: () => jobs.services(() => now), messengers, logger: createLogger('silent') };
  expect(await deliverDue(delivery, now)).toMatchObject({ sent: 1 });
  expect(await deliverDue(delivery, now)).toMatchObject({ sent: 0 });

  const posts = sut.fake.callsTo('createMessage');
  expect(posts).toHaveLength(1);
  const post = posts[0]!;
  expect(post.params.channelId).toBe(DEFAULT_CHANNEL_ID);
  const embed = post.body.embeds[0];
  expect(embed.description).toContain('**Weekly review** for #general');
  expect(embed.description).toContain('**Ada**: 1 of 3 (33%)');
  expect(embed.description).not.toContain('Bob');
  expect(embed.image.url).toMatch(/^attachment:\/\/.+\.png$/);
  expect(post.files?.[0]?.bytes.subarray(1, 4).toString()).toBe('PNG');
  const button = post.body.components[0].components[0];
  expect(button).toMatchObject({ label: 'My week', style: 1 });

  const press = (user: typeof ADA) =>
    sut.answerTo(sut.fake.pushInteraction(buttonInteraction({ user, customId: button.custom_id })));
  const mine = await press(ADA);
  expect(mine).toMatchObject({ ephemeral: true });
  expect(mine.text).toMatch(/^Your week: /);
  const bobs = await press(BOB);
  expect(bobs).toMatchObject({ ephemeral: true });
  expect(bobs.text).toContain('You have not joined this group');
});
