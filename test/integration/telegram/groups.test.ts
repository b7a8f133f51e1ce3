/**
 * Groups on Telegram through the real telegraf and the fake Bot API: only a chat administrator
 * (getChatMember) sets up a group chat as a Stride group, called by the chat's title; members join,
 * the group view shows only them, and a review post to the chat is a photo with its text and a
 * "My week" button that answers whoever presses it with an alert only they see.
 */
import type { Message } from 'telegraf/types';
import { Group } from '../../../src/store/entities/index.js';
import { callbackQueryUpdate, textMessageUpdate, type UserInput } from '../../fakes/telegram/index.js';
import { buildReviewPost } from '../../support/builders.js';
import { startTelegramHarness, type TelegramHarness } from '../../support/telegram.js';

const root = { id: 7601, first_name: 'Root' };
const ada = { id: 7602, first_name: 'Ada' };
const ben = { id: 7603, first_name: 'Ben' };
const carol = { id: 7604, first_name: 'Carol' };
const GROUP = -100760000;
const TITLE = 'Morning Runners';
// A 1×1 PNG, standing in for the group's week chart.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

let sut: TelegramHarness;

beforeEach(async () => {
  sut = await startTelegramHarness({ webhook: true });
});

afterEach(async () => {
  expect(sut.fake.unexpectedCalls).toEqual([]);
  await sut.close();
});

const groups = () => sut.services().em.find(Group, {});

/** `text` said in the group chat; resolves with Stride's answer to it (which quotes it). */
async function say(from: UserInput, text: string, chatId = GROUP, chatTitle = TITLE): Promise<string> {
  const update = textMessageUpdate({ from, chatId, chatType: 'group', chatTitle, text });
  await sut.fake.deliverWebhook(update, { url: sut.webhookUrl });
  const answer = await sut.fake.waitForCall(
    'sendMessage',
    (params) =>
      (params.reply_parameters as { message_id?: number } | undefined)?.message_id ===
      update.message.message_id,
  );
  return (answer.answer as { result: Message.TextMessage }).result.text;
}

const adminChecks = () => sut.fake.callsTo('getChatMember').map((call) => call.params);

describe('/group setup', () => {
  it('is refused to a member who is no chat administrator, in Telegram’s words, and changes nothing', async () => {
    expect(await say(ada, '/group setup')).toBe('Only a group administrator can set up a group here.');

    expect(await groups()).toEqual([]);
    expect(adminChecks()).toEqual([{ chat_id: GROUP, user_id: ada.id }]);
  });

  it('makes the chat a group for an administrator or its creator, called by the chat’s title', async () => {
    sut.fake.setChatMember(GROUP, root.id, 'administrator');
    sut.fake.setChatMember(-100760001, ada.id, 'creator');

    expect(await say(root, '/group setup friday 17:00')).toContain(`✅ ${TITLE} is now a Stride group`);
    expect(await say(ada, '/group@stride_test_bot setup', -100760001, 'Book Club')).toContain(
      '✅ Book Club is now a Stride group',
    );

    expect(sut.invocations.at(-1)).toMatchObject({
      channel: { id: '-100760001', kind: 'group', name: 'Book Club' },
    });
    expect(await groups()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          platform: 'telegram',
          workspace: '',
          channelId: String(GROUP),
          name: TITLE,
        }),
        expect.objectContaining({ channelId: '-100760001', name: 'Book Club', reviewWeekday: 1 }),
      ]),
    );
  });

  it('takes a failed getChatMember as "not an administrator"', async () => {
    sut.fake.setChatMember(GROUP, root.id, 'administrator');
    sut.fake.failNext('getChatMember', { errorCode: 400, description: 'Bad Request: chat not found' });

    expect(await say(root, '/group setup')).toBe('Only a group administrator can set up a group here.');
    expect(await groups()).toEqual([]);

    expect(await say(root, '/group setup')).toContain('is now a Stride group');
    expect(await groups()).toHaveLength(1);
  });

  it('lets an administrator delete the group with the confirmation button, asking again on the press', async () => {
    sut.fake.setChatMember(GROUP, root.id, 'administrator');
    await say(root, '/group setup');
    await say(root, '/group delete');
    const asked = sut.fake.callsTo('sendMessage').find((call) => String(call.params.text).includes('Sure?'))!;
    const message = (asked.answer as { result: Message.TextMessage }).result;
    const [confirm] = message.reply_markup!.inline_keyboard[0]! as { text: string; callback_data: string }[];
    expect(confirm!.text).toBe('Delete the group');

    const update = callbackQueryUpdate({ from: root, message, data: confirm!.callback_data });
    await sut.fake.deliverWebhook(update, { url: sut.webhookUrl });

    await sut.fake.waitForCall('sendMessage', (params) =>
      String(params.text).includes('no longer a Stride group'),
    );
    expect(await groups()).toEqual([]);
    expect(adminChecks()).toHaveLength(3);
  });

  it('waits out a 429 on getChatMember, as every Bot API call', async () => {
    sut.fake.setChatMember(GROUP, root.id, 'creator');
    sut.fake.failNext('getChatMember', { retryAfter: 1 });

    expect(await say(root, '/group setup')).toContain('is now a Stride group');
    expect(adminChecks()).toHaveLength(2);
  });
});

