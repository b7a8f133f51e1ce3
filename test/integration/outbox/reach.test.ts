/**
 * Where a message goes: the platform chosen with `settings notify`, else the last private
 * conversation, else the console inbox; and nowhere when the member is gone.
 */
import { deliverDue } from '../../../src/jobs/delivery.js';
import type { ServiceContext } from '../../../src/services/context.js';
import { createApiToken } from '../../../src/services/accounts.js';
import { createLinkCode, redeemLinkCode } from '../../../src/services/identities.js';
import { forgetMember } from '../../../src/services/members.js';
import type { User } from '../../../src/store/entities/index.js';
import { buildMember } from '../../support/builders.js';
import { after, NOW, startOutboxHarness, type OutboxHarness } from '../../support/outbox.js';

let sut: OutboxHarness;

beforeAll(async () => {
  sut = await startOutboxHarness();
});

afterAll(async () => {
  await sut.close();
});

afterEach(() => {
  expect(sut.telegram.unexpectedCalls).toEqual([]);
  expect(sut.slack.unexpectedCalls).toEqual([]);
});

let sequence = 0;
/** One member on Telegram (private at `telegramAt`) and Slack (DM D0… at `slackAt`). */
async function twoPlatformMember(
  telegramAt: Date,
  slackAt: Date,
): Promise<{ user: User; chat: string; dm: string }> {
  sequence += 1;
  const chat = String(8800 + sequence);
  const user = await sut.member('telegram', chat, { privateChannel: chat, at: telegramAt });
  const dm = `D0TWO${sequence}`;
  await sut.sql(
    `insert into identities (id, user_id, platform, workspace, platform_user_id, dm_channel, private_at, created_at, updated_at)
     values (gen_random_uuid(), ?, 'slack', ?, ?, ?, ?, ?, ?)`,
    [user.id, sut.slack.identity.teamId, `U0TWO${sequence}`, dm, slackAt, NOW, NOW],
  );
  return { user, chat, dm };
}

const telegramSends = (chat: string) =>
  sut.telegram.callsTo('sendMessage').filter((call) => String(call.params.chat_id) === chat);
const slackPosts = (dm: string) =>
  sut.slack.callsTo('chat.postMessage').filter((call) => call.body.channel === dm);

it('goes to the platform chosen with settings notify, over a more recent private chat', async () => {
  const { user, chat, dm } = await twoPlatformMember(after(-3600_000), after(-7200_000));
  await sut.sql(`update users set notify_platform = 'slack' where id = ?`, [user.id]);
  await sut.enqueue(user.id, 'reach:notify', { text: 'On Slack, as asked' });

  expect(await sut.deliver()).toEqual({ sent: 1, failed: 0, dead: 0 });

  expect(slackPosts(dm).map((call) => call.body.text)).toEqual(['On Slack, as asked']);
  expect(telegramSends(chat)).toHaveLength(0);
  expect(await sut.row('reach:notify')).toMatchObject({ status: 'sent', platform: 'slack' });
});

it('goes where the member last talked to Stride privately, and follows them when that changes', async () => {
  const { user, chat, dm } = await twoPlatformMember(after(-3600_000), after(-7200_000));
  await sut.enqueue(user.id, 'reach:latest:1', { text: 'Telegram is newer' });
  expect(await sut.deliver()).toEqual({ sent: 1, failed: 0, dead: 0 });
  expect(telegramSends(chat).map((call) => call.params.text)).toEqual(['Telegram is newer']);
  expect(slackPosts(dm)).toHaveLength(0);

  // The member writes to Stride's Slack DM now: the next message goes there.
  await sut.member('slack', `U0TWO${sequence}`, {
    privateChannel: dm,
    at: NOW,
    workspace: sut.slack.identity.teamId,
  });
  await sut.enqueue(user.id, 'reach:latest:2', { text: 'Slack is newer' });
  expect(await sut.deliver()).toEqual({ sent: 1, failed: 0, dead: 0 });
  expect(slackPosts(dm).map((call) => call.body.text)).toEqual(['Slack is newer']);
  expect(telegramSends(chat)).toHaveLength(1);
});

