/**
 * Groups on Slack through the real Bolt app and the fake Slack: only a workspace admin or owner
 * (users.info) sets up a channel as a group, members join, the group view shows only them, and a
 * review post to the channel carries the chart and a "My week" button that anyone may press and
 * that answers each presser privately (ephemeral, through response_url).
 */
import { Group } from '../../../src/store/entities/index.js';
import { buildReviewPost } from '../../support/builders.js';
import { buttonsOf, sectionText, startSlackHarness, type SlackHarness } from '../../support/slack.js';

const ADMIN = { user_id: 'U0ADMIN', user_name: 'root' };
const OWNER = { user_id: 'U0OWNER', user_name: 'owner' };
const ADA = { user_id: 'U0ADA', user_name: 'ada' };
const BEN = { user_id: 'U0BEN', user_name: 'ben' };
const CAROL = { user_id: 'U0CAROL', user_name: 'carol' };
const GENERAL = { channel_id: 'C0GENERAL1', channel_name: 'general' };
const RANDOM = { channel_id: 'C0RANDOM1', channel_name: 'random' };
// A 1×1 PNG, standing in for the group's week chart.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

describe('Slack groups', () => {
  let sut: SlackHarness;

  beforeEach(async () => {
    sut = await startSlackHarness({
      users: {
        U0ADMIN: { name: 'Root', is_admin: true },
        U0OWNER: { name: 'Olive', is_owner: true },
        U0ADA: { name: 'Ada', tz: 'Europe/Paris' },
        U0BEN: { name: 'Ben', tz: 'Europe/Paris' },
        U0CAROL: { name: 'Carol', tz: 'Europe/Paris' },
      },
    });
  });

  afterEach(async () => {
    expect(sut.fake.unexpectedCalls).toEqual([]);
    await sut.close();
  });

  const groups = () => sut.services().em.find(Group, {});
  const usersInfoFor = (userId: string) =>
    sut.fake.callsTo('users.info').filter((call) => call.body.user === userId);
  /** `/group <text>` in #general (or `where`), answered in the ack. */
  const group = async (who: typeof ADA, text: string, where = GENERAL) =>
    (await sut.command({ ...who, ...where, command: '/group', text, responseId: `${who.user_id}-${text}` }))
      .body;

  describe('/group setup', () => {
    it('is refused to a member who is no workspace admin, in Slack’s words, and changes nothing', async () => {
      const answer = await group(ADA, 'setup');

      expect(answer).toMatchObject({
        response_type: 'ephemeral',
        text: 'Only a workspace admin or owner can set up a group here.',
      });
      expect(await groups()).toEqual([]);
    });

    it('makes #general a group for a workspace admin, named as Slack names the channel', async () => {
      const answer = await group(ADMIN, 'setup friday 17:00');

      expect(sectionText(answer)).toContain('✅ #general is now a Stride group');
      expect(sectionText(answer)).toContain('Fridays at 17:00');
      expect(sut.lastDelivered()).toMatchObject({
        workspace: 'T0STRIDE1',
        channel: { id: 'C0GENERAL1', kind: 'group', name: 'general' },
      });
      expect(await groups()).toEqual([
        expect.objectContaining({
          platform: 'slack',
          workspace: 'T0STRIDE1',
          channelId: 'C0GENERAL1',
          name: 'general',
        }),
      ]);
      // The profile lookup of the same command answered the admin question: one users.info call.
      expect(usersInfoFor('U0ADMIN')).toHaveLength(1);
    });

    it('accepts a workspace owner too', async () => {
      expect(sectionText(await group(OWNER, 'setup', RANDOM))).toContain('#random is now a Stride group');
      expect(await groups()).toEqual([expect.objectContaining({ channelId: 'C0RANDOM1', name: 'random' })]);
    });

    it('takes a users.info failure as "not an admin", and asks again next time', async () => {
      // The profile lookup and the admin check both fail.
      sut.fake.failNext('users.info', { error: 'fatal_error' });
      sut.fake.failNext('users.info', { error: 'fatal_error' });

      expect((await group(ADMIN, 'setup')).text).toBe(
        'Only a workspace admin or owner can set up a group here.',
      );
      expect(await groups()).toHaveLength(0);

      expect(sectionText(await group(ADMIN, 'setup'))).toContain('#general is now a Stride group');
      expect(await groups()).toHaveLength(1);
      expect(usersInfoFor('U0ADMIN')).toHaveLength(3);
    });

    it('lets an admin delete the group with the confirmation button, checked again on the press', async () => {
      await group(ADMIN, 'setup');
      const question = await group(ADMIN, 'delete');
      const confirm = buttonsOf(question).find((button) => button.label === 'Delete the group')!;

      await sut.click({
        ...ADMIN,
        ...GENERAL,
        action_id: confirm.actionId,
        value: confirm.value,
        responseId: 'deleted',
      });

      expect((await sut.fake.waitForResponse('deleted')).text).toBe('#general is no longer a Stride group.');
      expect(sut.lastDelivered()).toMatchObject({ action: confirm.value, channel: { name: 'general' } });
      expect(await groups()).toEqual([]);
    });

    it('works through a mention in the channel too', async () => {
      await sut.event({
        type: 'app_mention',
        user: 'U0ADMIN',
        text: '<@U0STRIDEBOT> group setup',
        channel: 'C0RANDOM1',
        ts: '1.000001',
      });

      const posted = await sut.fake.waitForCall(
        'chat.postMessage',
        (call) => call.body.channel === 'C0RANDOM1',
      );
      // Mentions carry no channel name, so the group is "this channel" until Slack names it.
      expect(posted.body.text).toContain('this channel is now a Stride group');
      expect(await groups()).toEqual([expect.objectContaining({ channelId: 'C0RANDOM1', name: null })]);
    });
  });

  describe('members', () => {
    beforeEach(async () => {
      await group(ADMIN, 'setup');
      await sut.command({ ...ADA, command: '/habit', text: 'add Read daily' });
      await sut.command({ ...ADA, command: '/done', text: 'read' });
      await sut.command({ ...BEN, command: '/habit', text: 'add Secret project daily' });
    });

    it('join, and the group view shows who joined and not who did not', async () => {
      const joined = await group(ADA, 'join');
      expect(sectionText(joined)).toContain('Ada joined #general');

      const view = sectionText(await group(BEN, ''));
      expect(view).toContain('*#general* is a Stride group');
      expect(view).toContain('Ada');
      expect(view).not.toContain('Ben');
      expect(view).not.toContain('Secret');
      // Neither command needed to know who is an admin: users.info only for the profile, once.
      expect(usersInfoFor('U0ADA')).toHaveLength(1);
      expect(usersInfoFor('U0BEN')).toHaveLength(1);
    });

    it('posts a review to the channel with its chart and a "My week" button that answers each presser privately', async () => {
      await group(ADA, 'join');
      const post = await buildReviewPost(
        sut.services(),
        { platform: 'slack', workspace: 'T0STRIDE1', channelId: 'C0GENERAL1' },
        { png: PNG, summaryLength: 900 },
      );
      expect(post.text.length).toBeGreaterThan(1000);

      await sut.adapter.messenger.send({ channelId: 'C0GENERAL1', workspace: 'T0STRIDE1' }, post);

      const message = sut.fake.callsTo('chat.postMessage').at(-1)!.body;
      expect(message.channel).toBe('C0GENERAL1');
      expect(sectionText(message)).toContain('📊 *Weekly review* for #general');
      expect(sectionText(message)).toContain('*Ada*');
      expect(sectionText(message)).not.toContain('Ben');
      const [myWeek] = buttonsOf(message);
      expect(myWeek).toMatchObject({ label: 'My week' });
      const complete = sut.fake.callsTo('files.completeUploadExternal').at(-1)!;
      expect(complete.body.channel_id).toBe('C0GENERAL1');
      const upload = sut.fake.uploads.find((candidate) => candidate.fileId === complete.body.files[0].id)!;
      expect(upload.bytes.equals(PNG)).toBe(true);

      const press = (who: typeof ADA) =>
        sut.click({
          ...who,
          ...GENERAL,
          action_id: myWeek!.actionId,
          value: myWeek!.value,
          responseId: `week-${who.user_id}`,
        });
      await press(ADA);
      const adas = await sut.fake.waitForResponse('week-U0ADA');
      expect(adas).toMatchObject({ response_type: 'ephemeral', replace_original: false });
      expect(adas.text).toMatch(/^Your week: 1 of \d+ \(\d+%\), 🔥 1 day\. You're #1 on the board\.$/);

      // Carol never used Stride and did not join: she is told so, and only she sees it.
      await press(CAROL);
      const carols = await sut.fake.waitForResponse('week-U0CAROL');
      expect(carols).toMatchObject({ response_type: 'ephemeral', replace_original: false });
      expect(carols.text).toMatch(/^You have not joined this group\./);
      expect(sut.fake.responses('week-U0CAROL')).toHaveLength(1);
    });
  });
});
