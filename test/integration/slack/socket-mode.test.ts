/**
 * Socket Mode: with SLACK_APP_TOKEN set the adapter connects to the fake's WebSocket server
 * (apps.connections.open) instead of mounting an HTTP route; envelopes are acked over the socket,
 * a slash command's answer riding in its ack.
 */
import {
  appHomeOpenedEvent,
  blockActionsEnvelope,
  directMessageEvent,
  eventsApiEnvelope,
  slashCommandEnvelope,
} from '../../fakes/slack/index.js';
import {
  APP_TOKEN,
  BOT_TOKEN,
  buttonsOf,
  sectionText,
  startSlackHarness,
  TODAY,
  type SlackHarness,
} from '../../support/slack.js';

const ALICE = { user_id: 'U0ALICE', user_name: 'alice' };

describe('Slack in Socket Mode', () => {
  let sut: SlackHarness;

  beforeAll(async () => {
    sut = await startSlackHarness({ socketMode: true });
    await sut.fake.socketMode.waitForConnection();
  });

  afterAll(async () => {
    // close() stops the adapter first; the fake refuses to close while a client is still connected.
    await sut.close();
  });

  afterEach(() => {
    expect(sut.fake.unexpectedCalls).toEqual([]);
  });

  it('connects with the app token and mounts no HTTP route', async () => {
    expect(sut.adapter.middleware).toBeUndefined();
    expect(sut.fake.callsTo('apps.connections.open')[0]!.token).toBe(APP_TOKEN);
    // The bot token is checked once, at start (auth.test), not per event.
    expect(sut.fake.callsTo('auth.test').map((call) => call.token)).toEqual([BOT_TOKEN]);
    expect((await fetch(sut.eventsUrl, { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('acks a slash command with its answer, and logs a button press', async () => {
    const envelope = slashCommandEnvelope({ ...ALICE, command: '/habit', text: 'add Run daily' });

    const ack = await sut.fake.socketMode.send(envelope);

    expect(ack.payload).toMatchObject({ response_type: 'ephemeral' });
    expect(sectionText(ack.payload!)).toContain('Added *Run*');
    const [done] = buttonsOf(ack.payload!);
    const click = blockActionsEnvelope({
      ...ALICE,
      action_id: done!.actionId,
      value: done!.value,
      response_url: sut.fake.responseUrl('socket-click'),
    });
    expect(await sut.fake.socketMode.send(click)).toMatchObject({ envelope_id: click.envelope_id });
    expect(sectionText(await sut.fake.waitForResponse('socket-click'))).toContain('*Run*');
    expect(await sut.logsOf('U0ALICE', 'Run')).toEqual([
      expect.objectContaining({ date: TODAY, status: 'done' }),
    ]);
  });

  it('acks a chart command at once and answers through response_url', async () => {
    const envelope = slashCommandEnvelope({
      ...ALICE,
      command: '/stats',
      text: 'run',
      response_url: sut.fake.responseUrl('socket-stats'),
    });

    const ack = await sut.fake.socketMode.send(envelope);

    expect(ack.payload).toEqual({ response_type: 'ephemeral', text: '⏳ Working on it…' });
    expect(sectionText(await sut.fake.waitForResponse('socket-stats'))).toContain('Current streak');
    await sut.fake.waitForCall('files.completeUploadExternal', (call) => call.body.channel_id === 'D0ALICE');
  });

  it('answers a redelivered event once', async () => {
    const event = directMessageEvent({ user: 'U0ALICE', text: 'streak' });
    const first = eventsApiEnvelope(event, { event_id: 'Ev0SOCKET1' });
    const retry = {
      ...eventsApiEnvelope(event, { event_id: 'Ev0SOCKET1', retry_attempt: 1, retry_reason: 'timeout' }),
    };

    await sut.fake.socketMode.send(first);
    await sut.fake.socketMode.send(retry);
    // The answer first (a loaded machine can take longer than quiet's pause to produce it), then
    // quiet, so a second answer to the redelivery would be counted too.
    await sut.fake.waitForCall('chat.postMessage', (call) => call.body.channel === 'D0ALICE');
    await sut.quiet();

    const answers = sut.fake.callsTo('chat.postMessage').filter((call) => call.body.channel === 'D0ALICE');
    expect(answers).toHaveLength(1);
    expect(sectionText(answers[0]!.body)).toContain('*Streaks*');
  });

  it('publishes the App Home when it is opened', async () => {
    await sut.fake.socketMode.send(eventsApiEnvelope(appHomeOpenedEvent({ user: 'U0ALICE' })));

    const published = await sut.fake.waitForCall('views.publish', (call) =>
      sectionText(call.body.view).includes('✅ *Run*'),
    );
    expect(published.body.user_id).toBe('U0ALICE');
  });
});
