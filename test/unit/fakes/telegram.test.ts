/**
 * The Telegram fake, proven against the real telegraf 4: the calls telegraf makes reach it in the
 * Bot API's wire format, and its answers come back to telegraf as they would from api.telegram.org.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCanvas } from '@napi-rs/canvas';
import { Telegraf, TelegramError } from 'telegraf';
import { message } from 'telegraf/filters';
import type { Message } from 'telegraf/types';
import {
  callbackQueryUpdate,
  startFakeTelegram,
  textMessageUpdate,
  type FakeTelegram,
  type FilePart,
} from '../../fakes/telegram/index.js';
import { parseMultipart } from '../../fakes/telegram/multipart.js';

const ada = { id: 4201, first_name: 'Ada', username: 'ada', language_code: 'en' };

let fake: FakeTelegram;

beforeEach(async () => {
  fake = await startFakeTelegram();
});

afterEach(async () => {
  await fake.close();
});

/** The real telegraf, pointed at the fake; botInfo set so it never calls getMe. */
function botFor(sut: FakeTelegram, webhookReply = false): Telegraf {
  const bot = new Telegraf(sut.token, { telegram: { apiRoot: sut.apiRoot, webhookReply } });
  bot.botInfo = sut.botInfo;
  return bot;
}

function chartPng(): Buffer {
  const canvas = createCanvas(120, 80);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, 120, 80);
  ctx.fillStyle = '#0072b2';
  ctx.fillRect(10, 30, 20, 50);
  return canvas.toBuffer('image/png');
}

