/** The Telegram adapter keeps the adapter contract: telegraf on its webhook, against the fake Bot API. */
import type { Message } from 'telegraf/types';
import { callbackQueryUpdate, textMessageUpdate } from '../../fakes/telegram/index.js';
import { describeAdapterContract, type SeenReply } from '../../contract/adapter-contract.js';
import { startTelegramHarness } from '../../support/telegram.js';

const USERS: Record<string, { id: number; first_name: string }> = {
  '7101': { id: 7101, first_name: 'Ada' },
  '7102': { id: 7102, first_name: 'Bob' },
};

describeAdapterContract('the Telegram adapter', async () => {
  const sut = await startTelegramHarness({ webhook: true });
  const seen = (message: Message.TextMessage): SeenReply => ({
    text: message.text,
    buttons: (message.reply_markup?.inline_keyboard ?? [])
      .flat()
      .map((button) => ({ label: button.text, id: (button as { callback_data: string }).callback_data })),
    raw: message,
  });
  /** The bot's next message to a chat after `before` sendMessage calls. */
  const next = async (chatId: number, before: number): Promise<Message.TextMessage> => {
    const call = await sut.fake.waitForCall(
      'sendMessage',
      (params) =>
        Number(params.chat_id) === chatId &&
        // The first-contact hint follows the first answer; it is no answer of its own.
        !String(params.text).startsWith('👋 Welcome') &&
        sut.fake.callsTo('sendMessage').findIndex((candidate) => candidate.params === params) >= before,
    );
    return (call.answer as { result: Message.TextMessage }).result;
  };
  const deliver = (update: object) => sut.fake.deliverWebhook(update as never, { url: sut.webhookUrl });
  return {
    platform: 'telegram',
    owner: '7101',
    stranger: '7102',
    async type(user, text) {
      const before = sut.fake.callsTo('sendMessage').length;
      await deliver(textMessageUpdate({ from: USERS[user]!, text: `/${text}` }));
      return seen(await next(Number(user), before));
    },
    async press(user, message, id) {
      const before = sut.fake.callsTo('sendMessage').length;
      const answers = sut.fake.callsTo('answerCallbackQuery').length;
      const update = callbackQueryUpdate({
        from: USERS[user]!,
        message: message.raw as Message.TextMessage,
        data: id,
      });
      await deliver(update);
      // Someone else's press is answered with an alert only the presser sees.
      const answer = await sut.fake.waitForCall(
        'answerCallbackQuery',
        (params) => params.callback_query_id === update.callback_query.id,
      );
      if (answer.params.text) return { text: String(answer.params.text), buttons: [] };
      expect(sut.fake.callsTo('answerCallbackQuery').length).toBeGreaterThan(answers);
      return seen(
        await next(message.raw ? (message.raw as Message.TextMessage).chat.id : Number(user), before),
      );
    },
    async redeliver(user, text) {
      const before = sut.fake.callsTo('sendMessage').length;
      const update = textMessageUpdate({ from: USERS[user]!, text: `/${text}` });
      await deliver(update);
      await deliver(update);
      await next(Number(user), before);
      await new Promise((resolve) => setTimeout(resolve, 200));
      return sut.fake
        .callsTo('sendMessage')
        .slice(before)
        .filter(
          (call) =>
            Number(call.params.chat_id) === Number(user) && !String(call.params.text).startsWith('👋'),
        ).length;
    },
    async sendTo(user, reply) {
      const before = sut.fake.callsTo('sendMessage').length;
      await sut.adapter.messenger.send({ channelId: '', userId: user }, reply);
      return seen(await next(Number(user), before));
    },
    services: () => sut.services(),
    close: () => sut.close(),
  };
});
