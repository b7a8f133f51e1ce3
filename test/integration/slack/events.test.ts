/**
 * Events API deliveries (JSON, signed): direct messages and mentions go to the core as text and are
 * answered with the Web API; App Home openings publish the Home; redeliveries are answered once.
 */
import { appHomeOpenedEvent, appMentionEvent, directMessageEvent } from '../../fakes/slack/index.js';
import { buttonsOf, sectionText, startSlackHarness, type SlackHarness } from '../../support/slack.js';

describe('Slack events', () => {
  let sut: SlackHarness;

  beforeAll(async () => {
    sut = await startSlackHarness();
  });

  afterAll(async () => {
    await sut.close();
  });

  afterEach(() => {
    expect(sut.fake.unexpectedCalls).toEqual([]);
  });

  it('runs a direct message as a command and answers in the DM', async () => {
    const answer = await sut.event(directMessageEvent({ user: 'U0ALICE', text: 'habit add Read daily' }), {
      event_id: 'Ev0DM1',
    });

    expect(answer.status).toBe(200);
    const posted = await sut.fake.waitForCall('chat.postMessage', (call) => call.body.channel === 'D0ALICE');
    expect(sectionText(posted.body)).toContain('Added *Read*');
    expect(buttonsOf(posted.body).map((button) => button.label)).toEqual(['Done today']);
    expect(sut.lastDelivered()).toMatchObject({
      channel: { id: 'D0ALICE', kind: 'dm' },
      user: { id: 'U0ALICE' },
      text: 'habit add Read daily',
      eventId: 'event:Ev0DM1',
    });
    expect(await sut.lastDelivered().user.details!()).toMatchObject({ timezone: 'America/New_York' });
  });

  it('answers a redelivered event (same event_id, X-Slack-Retry-Num) once', async () => {
    const event = directMessageEvent({ user: 'U0ALICE', text: 'done read' });
    const posts = () =>
      sut.fake.callsTo('chat.postMessage').filter((call) => sectionText(call.body).includes('*Read*')).length;
    const before = posts();

    await sut.event(event, { event_id: 'Ev0RETRY1' });
    await sut.event(event, { event_id: 'Ev0RETRY1' }, { retryNum: 1 });
    await sut.fake.waitForCall('chat.postMessage', () => posts() > before);
    await sut.quiet();

    expect(posts()).toBe(before + 1);
    expect(sut.invocations.filter((invocation) => invocation.eventId === 'event:Ev0RETRY1')).toHaveLength(1);
    expect(await sut.logsOf('U0ALICE', 'Read')).toHaveLength(1);
  });

  it('ignores edits, other bots and empty messages', async () => {
    await sut.quiet();
    const before = sut.invocations.filter((invocation) => invocation.eventId).length;

    await sut.event({
      ...directMessageEvent({ user: 'U0ALICE', text: 'habit list' }),
      subtype: 'message_changed',
    });
    await sut.event({ ...directMessageEvent({ user: 'U0OTHERBOT', text: 'habit list' }), bot_id: 'B0OTHER' });
    await sut.event(directMessageEvent({ user: 'U0ALICE', text: '   ' }));
    await sut.quiet();

    expect(sut.invocations.filter((invocation) => invocation.eventId)).toHaveLength(before);
  });

  it('hands free text to the core (the coach answers it)', async () => {
    const before = sut.fake.calls.length;

    await sut.event(directMessageEvent({ user: 'U0ALICE', text: 'I feel like skipping everything today' }));

    await sut.fake.waitForCall(
      'chat.postMessage',
      (call) => sut.fake.calls.indexOf(call) >= before && call.body.channel === 'D0ALICE',
    );
    expect(sut.lastDelivered()).toMatchObject({
      text: 'I feel like skipping everything today',
      channel: { kind: 'dm' },
    });
  });

  it('runs a mention without the mention and answers in its thread', async () => {
    const mention = appMentionEvent({
      user: 'U0ALICE',
      text: '<@U0STRIDEBOT> streak',
      ts: '1763640000.000100',
    });

    await sut.event(mention);

    const posted = await sut.fake.waitForCall(
      'chat.postMessage',
      (call) => call.body.thread_ts === '1763640000.000100',
    );
    expect(posted.body.channel).toBe('C0GENERAL1');
    expect(sectionText(posted.body)).toContain('*Streaks*');
    expect(sut.lastDelivered()).toMatchObject({
      text: 'streak',
      channel: { id: 'C0GENERAL1', kind: 'group' },
    });
  });

  it('answers a mention privately when the core says so', async () => {
    await sut.event(appMentionEvent({ user: 'U0ALICE', text: '<@U0STRIDEBOT> help' }));

    const ephemeral = await sut.fake.waitForCall('chat.postEphemeral');
    expect(ephemeral.body).toMatchObject({ channel: 'C0GENERAL1', user: 'U0ALICE' });
    expect(sectionText(ephemeral.body)).toContain('habit add');
  });

  it('posts a chart asked for in a DM with files.uploadV2 into that DM', async () => {
    await sut.event(directMessageEvent({ user: 'U0ALICE', text: 'chart read weekly' }));

    const complete = await sut.fake.waitForCall(
      'files.completeUploadExternal',
      (call) => call.body.channel_id === 'D0ALICE',
    );
    expect(complete.body.files[0].title).toMatch(/Read/);
    expect(sut.fake.uploads.at(-1)!.filename).toMatch(/\.png$/);
  });

  it('publishes the App Home with today’s Done buttons, streaks and goals when it is opened', async () => {
    await sut.command({ user_id: 'U0ALICE', command: '/habit', text: 'add Run daily' });
    await sut.command({ user_id: 'U0ALICE', command: '/goal', text: 'add Run 100 km target 100 km' });

    await sut.event(appHomeOpenedEvent({ user: 'U0ALICE' }), { event_id: 'Ev0HOME1' });

    const published = await sut.fake.waitForCall(
      'views.publish',
      (call) => call.body.user_id === 'U0ALICE' && sectionText(call.body.view).includes('Run 100 km'),
    );
    const view = published.body.view;
    expect(view.type).toBe('home');
    expect(sectionText(view)).toContain('✅ *Read*');
    expect(sectionText(view)).toContain('*Streaks*');
    expect(
      buttonsOf(view)
        .filter((button) => button.style === 'primary')
        .map((button) => button.label),
    ).toEqual(['✓ Run']);
    expect(buttonsOf(view).every((button) => button.actionId === `stride:${button.value}`)).toBe(true);
  });

  it('publishes nothing when the Messages tab is opened', async () => {
    await sut.quiet();
    const before = sut.fake.callsTo('views.publish').length;

    await sut.event(appHomeOpenedEvent({ user: 'U0ALICE', tab: 'messages' }));
    await sut.quiet();

    expect(sut.fake.callsTo('views.publish')).toHaveLength(before);
  });
});