/** A raw HTTP exchange, for asserting the exact wire answer telegraf would parse. */
function raw(url: string, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: body === undefined ? 'GET' : 'POST',
        agent: false,
        headers: { 'content-type': 'application/json' },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

describe('calls telegraf makes', () => {
  it('sends messages with rising ids and Telegram-computed entities', async () => {
    const bot = botFor(fake);

    const first = await bot.telegram.sendMessage(ada.id, 'Try /log or see https://stride.example.');
    const second = await bot.telegram.sendMessage(ada.id, '<b>Streak:</b> 5 days', { parse_mode: 'HTML' });

    expect(first).toEqual({
      message_id: expect.any(Number),
      from: { id: fake.botInfo.id, is_bot: true, first_name: 'Stride', username: 'stride_test_bot' },
      chat: { id: ada.id, type: 'private', first_name: `User ${ada.id}` },
      date: expect.any(Number),
      text: 'Try /log or see https://stride.example.',
      entities: [
        { type: 'bot_command', offset: 4, length: 4 },
        { type: 'url', offset: 16, length: 22 },
      ],
    });
    expect(second).toMatchObject({
      message_id: first.message_id + 1,
      text: 'Streak: 5 days',
      entities: [{ type: 'bold', offset: 0, length: 7 }],
    });
    expect(fake.callsTo('sendMessage').map((call) => call.params)).toEqual([
      { chat_id: ada.id, text: 'Try /log or see https://stride.example.' },
      { chat_id: ada.id, text: '<b>Streak:</b> 5 days', parse_mode: 'HTML' },
    ]);
    expect(fake.callsTo('getMe')).toEqual([]);
  });

  it('receives an uploaded photo byte for byte, and accepts its file_id again', async () => {
    const bot = botFor(fake);
    const png = chartPng();

    const sent = await bot.telegram.sendPhoto(ada.id, { source: png }, { caption: 'Your week' });

    const [upload] = fake.callsTo('sendPhoto');
    expect(upload!.encoding).toBe('multipart');
    // telegraf names the part after the field, with a .jpg default whatever the bytes are, and
    // sends every other field as a string, including the method name itself.
    expect(upload!.params).toEqual({
      method: 'sendPhoto',
      chat_id: String(ada.id),
      caption: 'Your week',
      photo: { filename: 'photo.jpg', contentType: 'application/octet-stream', bytes: expect.any(Buffer) },
    });
    expect((upload!.params.photo as FilePart).bytes.equals(png)).toBe(true);
    expect(sent.photo.at(-1)).toMatchObject({ width: 120, height: 80 });
    expect(sent.photo[0]).toMatchObject({ width: 90, height: 60 });
    expect(sent.caption).toBe('Your week');

    const again = await bot.telegram.sendPhoto(ada.id, sent.photo.at(-1)!.file_id);
    expect(fake.callsTo('sendPhoto')[1]!.encoding).toBe('json');
    expect(again.photo).toEqual(sent.photo);
    await expect(bot.telegram.sendPhoto(ada.id, 'not-a-file-id')).rejects.toThrow(
      '400: Bad Request: wrong file identifier/HTTP URL specified',
    );
  });

  it('stores command lists per scope', async () => {
    const bot = botFor(fake);
    const commands = [
      { command: 'log', description: 'Log a habit' },
      { command: 'week', description: 'Your week as a chart' },
    ];

    await bot.telegram.setMyCommands(commands);

    expect(fake.callsTo('setMyCommands')[0]!.params).toEqual({ commands });
    await expect(bot.telegram.getMyCommands()).resolves.toEqual(commands);
    await expect(bot.telegram.getMyCommands({ scope: { type: 'all_group_chats' } })).resolves.toEqual([]);
    await expect(bot.telegram.setMyCommands([{ command: 'Log', description: 'x' }])).rejects.toThrow(
      'BOT_COMMAND_INVALID',
    );
  });

  it('answers getChatMember as set per chat and user, a member for people seen there, left for others', async () => {
    const bot = botFor(fake);
    const group = -100420000;
    const bob = { id: 4202, first_name: 'Bob' };
    fake.remember(textMessageUpdate({ from: ada, chatId: group, chatType: 'supergroup', text: 'hi' }));
    fake.setChatMember(group, bob.id, 'administrator');
    fake.setChatMember(group, 4203, 'creator');

    const adas = await bot.telegram.getChatMember(group, ada.id);
    const bobs = await bot.telegram.getChatMember(group, bob.id);

    expect(adas).toEqual({
      status: 'member',
      user: { id: ada.id, is_bot: false, first_name: 'Ada', username: 'ada', language_code: 'en' },
    });
    expect(bobs).toMatchObject({ status: 'administrator', user: { id: bob.id }, can_manage_chat: true });
    expect((await bot.telegram.getChatMember(group, 4203)).status).toBe('creator');
    expect((await bot.telegram.getChatMember(group, 4299)).status).toBe('left');
    // Per chat: Bob administers the group only.
    expect((await bot.telegram.getChatMember(-100420001, bob.id)).status).toBe('left');
    expect((await bot.telegram.getChatMember(ada.id, ada.id)).status).toBe('member');
    await expect(bot.telegram.getChatMember(ada.id, bob.id)).rejects.toThrow(
      '400: Bad Request: user not found',
    );
    expect(fake.unexpectedCalls).toEqual([]);
  });
});

describe('long polling', () => {
  it('delivers pushed updates to the handlers and ends its long poll when the bot stops', async () => {
    const bot = botFor(fake);
    bot.on(message('text'), async (ctx) => {
      await ctx.reply(`Logged: ${ctx.message.text}`, {
        reply_markup: { inline_keyboard: [[{ text: 'Undo', callback_data: 'undo:1' }]] },
      });
    });
    bot.on('callback_query', async (ctx) => {
      await ctx.answerCbQuery('Undone');
      await ctx.editMessageText('Log undone');
    });

    // launch() resolves only once polling has stopped, so it is awaited after bot.stop().
    const launched = bot.launch();
    await fake.waitForCall('getUpdates', (params) => params.timeout === 50);
    expect(fake.callsTo('deleteWebhook')).toHaveLength(1);

    const text = textMessageUpdate({ from: ada, text: '/log run 5km' });
    fake.pushUpdate(text);
    const reply = await fake.waitForCall('sendMessage');
    expect(reply.params).toMatchObject({ chat_id: ada.id, text: 'Logged: /log run 5km' });

    const press = callbackQueryUpdate({
      from: ada,
      data: 'undo:1',
      message: (reply.answer as { result: Message }).result,
    });
    fake.pushUpdate(press);
    const answered = await fake.waitForCall('answerCallbackQuery');
    expect(answered.params).toEqual({ callback_query_id: press.callback_query.id, text: 'Undone' });
    expect(answered.answer).toEqual({ ok: true, result: true });
    await fake.waitForCall('editMessageText');
    expect(fake.messagesIn(ada.id).map((m) => ('text' in m ? m.text : ''))).toEqual([
      '/log run 5km',
      'Log undone',
    ]);

    bot.stop('test over');
    await launched;

    // On stop telegraf aborts its held request, then confirms what it handled with one short call.
    expect(fake.callsTo('getUpdates').at(-1)!.params).toEqual({ offset: press.update_id + 1, limit: 1 });
    expect(fake.heldPolls()).toBe(0);
    expect(fake.unexpectedCalls).toEqual([]);
  });

  it('answers a long poll held at close() with [] at once', async () => {
    const started = Date.now();
    const poll = raw(`${fake.apiRoot}/bot${fake.token}/getUpdates?timeout=50`);
    await fake.waitForCall('getUpdates');
    expect(fake.heldPolls()).toBe(1);

    await fake.close();

    await expect(poll).resolves.toEqual({ status: 200, body: '{"ok":true,"result":[]}' });
    expect(Date.now() - started).toBeLessThan(5000);
    fake = await startFakeTelegram(); // for afterEach
  });

  it('keeps an update until an offset confirms it, and ends the older of two polls with 409', async () => {
    const update = textMessageUpdate({ from: ada, text: 'hello' });
    fake.pushUpdate(update);
    const url = `${fake.apiRoot}/bot${fake.token}/getUpdates`;

    expect(JSON.parse((await raw(url)).body).result).toEqual([update]);
    expect(JSON.parse((await raw(`${url}?offset=${update.update_id}`)).body).result).toEqual([update]);
    expect(JSON.parse((await raw(`${url}?offset=${update.update_id + 1}`)).body).result).toEqual([]);

    const older = raw(`${url}?timeout=30`);
    await fake.waitForCall('getUpdates', (params) => params.timeout === '30');
    await raw(url);
    await expect(older).resolves.toMatchObject({ status: 409 });
  });
});

describe('errors telegraf sees', () => {
  it('returns a 429 as a TelegramError with retry_after, which telegraf does not retry', async () => {
    const bot = botFor(fake);
    fake.failNext('sendMessage', { retryAfter: 7 });

    const error: unknown = await bot.telegram.sendMessage(ada.id, 'hi').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TelegramError);
    const telegramError = error as TelegramError;
    expect(telegramError.code).toBe(429);
    expect(telegramError.description).toBe('Too Many Requests: retry after 7');
    expect(telegramError.parameters).toEqual({ retry_after: 7 });
    // telegraf's callApi throws on the first 429: retrying is the caller's job (only its polling
    // loop waits retry_after and polls again).
    expect(fake.callsTo('sendMessage')).toHaveLength(1);
    await expect(bot.telegram.sendMessage(ada.id, 'hi')).resolves.toMatchObject({ text: 'hi' });
  });

  it('writes the 429 exactly as the Bot API does', async () => {
    fake.failNext('sendMessage', { retryAfter: 5 });

    const answer = await raw(
      `${fake.apiRoot}/bot${fake.token}/sendMessage`,
      JSON.stringify({ chat_id: 1, text: 'x' }),
    );

    expect(answer).toEqual({
      status: 429,
      body: '{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 5","parameters":{"retry_after":5}}',
    });
  });

  it('refuses a wrong token and unknown methods loudly', async () => {
    const wrong = new Telegraf('123:wrong', { telegram: { apiRoot: fake.apiRoot } });
    await expect(wrong.telegram.sendMessage(1, 'x')).rejects.toThrow('401: Unauthorized');
    await expect(botFor(fake).telegram.getChat(ada.id)).rejects.toThrow('404: Not Found: method not found');
    expect(fake.unexpectedCalls.map(({ reason, method }) => ({ reason, method }))).toEqual([
      { reason: 'wrong token', method: undefined },
      { reason: 'unknown method', method: 'getChat' },
    ]);
  });

  it('fails on markup Telegram cannot parse and on edits that change nothing', async () => {
    const bot = botFor(fake);
    await expect(bot.telegram.sendMessage(ada.id, 'Done.', { parse_mode: 'MarkdownV2' })).rejects.toThrow(
      "400: Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\\'",
    );
    await expect(bot.telegram.sendMessage(ada.id, 'line<br>break', { parse_mode: 'HTML' })).rejects.toThrow(
      'Unsupported start tag "br"',
    );
    const sent = await bot.telegram.sendMessage(ada.id, '*Done*\\.', { parse_mode: 'MarkdownV2' });
    expect(sent).toMatchObject({ text: 'Done.', entities: [{ type: 'bold', offset: 0, length: 4 }] });
    await expect(
      bot.telegram.editMessageText(ada.id, sent.message_id, undefined, 'Done.', { entities: sent.entities }),
    ).rejects.toThrow('message is not modified');
    await bot.telegram.deleteMessage(ada.id, sent.message_id);
    await expect(bot.telegram.editMessageText(ada.id, sent.message_id, undefined, 'x')).rejects.toThrow(
      'message to edit not found',
    );
  });
});

