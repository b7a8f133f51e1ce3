/**
 * The Discord Messenger, for the messages Stride starts itself: to a group channel or to the
 * member's DM (opened from the user id, or the DM channel the member last wrote in, as reach
 * chooses), with charts inside the embed; a short 429 waited out, a long one and a closed DM
 * reported to the outbox as it needs them.
 */
import { DeliveryError } from '../../../src/ports/platform.js';
import { reachOfMembers } from '../../../src/services/reach.js';
import { resolveMember } from '../../../src/services/identities.js';
import { DEFAULT_CHANNEL_ID, dmChannelFor } from '../../fakes/discord/index.js';
import { nextDm, startDiscordHarness, textOf, type DiscordHarness } from '../../support/discord.js';

const ADA = { id: '1200000000000000601', username: 'ada' };
const BOB = { id: '1200000000000000602', username: 'bob' };
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

let sut: DiscordHarness;

beforeEach(async () => {
  sut = await startDiscordHarness({ maxRateLimitWaitMs: 2000 });
});

afterEach(async () => {
  expect(sut.fake.unexpectedCalls).toEqual([]);
  await sut.close();
});

it('posts to a group channel as it is, and opens the DM for a user id', async () => {
  await sut.adapter.messenger.send({ channelId: DEFAULT_CHANNEL_ID }, { text: '📊 **Weekly review**' });
  expect(sut.fake.callsTo('createDM')).toEqual([]);
  const posted = sut.fake.callsTo('createMessage')[0]!;
  expect(posted.params.channelId).toBe(DEFAULT_CHANNEL_ID);
  expect(posted.headers.authorization).toBe(`Bot ${sut.fake.token}`);
  expect(posted.body).toMatchObject({
    embeds: [{ description: '📊 **Weekly review**' }],
    allowed_mentions: { parse: [] },
  });

  // A channel id that is the user id itself stands for the member's DM, as with no channel.
  await sut.adapter.messenger.send({ channelId: ADA.id, userId: ADA.id }, { text: '⏰ Time for **Read**' });
  await sut.adapter.messenger.send({ channelId: '', userId: ADA.id }, { text: 'Again' });
  expect(sut.fake.callsTo('createDM').map((call) => call.body)).toEqual([{ recipient_id: ADA.id }]);
  expect(
    sut.fake
      .callsTo('createMessage')
      .slice(1)
      .map((call) => call.params.channelId),
  ).toEqual([dmChannelFor(ADA.id), dmChannelFor(ADA.id)]);

  await expect(sut.adapter.messenger.send({ channelId: '' }, { text: 'nowhere' })).rejects.toThrow(
    /needs a channelId or a userId/,
  );
});

it('sends a chart inside its embed, and a long text in several messages', async () => {
  await sut.adapter.messenger.send(
    { channelId: DEFAULT_CHANNEL_ID },
    { text: `Your week\n${'x'.repeat(5000)}`, image: { png: PNG, alt: 'A week of Read' } },
  );
  const [first, second] = sut.fake.callsTo('createMessage');
  expect(first!.encoding).toBe('multipart');
  expect(first!.body.embeds[0].image).toEqual({ url: 'attachment://chart.png' });
  expect(first!.body.attachments).toEqual([{ id: 0, filename: 'chart.png', description: 'A week of Read' }]);
  expect(first!.files[0]!.bytes.equals(PNG)).toBe(true);
  expect(first!.body.embeds[0].description).toBe('Your week');
  expect(second!.body.embeds[0].description).toHaveLength(4096);
  expect(second!.files).toEqual([]);
});

it('waits out a short 429 and sends the message once', async () => {
  sut.fake.failNext('createMessage', { status: 429, retryAfter: 0.3 });
  const started = Date.now();
  await sut.adapter.messenger.send({ channelId: DEFAULT_CHANNEL_ID }, { text: 'Time to read' });

  expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  expect(sut.fake.callsTo('createMessage').map((call) => call.answer?.status)).toEqual([429, 200]);
});

it('hands a long 429 to the outbox as a wait, and a DM the member closed as permanent', async () => {
  sut.fake.failNext('createMessage', { status: 429, retryAfter: 30 });
  const limited = await sut.adapter.messenger.send({ channelId: DEFAULT_CHANNEL_ID }, { text: 'Later' }).then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(limited).toBeInstanceOf(DeliveryError);
  expect((limited as DeliveryError).retryAfterMs).toBeGreaterThanOrEqual(30_000);
  expect((limited as DeliveryError).retryAfterMs).toBeLessThan(31_000);
  expect((limited as DeliveryError).permanent).toBe(false);
  expect(sut.fake.callsTo('createMessage')).toHaveLength(1);

  sut.fake.failNext('createMessage', {
    status: 403,
    code: 50007,
    message: 'Cannot send messages to this user',
  });
  const closed = await sut.adapter.messenger.send({ channelId: '', userId: BOB.id }, { text: 'Hi' }).then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(closed).toBeInstanceOf(DeliveryError);
  expect(closed).toMatchObject({ permanent: true });
  expect((closed as Error).message).toContain('50007');
});

it('reaches a member in the DM they last wrote in, and one seen only in a server by a DM opened for them', async () => {
  // Ada writes in her DM; Bob only ever used a slash command in a server.
  const before = sut.fake.callsTo('createMessage').length;
  sut.dm(ADA, 'habit add Read daily');
  await nextDm(sut.fake, ADA.id, before);
  await sut.answerTo(sut.command({ user: BOB, name: 'help' }));

  const services = sut.services();
  const ada = (await resolveMember(services, { platform: 'discord', workspace: '', platformUserId: ADA.id }))
    .user;
  const bob = (await resolveMember(services, { platform: 'discord', workspace: '', platformUserId: BOB.id }))
    .user;
  const reaches = await reachOfMembers(services.em, [ada.id, bob.id]);
  expect(reaches.get(ada.id)).toEqual({
    platform: 'discord',
    target: { channelId: dmChannelFor(ADA.id), userId: ADA.id },
  });
  expect(reaches.get(bob.id)).toEqual({ platform: 'discord', target: { channelId: '', userId: BOB.id } });

  await sut.adapter.messenger.send(reaches.get(ada.id)!.target, { text: 'For Ada' });
  await sut.adapter.messenger.send(reaches.get(bob.id)!.target, { text: 'For Bob' });
  expect(sut.fake.callsTo('createDM').map((call) => call.body.recipient_id)).toEqual([BOB.id]);
  const sent = sut.fake
    .callsTo('createMessage')
    .filter((call) => ['For Ada', 'For Bob'].includes(textOf(call.body)));
  expect(sent.map((call) => [textOf(call.body), call.params.channelId])).toEqual([
    ['For Ada', dmChannelFor(ADA.id)],
    ['For Bob', dmChannelFor(BOB.id)],
  ]);
});
