/**
 * What goes out: charts as multipart photos, long replies split under Telegram's limit, and every
 * send paced by the per-chat, per-group and overall limits without losing a message.
 */
import { createCanvas } from '@napi-rs/canvas';
import type { Message } from 'telegraf/types';
import type { Reply } from '../../../src/ports/chat.js';
import { textMessageUpdate, type FilePart, type RecordedCall } from '../../fakes/telegram/index.js';
import { botTexts, FAST_LIMITS, startTelegramHarness, type TelegramHarness } from '../../support/telegram.js';

/** How far a paced send's arrival at the fake may drift on a busy machine (unpaced is ~0 ms apart). */
const ARRIVAL_JITTER_MS = 50;

const ada = { id: 7501, first_name: 'Ada' };
const bob = { id: 7502, first_name: 'Bob' };
const GROUP = -100750000;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let sut: TelegramHarness | undefined;

afterEach(async () => {
  await sut?.close();
  sut = undefined;
});

function png(): Buffer {
  const canvas = createCanvas(60, 40);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, 60, 40);
  return canvas.toBuffer('image/png');
}

const gaps = (calls: RecordedCall[]) =>
  calls.slice(1).map((call, i) => call.at.getTime() - calls[i]!.at.getTime());

it('sends /stats as a multipart PNG photo with an HTML caption', async () => {
  sut = await startTelegramHarness();
  for (const text of ['/habit add Read daily', '/done read', '/stats read']) {
    sut.fake.pushUpdate(textMessageUpdate({ from: ada, text }));
  }

  const upload = await sut.fake.waitForCall('sendPhoto');

  expect(upload.encoding).toBe('multipart');
  const photo = upload.params.photo as FilePart;
  expect(photo.filename).toBe('chart.png');
  expect(photo.bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(upload.params.parse_mode).toBe('HTML');
  expect(upload.params.caption).toMatch(/^<b>Read<\/b>\nCurrent streak: <b>1 day<\/b>/);
  const sent = (upload.answer as { result: Message.PhotoMessage }).result;
  expect(sent.photo.length).toBeGreaterThan(0);
  expect(sent.caption).toMatch(/^Read\nCurrent streak: 1 day/);
});

it('sends /export as a JSON document', async () => {
  sut = await startTelegramHarness();
  for (const text of ['/habit add Read daily', '/done read', '/export']) {
    sut.fake.pushUpdate(textMessageUpdate({ from: ada, text }));
  }

  const upload = await sut.fake.waitForCall('sendDocument');

  expect(upload.encoding).toBe('multipart');
  const file = upload.params.document as FilePart;
  expect(file.filename).toMatch(/^stride-export-\d{4}-\d{2}-\d{2}\.json$/);
  const data = JSON.parse(file.bytes.toString('utf8'));
  expect(data.habits[0]).toMatchObject({ name: 'Read', logs: [{ status: 'done', source: 'telegram' }] });
});

it('splits a long reply under 4096 characters, and puts a long caption after the photo', async () => {
  sut = await startTelegramHarness();
  const lines = Array.from(
    { length: 100 },
    (_, i) => `- line ${i} of a long review, with **bold** & <angles>`,
  );

  await sut.adapter.messenger.send({ channelId: String(ada.id) }, { text: lines.join('\n') });
  await sut.adapter.messenger.send(
    { channelId: String(ada.id) },
    {
      text: 'x'.repeat(1500),
      image: { png: png(), alt: 'a chart' },
      actions: [{ id: 'a1', label: 'More', style: 'default' }],
    },
  );

  const texts = sut.fake.callsTo('sendMessage');
  expect(texts.map((call) => call.answer?.ok)).toEqual([true, true, true]);
  const shown = botTexts(sut.fake, ada.id);
  expect(shown.slice(0, 2).join('\n')).toBe(
    lines.map((line) => line.replace('- ', '• ').replace(/\*\*/g, '')).join('\n'),
  );
  expect(shown.slice(0, 2).every((text) => text.length <= 4096)).toBe(true);
  const [photo] = sut.fake.callsTo('sendPhoto');
  expect(photo!.params.caption).toBeUndefined();
  expect(shown[3]).toBe('x'.repeat(1500));
  expect(texts[2]!.params.reply_markup).toEqual({
    inline_keyboard: [[{ text: 'More', callback_data: 'a1' }]],
  });
});

it('paces sends to one chat, keeps their order, and lets other chats through', async () => {
  sut = await startTelegramHarness({ limits: { ...FAST_LIMITS, perChat: { count: 1, perMs: 250 } } });
  const replies: Reply[] = [1, 2, 3, 4, 5].map((n) => ({ text: `reminder ${n}` }));

  const sending = Promise.all(
    replies.map((reply) => sut!.adapter.messenger.send({ channelId: String(ada.id) }, reply)),
  );
  await sut.adapter.messenger.send({ channelId: String(bob.id) }, { text: 'hello Bob' });
  await sending;

  const toAda = sut.fake.callsTo('sendMessage').filter((call) => Number(call.params.chat_id) === ada.id);
  expect(toAda.map((call) => call.params.text)).toEqual(replies.map((reply) => reply.text));
  // Times are taken where the requests arrive: a busy machine shifts arrivals by a few tens of ms
  // either way, while unpaced sends would arrive ~0 ms apart.
  for (const gap of gaps(toAda)) expect(gap).toBeGreaterThanOrEqual(250 - ARRIVAL_JITTER_MS);
  const toBob = sut.fake.callsTo('sendMessage').find((call) => Number(call.params.chat_id) === bob.id)!;
  expect(toBob.at.getTime()).toBeLessThan(toAda[1]!.at.getTime());
});

it('paces a group by its per-group limit and everything by the overall limit', async () => {
  sut = await startTelegramHarness({
    limits: {
      perChat: { count: 1, perMs: 10 },
      perGroup: { count: 2, perMs: 600 },
      overall: { count: 4, perMs: 400 },
    },
  });

  await Promise.all(
    [1, 2, 3].map((n) => sut!.adapter.messenger.send({ channelId: String(GROUP) }, { text: `group ${n}` })),
  );
  const toGroup = sut.fake.callsTo('sendMessage');
  // The third waits for the 600 ms window (arrival times: see ARRIVAL_JITTER_MS).
  expect(toGroup[2]!.at.getTime() - toGroup[0]!.at.getTime()).toBeGreaterThanOrEqual(600 - ARRIVAL_JITTER_MS);

  // Six private chats at once: the overall limit lets four through, the rest wait for the window.
  await new Promise((resolve) => setTimeout(resolve, 450));
  const started = sut.fake.calls.length;
  await Promise.all(
    [1, 2, 3, 4, 5, 6].map((n) =>
      sut!.adapter.messenger.send({ channelId: String(8000 + n) }, { text: `hi ${n}` }),
    ),
  );
  const burst = sut.fake.calls.slice(started).filter((call) => call.method === 'sendMessage');
  expect(burst).toHaveLength(6);
  expect(burst[3]!.at.getTime() - burst[0]!.at.getTime()).toBeLessThan(300);
  expect(burst[4]!.at.getTime() - burst[0]!.at.getTime()).toBeGreaterThanOrEqual(400 - ARRIVAL_JITTER_MS);
});