describe('webhook', () => {
  let server: Server;
  let url: string;
  let handled: string[];
  let bot: Telegraf;

  async function mount(webhookReply: boolean): Promise<void> {
    bot = botFor(fake, webhookReply);
    handled = [];
    bot.on(message('text'), async (ctx) => {
      handled.push(ctx.message.text);
      await ctx.reply('Got it');
    });
    bot.on('callback_query', async (ctx) => {
      handled.push(ctx.callbackQuery.id);
      await ctx.answerCbQuery('Saved');
    });
    const callback = bot.webhookCallback('/telegram/webhook', { secretToken: 'right-secret' });
    server = createServer((req, res) => {
      // @koa/bodyparser's typings widen IncomingMessage.body to unknown; a plain server sets none.
      callback(req as Parameters<typeof callback>[0], res).catch(() => res.destroy());
    });
    url = `http://127.0.0.1:${await listen(server)}/telegram/webhook`;
    await bot.telegram.setWebhook('https://stride.example/telegram/webhook', {
      secret_token: 'right-secret',
    });
  }

  afterEach(async () => {
    await closeServer(server);
  });

  it('runs the handler only for requests carrying the right secret token', async () => {
    await mount(false);
    expect(fake.webhook).toEqual({
      url: 'https://stride.example/telegram/webhook',
      secretToken: 'right-secret',
    });

    const accepted = await fake.deliverWebhook(textMessageUpdate({ from: ada, text: 'ran 5km' }), { url });
    const wrong = await fake.deliverWebhook(textMessageUpdate({ from: ada, text: 'wrong' }), {
      url,
      secretToken: 'wrong-secret',
    });
    const missing = await fake.deliverWebhook(textMessageUpdate({ from: ada, text: 'missing' }), {
      url,
      secretToken: null,
    });
    const otherPath = await fake.deliverWebhook(textMessageUpdate({ from: ada, text: 'path' }), {
      url: `${url}?x=1`,
    });

    // telegraf answers an accepted update with an empty 200 once its handlers are done.
    expect(accepted).toMatchObject({ status: 200, body: '' });
    expect([wrong.status, missing.status, otherPath.status]).toEqual([403, 403, 403]);
    expect(handled).toEqual(['ran 5km']);
    expect(fake.callsTo('sendMessage').map((call) => call.params)).toEqual([
      { chat_id: ada.id, text: 'Got it' },
    ]);
  });

  it('with webhookReply on, puts an answerCallbackQuery in the HTTP response instead of calling the API', async () => {
    await mount(true);
    const press = callbackQueryUpdate({ from: ada, data: 'save' });

    const response = await fake.deliverWebhook(press, { url });

    expect(response.headers['content-type']).toBe('application/json');
    expect(JSON.parse(response.body)).toEqual({
      method: 'answerCallbackQuery',
      callback_query_id: press.callback_query.id,
      text: 'Saved',
    });
    expect(fake.callsTo('answerCallbackQuery')).toEqual([]);
  });

  it('keeps sendMessage out of the webhook response even with webhookReply on', async () => {
    await mount(true);

    const response = await fake.deliverWebhook(textMessageUpdate({ from: ada, text: 'hi' }), { url });

    expect(response.body).toBe('');
    expect(fake.callsTo('sendMessage')).toHaveLength(1);
  });
});

