/**
 * Slash commands in Slack's wire format, signed, through Stride's server into the real Bolt app and
 * chat core. Quick answers ride in the ack; charts are acknowledged with "Working on it" and come
 * through response_url with the image uploaded by files.uploadV2. Logs are read back through the
 * REST API.
 */
import type { ChatCore } from '../../../src/commands/chat-core.js';
import { resolveMember } from '../../../src/services/identities.js';
import { appHomeOpenedEvent } from '../../fakes/slack/index.js';
import { buttonsOf, sectionText, startSlackHarness, TODAY, type SlackHarness } from '../../support/slack.js';

const ALICE = { user_id: 'U0ALICE', user_name: 'alice' };
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('Slack slash commands', () => {
  let sut: SlackHarness;

  beforeAll(async () => {
    sut = await startSlackHarness({
      users: {
        U0ALICE: { name: 'alice', real_name: 'Alice Liddell', tz: 'Europe/Paris', locale: 'fr-FR' },
        U0GRACE: { name: 'grace', real_name: 'Grace Hopper', tz: 'America/Chicago', locale: 'en-US' },
      },
    });
  });

  afterAll(async () => {
    await sut.close();
  });

  afterEach(() => {
    expect(sut.fake.unexpectedCalls).toEqual([]);
  });

  it('adds a habit and answers in the ack, privately, in Block Kit with a Done button', async () => {
    const answer = await sut.command({ ...ALICE, command: '/habit', text: 'add Run daily' });

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      response_type: 'ephemeral',
      text: 'Added Run: every day. Log it with done Run.',
    });
    expect(sectionText(answer.body)).toBe('Added *Run*: every day. Log it with `done Run`.');
    const [done] = buttonsOf(answer.body);
    expect(done).toEqual({
      label: 'Done today',
      actionId: `stride:${done!.value}`,
      value: done!.value,
      style: 'primary',
    });
  });

  it('asks users.info once per member: the core waits for it only to create the member', async () => {
    const GRACE = { user_id: 'U0GRACE', user_name: 'grace' };
    await sut.command({ ...GRACE, command: '/habit', text: 'list' });

    // Not known yet: the invocation goes on with what the payload says, and the core asked for the
    // rest to create the member in their zone.
    const first = sut.lastDelivered();
    expect(first).toMatchObject({
      platform: 'slack',
      workspace: 'T0STRIDE1',
      channel: { id: 'C0GENERAL1', kind: 'group' },
      user: { id: 'U0GRACE' },
      text: 'habit list',
    });
    expect(first.user).not.toHaveProperty('timezone');
    expect(await first.user.details!()).toEqual({
      displayName: 'grace',
      timezone: 'America/Chicago',
      locale: 'en-US',
    });
    expect((await sut.apiAs('U0GRACE', '/me')).body).toMatchObject({ timezone: 'America/Chicago' });

    // Known from then on: the next command carries it, and nothing waits for it.
    await sut.command({ ...GRACE, command: '/habit', text: 'list' });
    expect(sut.lastDelivered().user).toEqual({
      id: 'U0GRACE',
      displayName: 'grace',
      timezone: 'America/Chicago',
      locale: 'en-US',
    });
    expect(sut.fake.callsTo('users.info').filter((call) => call.body.user === 'U0GRACE')).toHaveLength(1);
  });

  it('asks users.info nothing for a member Stride knows, unless a numeric date needs their locale', async () => {
    // A member from before this process started: Stride has them, the process has no profile.
    await resolveMember(sut.services(), {
      platform: 'slack',
      workspace: sut.fake.identity.teamId,
      platformUserId: 'U0HEDY',
      displayName: 'hedy',
      timezone: 'Europe/Vienna',
    });
    sut.fake.setUser('U0HEDY', { name: 'hedy', tz: 'Europe/Vienna', locale: 'en-US' });
    const HEDY = { user_id: 'U0HEDY', user_name: 'hedy' };
    const lookups = () => sut.fake.callsTo('users.info').filter((call) => call.body.user === 'U0HEDY');

    await sut.command({ ...HEDY, command: '/habit', text: 'add Walk daily' });
    const done = await sut.command({ ...HEDY, command: '/done', text: 'walk' });
    expect(done.body.text).toMatch(/Walk/);
    expect(lookups()).toHaveLength(0);

    // 11/03 is November 3 in en-US and 11 March elsewhere: her locale is asked for, once.
    const dated = await sut.command({ ...HEDY, command: '/done', text: 'walk 11/03' });
    expect(dated.body.text).toMatch(/Walk/);
    expect(lookups()).toHaveLength(1);
    expect(await sut.logsOf('U0HEDY', 'Walk')).toContainEqual(
      expect.objectContaining({ date: '2026-11-03' }),
    );
  });

  it('logs with /done, and the log reads back through the REST API', async () => {
    const answer = await sut.command({ ...ALICE, command: '/done', text: 'run' });

    expect(answer.status).toBe(200);
    expect(answer.body.text).toMatch(/Run/);
    expect(await sut.logsOf('U0ALICE', 'Run')).toEqual([
      expect.objectContaining({ date: TODAY, status: 'done', source: 'slack' }),
    ]);
  });

  it('never logs twice for a retried command (same trigger_id, X-Slack-Retry-Num)', async () => {
    await sut.command({ ...ALICE, command: '/habit', text: 'add Read daily' });
    const first = await sut.command({ ...ALICE, command: '/done', text: 'read', trigger_id: 'retried.1.a' });
    const again = await sut.command(
      { ...ALICE, command: '/done', text: 'read', trigger_id: 'retried.1.a' },
      { retryNum: 1 },
    );

    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(sut.invocations.filter((invocation) => invocation.eventId === 'command:retried.1.a')).toHaveLength(
      2,
    );
    expect(await sut.logsOf('U0ALICE', 'Read')).toHaveLength(1);
  });

  it('lists today with Done and Skip buttons for what is still open', async () => {
    await sut.command({ ...ALICE, command: '/habit', text: 'add Stretch daily' });
    const answer = await sut.command({ ...ALICE, command: '/today' });

    expect(sectionText(answer.body)).toContain(`*Today, ${TODAY}*`);
    expect(sectionText(answer.body)).toContain('✅ *Run*');
    expect(buttonsOf(answer.body).map((button) => button.label)).toEqual(['✓ Stretch', 'Skip Stretch']);
  });

  it('acknowledges a chart with "Working on it", answers through respond() and uploads the chart to the DM', async () => {
    const answer = await sut.command({
      ...ALICE,
      command: '/stats',
      text: 'run',
      responseId: 'stats-private',
    });

    expect(answer.body).toEqual({ response_type: 'ephemeral', text: '⏳ Working on it…' });
    const response = await sut.fake.waitForResponse('stats-private');
    expect(response).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(sectionText(response)).toContain('*Run*');
    expect(sectionText(response)).toContain('Current streak');
    expect(JSON.stringify(response.blocks)).toContain('is in your direct messages with Stride');
    const complete = await sut.fake.waitForCall(
      'files.completeUploadExternal',
      (call) => call.body.channel_id === 'D0ALICE',
    );
    const upload = sut.fake.uploads.find((candidate) => candidate.fileId === complete.body.files[0].id)!;
    expect(upload.bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(sut.fake.callsTo('conversations.open').at(-1)!.body).toMatchObject({ users: 'U0ALICE' });
  });

  it('shares a chart in the channel when the command ends with "share"', async () => {
    const answer = await sut.command({
      ...ALICE,
      command: '/stats',
      text: 'run share',
      responseId: 'stats-shared',
    });

    expect(answer.body.text).toBe('⏳ Working on it…');
    expect(sut.lastDelivered().text).toBe('stats run');
    const response = await sut.fake.waitForResponse('stats-shared');
    expect(response).toMatchObject({ response_type: 'in_channel', replace_original: false });
    expect(JSON.stringify(response.blocks)).not.toContain('direct messages');
    const complete = await sut.fake.waitForCall(
      'files.completeUploadExternal',
      (call) => call.body.channel_id === 'C0GENERAL1',
    );
    expect(complete.body.files[0].title).toMatch(/Run/);
  });

  it('shares a quick answer in the channel, and keeps private what the core marks private', async () => {
    const shared = await sut.command({ ...ALICE, command: '/streak', text: 'share' });
    const help = await sut.command({ ...ALICE, command: '/stride', text: 'help share' });

    expect(shared.body.response_type).toBe('in_channel');
    expect(sectionText(shared.body)).toContain('*Streaks*');
    expect(help.body.response_type).toBe('ephemeral');
  });

  it('answers /stride help with the command list', async () => {
    const answer = await sut.command({ ...ALICE, command: '/stride', text: 'help' });

    expect(answer.body.response_type).toBe('ephemeral');
    expect(sectionText(answer.body)).toContain('habit add');
    expect(sut.lastDelivered().text).toBe('help');
  });

  it('gives a one-time link code with /stride link', async () => {
    const answer = await sut.command({ ...ALICE, command: '/stride', text: 'link' });

    expect(answer.body.response_type).toBe('ephemeral');
    expect(sectionText(answer.body)).toMatch(/Your code is `[A-Z0-9]{4}-[A-Z0-9]{4}`/);
  });

  it('maps a bare group to its help and explains a wrong command with its usage', async () => {
    const bare = await sut.command({ ...ALICE, command: '/goal' });
    const barely = sut.lastDelivered();
    const wrong = await sut.command({ ...ALICE, command: '/done', text: 'swim' });

    expect(barely.text).toBe('help goal');
    expect(sectionText(bare.body)).toContain('goal add');
    expect(wrong.status).toBe(200);
    expect(wrong.body.response_type).toBe('ephemeral');
  });

  it('treats a direct-message channel as a DM', async () => {
    await sut.command({
      ...ALICE,
      command: '/habit',
      text: 'list',
      channel_id: 'D0ALICE',
      channel_name: 'directmessage',
    });

    expect(sut.lastDelivered().channel).toEqual({ id: 'D0ALICE', kind: 'dm' });
  });

  it('publishes no App Home after a log of a member who has not opened it', async () => {
    await sut.command({ user_id: 'U0BOB', command: '/habit', text: 'add Swim daily' });
    await sut.command({ user_id: 'U0BOB', command: '/done', text: 'swim' });
    await sut.quiet();

    expect(sut.fake.callsTo('views.publish').filter((call) => call.body.user_id === 'U0BOB')).toEqual([]);
  });

  it('republishes the App Home after a log while its member has it open', async () => {
    await sut.event(appHomeOpenedEvent({ user: 'U0ALICE' }), { event_id: 'Ev0HOMECMD' });
    await sut.fake.waitForCall('views.publish', (call) => call.body.user_id === 'U0ALICE');
    await sut.quiet();
    const earlier = sut.fake.callsTo('views.publish');
    await sut.command({ ...ALICE, command: '/done', text: 'read' });

    const published = await sut.fake.waitForCall(
      'views.publish',
      (call) => !earlier.includes(call) && sectionText(call.body.view).includes('✅ *Read*'),
    );
    expect(published.body.user_id).toBe('U0ALICE');
  });
});

describe('a Slack command that takes longer than the ack budget', () => {
  let sut: SlackHarness;

  beforeAll(async () => {
    const slow = (core: ChatCore): ChatCore => ({
      complete: (request) => core.complete(request),
      handle: async (invocation) => {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        return core.handle(invocation);
      },
    });
    sut = await startSlackHarness({ wrapCore: slow, ackBudgetMs: 100 });
  });

  afterAll(async () => {
    await sut.close();
  });

  it('is acknowledged with "Working on it" and answered through respond()', async () => {
    const answer = await sut.command({ command: '/habit', text: 'add Stretch daily', responseId: 'slow' });

    // The ack came while the core was still working.
    expect(sut.replies).toHaveLength(0);
    expect(answer.body).toEqual({ response_type: 'ephemeral', text: '⏳ Working on it…' });
    const response = await sut.fake.waitForResponse('slow');
    expect(sectionText(response)).toContain('Added *Stretch*');
    expect(buttonsOf(response)).toHaveLength(1);
    expect(sut.fake.unexpectedCalls).toEqual([]);
  });
});