it('puts a message for a console-only member, or one with only an API token, in the console inbox', async () => {
  const calls = () => sut.telegram.calls.length + sut.slack.calls.length;
  const before = calls();
  const consoleOnly = await sut.member('console', 'grace');
  const apiOnly = await buildMember(sut.services());
  await createApiToken(sut.services(), apiOnly.id);
  await sut.enqueue(consoleOnly.id, 'reach:console', { text: 'For the console' });
  await sut.enqueue(apiOnly.id, 'reach:api', { text: 'For the API member' });

  expect(await sut.deliver()).toEqual({ sent: 2, failed: 0, dead: 0 });

  for (const key of ['reach:console', 'reach:api'])
    expect(await sut.row(key)).toMatchObject({ status: 'sent', platform: 'console', read_at: null });
  expect(calls()).toBe(before);
});

it('sends nothing for a member deleted before delivery: their messages go with them', async () => {
  const before = sut.telegram.callsTo('sendMessage').length;
  const gone = await sut.member('telegram', '8899', { privateChannel: '8899' });
  await sut.enqueue(gone.id, 'reach:forgotten', { text: 'Hello?' });
  const services = sut.services();
  await forgetMember(services, gone);

  expect(await sut.deliver()).toEqual({ sent: 0, failed: 0, dead: 0 });
  expect(await sut.sql(`select id from outbox where dedupe_key = 'reach:forgotten'`)).toEqual([]);
  expect(sut.telegram.callsTo('sendMessage').length).toBe(before);
});

it('counts a message dead, and sends nothing, when its member is deleted while it is being delivered', async () => {
  const before = sut.telegram.callsTo('sendMessage').length;
  const gone = await sut.member('telegram', '8898', { privateChannel: '8898' });
  await sut.enqueue(gone.id, 'reach:deleted-mid-way', { text: 'Hello?' });
  // The member is deleted right after the deliverer claimed the message, before it looks them up.
  const deps = sut.deps();
  const deletingAfterClaim = (): ServiceContext => {
    const services = deps.services();
    const connection = services.em.getConnection();
    const execute = connection.execute.bind(connection);
    const spied = new Proxy(connection, {
      get: (target, property) =>
        property === 'execute'
          ? async (...args: Parameters<typeof execute>) => {
              const result = await execute(...args);
              if (String(args[0]).trimStart().startsWith('update outbox set locked_until'))
                await execute('delete from users where id = ?', [gone.id]);
              return result;
            }
          : Reflect.get(target, property),
    });
    const em = new Proxy(services.em, {
      get: (target, property) =>
        property === 'getConnection' ? () => spied : (Reflect.get(target, property) as unknown),
    });
    return { ...services, em };
  };

  const result = await deliverDue({ ...deps, services: deletingAfterClaim }, NOW);

  expect(result).toEqual({ sent: 0, failed: 0, dead: 1 });
  expect(sut.telegram.callsTo('sendMessage').length).toBe(before);
  expect(await sut.sql(`select id from users where id = ?`, [gone.id])).toEqual([]);
});

it('keeps a queued message when its member links their account to another, and delivers it there', async () => {
  const kept = await sut.member('telegram', '8897', { privateChannel: '8897' });
  const linking = await sut.member('console', 'linking-member');
  await sut.enqueue(linking.id, 'reach:linked', { text: 'Still yours after linking' });
  const code = await createLinkCode(sut.services(), kept);
  await redeemLinkCode(sut.services(), linking, code);

  expect(await sut.row('reach:linked')).toMatchObject({ status: 'queued', user_id: kept.id });
  expect(await sut.deliver()).toEqual({ sent: 1, failed: 0, dead: 0 });
  expect(telegramSends('8897').map((call) => call.params.text)).toEqual(['Still yours after linking']);
});