describe('update builders and multipart parsing', () => {
  it('builds text updates with rising ids and bot_command entities', () => {
    const first = textMessageUpdate({ from: ada, text: '/start@stride_test_bot hello' });
    const group = textMessageUpdate({
      chatId: -100123,
      chatType: 'supergroup',
      from: ada,
      text: 'no command',
    });

    expect(group.update_id).toBeGreaterThan(first.update_id);
    expect(first.message).toMatchObject({
      from: { id: ada.id, is_bot: false, first_name: 'Ada', username: 'ada', language_code: 'en' },
      chat: { id: ada.id, type: 'private', first_name: 'Ada', username: 'ada' },
      entities: [{ type: 'bot_command', offset: 0, length: 22 }],
    });
    expect(group.message.chat).toEqual({ id: -100123, type: 'supergroup', title: 'Group -100123' });
    expect(group.message).not.toHaveProperty('entities');
  });

  it('builds callback queries with the message their button belonged to', () => {
    const { callback_query: query } = callbackQueryUpdate({ from: ada, data: 'done:7' });

    expect(query).toMatchObject({
      id: expect.stringMatching(/^\d+$/),
      chat_instance: expect.stringMatching(/^-?\d+$/),
      data: 'done:7',
    });
    expect(query.message).toMatchObject({
      chat: { id: ada.id, type: 'private' },
      from: { is_bot: true },
      reply_markup: { inline_keyboard: [[{ text: 'done:7', callback_data: 'done:7' }]] },
    });
  });

  it('parses multipart bodies binary-safely', () => {
    const boundary = 'b0und';
    const bytes = Buffer.from([
      0x89,
      0x0d,
      0x0a,
      0x2d,
      0x2d,
      ...Buffer.from('b0undX'),
      0x0d,
      0x0a,
      0x00,
      0xff,
    ]);
    const body = Buffer.concat([
      Buffer.from(`preamble\r\n--${boundary}\r\ncontent-disposition:form-data; name="chat_id"\r\n\r\n42\r\n`),
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="a \\"b\\".png"\r\n`,
      ),
      Buffer.from('Content-Type: image/png\r\n\r\n'),
      bytes,
      Buffer.from(`\r\n--${boundary}--`),
    ]);

    const parts = parseMultipart(body, boundary);

    expect(parts.map(({ name, filename, contentType }) => ({ name, filename, contentType }))).toEqual([
      { name: 'chat_id', filename: undefined, contentType: undefined },
      { name: 'photo', filename: 'a "b".png', contentType: 'image/png' },
    ]);
    expect(parts[0]!.data.toString()).toBe('42');
    expect(parts[1]!.data.equals(bytes)).toBe(true);
    expect(() => parseMultipart(Buffer.from(`--${boundary}\r\n\r\nno end`), boundary)).toThrow();
  });
});
