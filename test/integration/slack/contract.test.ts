/**
 * The Slack adapter keeps the adapter contract: Bolt behind Stride's server, driven by signed
 * requests against the fake Web API. Typed commands are `/stride` slash commands in the member's
 * DM, presses are block_actions answered through response_url, a redelivery is one message.im
 * event sent twice with its event_id, and outbound messages go through the Messenger to the DM.
 */
import { dmChannelFor, directMessageEvent, DEFAULT_IDENTITY } from '../../fakes/slack/index.js';
import { describeAdapterContract, type SeenReply } from '../../contract/adapter-contract.js';
import { buttonsOf, sectionText, startSlackHarness } from '../../support/slack.js';

const USERS: Record<string, string> = { U0ADA: 'ada', U0BOB: 'bob' };

/** Where a message was shown, and the message itself as Slack echoes it back with a click. */
interface ShownIn {
  channel: string;
  message: { text?: string; blocks?: any[] };
}

/** What the member reads: the sections' mrkdwn without its markers, and the Stride buttons. */
const seen = (channel: string, message: { text?: string; blocks?: any[] }): SeenReply => {
  const sections = sectionText(message);
  const text = (sections || (message.text ?? ''))
    .replace(/<[^|>]+\|([^>]+)>/g, '$1')
    .replace(/[*`]/g, '')
    .replace(/(^|[\s(])_(.+?)_(?=$|[\s.,;:!?)])/gm, '$1$2')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
  const buttons = buttonsOf(message).map((button) => ({ label: button.label, id: button.value }));
  return { text, buttons, raw: { channel, message } satisfies ShownIn };
};

describeAdapterContract('the Slack adapter', async () => {
  const sut = await startSlackHarness();
  let responses = 0;
  const member = (user: string) => ({ user_id: user, user_name: USERS[user] ?? user });
  /** Messages Stride posted to a channel with the Web API, after the first `before` posts. */
  const postsTo = (channel: string, before: number) =>
    sut.fake
      .callsTo('chat.postMessage')
      .slice(before)
      .filter((call) => call.body.channel === channel);

  return {
    platform: 'slack',
    owner: 'U0ADA',
    stranger: 'U0BOB',
    workspace: DEFAULT_IDENTITY.teamId,
    async type(user, text) {
      const channel = dmChannelFor(user);
      const responseId = `type-${(responses += 1)}`;
      const answer = await sut.command({
        ...member(user),
        command: '/stride',
        text,
        channel_id: channel,
        channel_name: 'directmessage',
        responseId,
      });
      if (answer.status !== 200) throw new Error(`/stride ${text} was answered ${answer.status}`);
      // A slow answer is acknowledged with "Working on it" and comes through response_url.
      const working = answer.body.text === '⏳ Working on it…' && !answer.body.blocks;
      return seen(channel, working ? await sut.fake.waitForResponse(responseId) : answer.body);
    },
    async press(user, message, id) {
      const { channel, message: original } = message.raw as ShownIn;
      const responseId = `press-${(responses += 1)}`;
      const click = await sut.click({
        ...member(user),
        action_id: `stride:${id}`,
        value: id,
        button_text: message.buttons.find((button) => button.id === id)?.label,
        channel_id: channel,
        channel_name: channel.startsWith('D') ? 'directmessage' : 'general',
        message: { type: 'message', ...original },
        responseId,
      });
      if (click.status !== 200) throw new Error(`the press of ${id} was answered ${click.status}`);
      return seen(channel, await sut.fake.waitForResponse(responseId));
    },
    async redeliver(user, text) {
      const channel = dmChannelFor(user);
      const before = sut.fake.callsTo('chat.postMessage').length;
      const event = directMessageEvent({ user, text });
      const eventId = `Ev0CONTRACT${(responses += 1)}`;
      const first = await sut.event(event, { event_id: eventId });
      const retry = await sut.event(event, { event_id: eventId }, { retryNum: 1 });
      if (first.status !== 200 || retry.status !== 200) {
        throw new Error(`the deliveries were answered ${first.status} and ${retry.status}`);
      }
      await sut.fake.waitForCall('chat.postMessage', () => postsTo(channel, before).length > 0);
      await sut.quiet();
      return postsTo(channel, before).length;
    },
    async sendTo(user, reply) {
      const before = sut.fake.callsTo('chat.postMessage').length;
      await sut.adapter.messenger.send({ channelId: '', userId: user }, reply);
      const channel = dmChannelFor(user);
      const [posted] = postsTo(channel, before);
      if (!posted) throw new Error(`the Messenger posted nothing to ${channel}`);
      return seen(channel, posted.body);
    },
    async deliverMalformed(user) {
      // Correctly signed, so it passes the signature check, but no payload Slack would send.
      const payload = JSON.stringify({ type: 'block_actions', user: { id: user }, actions: null });
      return (await sut.post(new URLSearchParams({ payload }).toString())).status;
    },
    services: () => sut.services(),
    async close() {
      await sut.quiet();
      const unexpected = [...sut.fake.unexpectedCalls];
      await sut.close();
      // A stray or malformed call to Slack fails the test, as an unknown network call would.
      if (unexpected.length) throw new Error(`unexpected Slack calls: ${JSON.stringify(unexpected)}`);
    },
  };
});