describe('members', () => {
  beforeEach(async () => {
    sut.fake.setChatMember(GROUP, root.id, 'administrator');
    await say(root, '/group setup');
    await say(ada, '/habit add Read daily');
    await say(ada, '/done read');
    await say(ben, '/habit add Secret project daily');
  });

  it('join, and the group view shows who joined and not who did not', async () => {
    expect(await say(ada, '/group join')).toContain(`Ada joined ${TITLE}`);

    const view = await say(ben, '/group');
    expect(view).toContain(`${TITLE} is a Stride group`);
    expect(view).toContain('Ada');
    expect(view).not.toContain('Ben');
    expect(view).not.toContain('Secret');
    // Only the setup asked who administers the chat.
    expect(adminChecks()).toEqual([{ chat_id: GROUP, user_id: root.id }]);
  });

  it('posts a review as a photo with its text and a "My week" button that answers each presser with an alert', async () => {
    await say(ada, '/group join');
    const channel = { platform: 'telegram', workspace: '', channelId: String(GROUP) };
    const short = await buildReviewPost(sut.services(), channel, { png: PNG });
    const long = await buildReviewPost(sut.services(), channel, { png: PNG, summaryLength: 1100 });
    expect(long.text.length).toBeGreaterThan(1024);

    await sut.adapter.messenger.send({ channelId: String(GROUP) }, short);
    await sut.adapter.messenger.send({ channelId: String(GROUP) }, long);

    // A text that fits a caption rides on the photo, with the button.
    const [withCaption, bare] = sut.fake.callsTo('sendPhoto');
    expect(Number(withCaption!.params.chat_id)).toBe(GROUP);
    expect(withCaption!.params.parse_mode).toBe('HTML');
    const post = (withCaption!.answer as { result: Message.PhotoMessage }).result;
    expect(post.caption).toContain(`📊 Weekly review for ${TITLE}, week of 2026-11-16`);
    expect(post.caption).toContain('Ada');
    expect(post.caption).not.toContain('Ben');
    expect(post.reply_markup!.inline_keyboard).toEqual([
      [{ text: 'My week', callback_data: expect.any(String) }],
    ]);
    // A longer one: the photo, then the text with the button.
    expect(bare!.params.caption).toBeUndefined();
    const longText = sut.fake.callsTo('sendMessage').at(-1)!;
    expect(longText.params.text).toContain('Weekly review');
    expect(longText.params.reply_markup).toBeDefined();

    const sentBefore = sut.fake.callsTo('sendMessage').length;
    const press = async (from: UserInput) => {
      const data = (post.reply_markup!.inline_keyboard[0]![0] as { callback_data: string }).callback_data;
      const update = callbackQueryUpdate({ from, message: post, data });
      await sut.fake.deliverWebhook(update, { url: sut.webhookUrl });
      return sut.fake.waitForCall(
        'answerCallbackQuery',
        (params) => params.callback_query_id === update.callback_query.id,
      );
    };

    const adas = await press(ada);
    expect(adas.params).toMatchObject({ show_alert: true });
    expect(adas.params.text).toMatch(/^Your week: 1 of \d+ \(\d+%\), 🔥 1 day\. You're #1 on the board\.$/);

    // Carol never used Stride and did not join: told so, with her welcome, in the alert only.
    const carols = await press(carol);
    expect(carols.params).toMatchObject({ show_alert: true });
    expect(carols.params.text).toMatch(
      /^You have not joined this group\. group join shares .*\n\n👋 Welcome to Stride!/s,
    );
    expect(String(carols.params.text).length).toBeLessThanOrEqual(200);

    expect(sut.invocations.at(-1)).toMatchObject({
      user: { id: String(carol.id) },
      channel: { name: TITLE },
    });
    expect(sut.fake.callsTo('sendMessage')).toHaveLength(sentBefore);
  });
});
