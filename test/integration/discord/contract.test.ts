/**
 * The Discord adapter keeps the adapter contract: discord.js logged in to the fake Discord, a
 * member typing in their DM with the bot, and buttons pressed in a server channel.
 */
import { buttonInteraction } from '../../fakes/discord/index.js';
import { describeAdapterContract, type SeenReply } from '../../contract/adapter-contract.js';
import { answerOf, dmMessages, nextDm, startDiscordHarness } from '../../support/discord.js';

const USERS: Record<string, { id: string; username: string }> = {
  '1200000000000000101': { id: '1200000000000000101', username: 'ada' },
  '1200000000000000102': { id: '1200000000000000102', username: 'bob' },
};

describeAdapterContract('the Discord adapter', async () => {
  const sut = await startDiscordHarness();
  const seen = (body: unknown): SeenReply => {
    const answer = answerOf(body, [], false);
    return { text: answer.text, buttons: answer.buttons.map(({ label, id }) => ({ label, id })), raw: body };
  };
  return {
    platform: 'discord',
    owner: '1200000000000000101',
    stranger: '1200000000000000102',
    async type(user, text) {
      const before = sut.fake.callsTo('createMessage').length;
      sut.dm(USERS[user]!, text);
      return seen((await nextDm(sut.fake, user, before)).body);
    },
    async press(user, _message, id) {
      const pressed = sut.fake.pushInteraction(buttonInteraction({ user: USERS[user]!, customId: id }));
      const answer = await sut.answerTo(pressed);
      return { text: answer.text, buttons: answer.buttons, raw: answer.message };
    },
    async redeliver(user, text) {
      const before = sut.fake.callsTo('createMessage').length;
      // A gateway replay (after a resume) repeats the message with its id.
      const id = sut.dm(USERS[user]!, text);
      sut.dm(USERS[user]!, text, id);
      await nextDm(sut.fake, user, before);
      await new Promise((resolve) => setTimeout(resolve, 200));
      return dmMessages(sut.fake, user, before).length;
    },
    async sendTo(user, reply) {
      const before = sut.fake.callsTo('createMessage').length;
      await sut.adapter.messenger.send({ channelId: '', userId: user }, reply);
      return seen((await nextDm(sut.fake, user, before)).body);
    },
    services: () => sut.services(),
    async close() {
      expect(sut.fake.unexpectedCalls).toEqual([]);
      await sut.close();
    },
  };
});
