/**
 * Messenger.send: the messages the core starts itself (reminders, reviews) through the Web API,
 * including a 429 that the WebClient waits out (Retry-After) before sending again.
 */
import type { Reply } from '../../../src/ports/chat.js';
import { DeliveryError } from '../../../src/ports/platform.js';
import { buttonsOf, sectionText, startSlackHarness, type SlackHarness } from '../../support/slack.js';

// A 1×1 PNG, standing in for a chart.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

const reminder: Reply = {
  text: '⏰ Time for **Run** — _5 km_ today. See [your plan](https://stride.example.com/plan?a=1&b=2).',
  actions: [
    { id: 'act-done', label: '✓ Run', style: 'primary' },
    { id: 'act-skip', label: 'Skip Run', style: 'default' },
  ],
};

describe('Slack Messenger', () => {
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

  it('posts a reply in Block Kit to a channel', async () => {
    await sut.adapter.messenger.send({ channelId: 'C0GENERAL1' }, reminder);

    const posted = sut.fake.callsTo('chat.postMessage').at(-1)!;
    expect(posted.body.channel).toBe('C0GENERAL1');
    expect(posted.body.text).toBe(
      '⏰ Time for Run — 5 km today. See your plan (https://stride.example.com/plan?a=1&amp;b=2).',
    );
    expect(sectionText(posted.body)).toBe(
      '⏰ Time for *Run* — _5 km_ today. See <https://stride.example.com/plan?a=1&amp;b=2|your plan>.',
    );
    expect(buttonsOf(posted.body)).toEqual([
      { label: '✓ Run', actionId: 'stride:act-done', value: 'act-done', style: 'primary' },
      { label: 'Skip Run', actionId: 'stride:act-skip', value: 'act-skip', style: undefined },
    ]);
  });

  it('retries a 429 after Retry-After, and the message arrives once', async () => {
    sut.fake.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const before = sut.fake.callsTo('chat.postMessage').length;
    const started = Date.now();

    await sut.adapter.messenger.send({ channelId: 'C0GENERAL1' }, { text: 'Weekly review is ready' });

    const attempts = sut.fake.callsTo('chat.postMessage').slice(before);
    expect(attempts).toHaveLength(2);
    expect(attempts[1]!.body).toEqual(attempts[0]!.body);
    expect(attempts[1]!.at.getTime() - attempts[0]!.at.getTime()).toBeGreaterThanOrEqual(1000);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('opens the DM from a user id and uploads the chart there', async () => {
    await sut.adapter.messenger.send(
      { channelId: '', userId: 'U0CAROL' },
      { text: 'Your week', image: { png: PNG, alt: 'Run · weekly' } },
    );

    expect(sut.fake.callsTo('conversations.open').at(-1)!.body.users).toBe('U0CAROL');
    expect(sut.fake.callsTo('chat.postMessage').at(-1)!.body.channel).toBe('D0CAROL');
    const complete = sut.fake.callsTo('files.completeUploadExternal').at(-1)!;
    expect(complete.body).toMatchObject({
      channel_id: 'D0CAROL',
      files: [expect.objectContaining({ title: 'Run · weekly' })],
    });
    expect(sut.fake.uploads.at(-1)).toMatchObject({ filename: 'run-weekly.png' });
    expect(sut.fake.uploads.at(-1)!.bytes.equals(PNG)).toBe(true);
  });

  it('shows a private reply in a channel to its member only, with the chart in their DM', async () => {
    await sut.adapter.messenger.send(
      { channelId: 'C0GENERAL1', userId: 'U0DAN' },
      { text: 'Only for you', ephemeral: true, image: { png: PNG, alt: 'Your heatmap' } },
    );

    expect(sut.fake.callsTo('chat.postEphemeral').at(-1)!.body).toMatchObject({
      channel: 'C0GENERAL1',
      user: 'U0DAN',
    });
    expect(JSON.stringify(sut.fake.callsTo('chat.postEphemeral').at(-1)!.body.blocks)).toContain(
      'is in your direct messages',
    );
    expect(sut.fake.callsTo('files.completeUploadExternal').at(-1)!.body.channel_id).toBe('D0DAN');
  });

  it('posts to a channel it was never invited to, and says how to get the chart there', async () => {
    // chat:write.public lets the message through; the upload needs membership.
    sut.fake.failNext('files.completeUploadExternal', { error: 'not_in_channel' });
    const before = sut.fake.callsTo('chat.postMessage').length;

    await sut.adapter.messenger.send(
      { channelId: 'C0OUTSIDE1' },
      { text: 'Weekly review', image: { png: PNG, alt: 'Group week' } },
    );

    const posted = sut.fake.callsTo('chat.postMessage').slice(before);
    expect(posted.map((call) => [call.body.channel, call.body.text])).toEqual([
      ['C0OUTSIDE1', 'Weekly review'],
      ['C0OUTSIDE1', expect.stringContaining('Invite me with `/invite @Stride`')],
    ]);
  });

  it('sends follow-ups after the message, in order', async () => {
    const before = sut.fake.callsTo('chat.postMessage').length;

    await sut.adapter.messenger.send(
      { channelId: 'C0GENERAL1' },
      { text: 'First', followUps: [{ text: 'Second' }, { text: 'Third' }] },
    );

    expect(
      sut.fake
        .callsTo('chat.postMessage')
        .slice(before)
        .map((call) => call.body.text),
    ).toEqual(['First', 'Second', 'Third']);
  });

  it('rejects with a permanent DeliveryError when Slack refuses for good, so the outbox stops trying', async () => {
    sut.fake.failNext('chat.postMessage', { error: 'channel_not_found' });

    const failure = sut.adapter.messenger.send({ channelId: 'C0GONE' }, { text: 'hello?' });

    await expect(failure).rejects.toBeInstanceOf(DeliveryError);
    await expect(failure).rejects.toMatchObject({
      permanent: true,
      cause: { data: { error: 'channel_not_found' } },
    });
  });
});
