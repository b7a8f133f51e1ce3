/**
 * What Stride sends first, checked as an operator and its members meet it: `stride start` (jobs
 * off) serves Telegram and Slack through their fakes; members set reminders and quiet hours in
 * their own zones by chatting; `stride jobs run <job> --at <instant>`, run as its own process, sends
 * what fell due (none runs jobs, so the command delivers). The messages are counted where they
 * arrive, at the fakes: the right member, the right local time, the right habits, both DST nights,
 * never twice when a run is repeated or two runs race, held through quiet hours, and Done buttons
 * that log.
 */
import type { ChildProcess } from 'node:child_process';
import type { Message } from 'telegraf/types';
import { freePort } from '../../../src/free-port.js';
import { signedHeaders, slashCommandBody, startFakeSlack, type FakeSlack } from '../../fakes/slack/index.js';
import {
  callbackQueryUpdate,
  textMessageUpdate,
  type FakeTelegram,
  startFakeTelegram,
} from '../../fakes/telegram/index.js';
import { runStride, startStride, stopStride, type CliResult } from '../../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

const SIGNING_SECRET = 'outreach-signing-secret';
/** Telegram members (a private chat's id is its user's) and a Slack member with their DM. */
const ADA = { id: 4242, first_name: 'Ada' }; // Europe/Paris
const BEN = { id: 4343, first_name: 'Ben' }; // America/New_York
const CHANDRA = 'U0CHANDRA'; // Asia/Kolkata, on Slack
const CHANDRA_DM = 'D0CHANDRA';

let database: TestDatabase;
let telegram: FakeTelegram;
let slack: FakeSlack;
let server: ChildProcess;
let port: number;
let env: Record<string, string>;

beforeAll(async () => {
  database = await createTestDatabase();
  telegram = await startFakeTelegram();
  slack = await startFakeSlack();
  port = await freePort();
  env = {
    DATABASE_URL: database.url,
    TELEGRAM_BOT_TOKEN: telegram.token,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    SLACK_BOT_TOKEN: 'xoxb-outreach',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
  };
  server = await startStride({ ...env, JOBS: 'off' }, port);
  await telegram.waitForCall('setMyCommands', undefined, 15_000);

  await say(ADA, '/settings timezone Europe/Paris');
  await say(ADA, '/habit add Read daily');
  await say(ADA, '/habit add Stretch daily');
  await say(ADA, '/settings remind 08:00');
  // 02:30 does not exist on the spring-forward night in Paris, and comes twice in autumn.
  await say(ADA, '/habit remind Stretch 02:30');

  await say(BEN, '/settings timezone America/New_York');
  await say(BEN, '/habit add Walk daily');
  await say(BEN, '/settings quiet 21:00-07:00');
  await say(BEN, '/settings remind 07:30');

  await slackSay('settings timezone Asia/Kolkata');
  await slackSay('habit add Meditate daily');
  await slackSay('settings remind 09:00');
}, 120_000);

afterAll(async () => {
  if (server) await stopStride(server);
  await telegram?.close();
  await slack?.close();
  await database?.drop();
});

/** Sends a Telegram message to the running Stride and waits for its answer. */
async function say(from: typeof ADA, text: string): Promise<string> {
  const before = sendsTo(from.id).length;
  telegram.pushUpdate(textMessageUpdate({ from, text }));
  await telegram.waitForCall('sendMessage', () => sendsTo(from.id).length > before, 15_000);
  return String(sendsTo(from.id)[before]!.params.text);
}

/** Chandra's `/stride <text>` in her Slack DM with Stride; returns the answer's text. */
async function slackSay(text: string): Promise<string> {
  const body = slashCommandBody({
    command: '/stride',
    text,
    user_id: CHANDRA,
    channel_id: CHANDRA_DM,
    channel_name: 'directmessage',
    trigger_id: `trigger-${text}`,
    response_url: slack.responseUrl(text.replaceAll(' ', '-')),
  });
  const response = await fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: 'POST',
    headers: signedHeaders(SIGNING_SECRET, body),
    body,
  });
  expect(response.status).toBe(200);
  return JSON.stringify(await response.json());
}

const sendsTo = (chatId: number) =>
  telegram.callsTo('sendMessage').filter((call) => String(call.params.chat_id) === String(chatId));
/** What Stride started itself in a Telegram chat (its reminders), as their texts. */
const remindersTo = (chatId: number) =>
  sendsTo(chatId)
    .map((call) => String(call.params.text))
    .filter((text) => /^⏰ (Time for|<b>Still to do)/.test(text));
const slackPostsTo = (channel: string) =>
  slack
    .callsTo('chat.postMessage')
    .filter((call) => call.body.channel === channel)
    .map((call) => String(call.body.text));

async function jobsRun(job: string, at: string): Promise<CliResult> {
  const result = await runStride(['jobs', 'run', job, '--at', at], env);
  expect(result).toMatchObject({ code: 0, stderr: '' });
  expect(result.stdout).toContain('delivered here');
  return result;
}

describe('reminders at the fakes', () => {
  it('fires a reminder set in the spring-forward gap once, when the clock jumps past it', async () => {
    // Paris, 2027-03-28: 02:00 CET becomes 03:00 CEST at 01:00Z. Half an hour before, nothing.
    await jobsRun('reminders', '2027-03-28T00:30:00Z');
    expect(remindersTo(ADA.id)).toEqual([]);
    await jobsRun('reminders', '2027-03-28T01:00:00Z');
    await jobsRun('reminders', '2027-03-28T01:00:00Z');
    await jobsRun('reminders', '2027-03-28T01:45:00Z');
    expect(remindersTo(ADA.id)).toEqual(['⏰ Time for <b>Stretch</b>']);
  }, 60_000);

  it("sends the daily reminder at each member's own 08:00, 07:30 and 09:00, once, with the day's habits", async () => {
    // 08:00 in Paris (CEST) is 06:00Z; 09:00 in Kolkata is 03:30Z; 07:30 in New York (EDT since
    // 2027-03-14) is 11:30Z. Each run sends what fell due in the hour up to it.
    await jobsRun('reminders', '2027-03-28T03:29:00Z');
    expect(slackPostsTo(CHANDRA_DM)).toEqual([]);
    await jobsRun('reminders', '2027-03-28T04:00:00Z');
    expect(slackPostsTo(CHANDRA_DM)).toEqual([expect.stringContaining('Meditate')]);

    // Two operators replay the same instant at once: one message.
    await Promise.all([
      jobsRun('reminders', '2027-03-28T06:00:00Z'),
      jobsRun('reminders', '2027-03-28T06:00:00Z'),
    ]);
    const ada = remindersTo(ADA.id);
    expect(ada).toHaveLength(2);
    expect(ada[1]).toBe('⏰ <b>Still to do today</b> (2)\n• <b>Read</b>\n• <b>Stretch</b>');

    await jobsRun('reminders', '2027-03-28T11:29:00Z');
    expect(remindersTo(BEN.id)).toEqual([]);
    await jobsRun('reminders', '2027-03-28T11:30:00Z');
    await jobsRun('reminders', '2027-03-28T12:00:00Z');
    expect(remindersTo(BEN.id)).toEqual(['⏰ <b>Still to do today</b>\n• <b>Walk</b>']);
    expect(remindersTo(ADA.id)).toHaveLength(2);
    expect(slackPostsTo(CHANDRA_DM)).toHaveLength(1);
  }, 120_000);

  it('fires a reminder in the repeated autumn hour once', async () => {
    // Paris, 2027-10-31: 02:30 CEST is 00:30Z, and 02:30 CET an hour later.
    await jobsRun('reminders', '2027-10-31T00:30:00Z');
    await jobsRun('reminders', '2027-10-31T01:30:00Z');
    await jobsRun('reminders', '2027-10-31T02:15:00Z');
    expect(remindersTo(ADA.id).slice(2)).toEqual(['⏰ Time for <b>Stretch</b>']);
  }, 60_000);

  it('refuses a reminder inside quiet hours, with the reason, and changes nothing', async () => {
    const answer = await say(BEN, '/settings remind 22:30');
    expect(answer).toMatch(/quiet hours/i);
    expect(await say(BEN, '/settings')).toContain('07:30');
  }, 30_000);
});

describe('nudges through quiet hours', () => {
  it('holds a nudge that falls in quiet hours until they end, then delivers it once', async () => {
    // 2027-04-05 04:00Z is 00:00 in New York (quiet until 07:00 EDT, 11:00Z) and 06:00 in Paris.
    // Neither Ben nor Ada has logged anything since they joined.
    await jobsRun('nudges', '2027-04-05T04:00:00Z');
    const nudges = (chatId: number) =>
      sendsTo(chatId)
        .map((call) => String(call.params.text))
        .filter((text) => text.startsWith('👋'));
    expect(nudges(ADA.id)).toHaveLength(1);
    expect(nudges(BEN.id)).toEqual([]);
    const held = await runStride(['outbox'], env);
    expect(held.stdout).toMatch(/nudge/);

    await jobsRun('nudges', '2027-04-05T10:59:00Z');
    expect(nudges(BEN.id)).toEqual([]);
    await jobsRun('nudges', '2027-04-05T11:00:00Z');
    await jobsRun('nudges', '2027-04-05T12:00:00Z');
    expect(nudges(BEN.id)).toHaveLength(1);
    expect(nudges(ADA.id)).toHaveLength(1);
  }, 90_000);
});

describe('buttons on what Stride sent', () => {
  it('logs once when the member presses Done on a reminder of today', async () => {
    // A reminder five minutes ago on Ada's wall clock today (a little later past midnight, so
    // the reminder is for the day her habits started).
    let at = new Date();
    if (parisMinute(at) < 15) at = new Date(at.getTime() + 20 * 60_000);
    const remindAt = parisMinute(at) - 5;
    const time = `${String(Math.floor(remindAt / 60)).padStart(2, '0')}:${String(remindAt % 60).padStart(2, '0')}`;
    await say(ADA, `/settings remind ${time}`);
    const before = sendsTo(ADA.id).length;
    await jobsRun('reminders', at.toISOString());
    // (Stretch's own 02:30 reminder comes too when the test runs within the hour after it.)
    const sent = sendsTo(ADA.id)
      .slice(before)
      .filter((call) => String(call.params.text).startsWith('⏰ <b>Still to do'));
    expect(sent.map((call) => String(call.params.text))).toEqual([
      '⏰ <b>Still to do today</b> (2)\n• <b>Read</b>\n• <b>Stretch</b>',
    ]);
    const message = (sent[0]!.answer as { result: Message.TextMessage }).result;
    const markup = sent[0]!.params.reply_markup as {
      inline_keyboard: { text: string; callback_data: string }[][];
    };
    const done = markup.inline_keyboard.flat().find((button) => button.text === '✓ Read')!;
    expect(done).toBeDefined();

    const press = () => {
      const answers = telegram.callsTo('answerCallbackQuery').length;
      telegram.pushUpdate(callbackQueryUpdate({ from: ADA, message, data: done.callback_data }));
      return telegram.waitForCall(
        'answerCallbackQuery',
        () => telegram.callsTo('answerCallbackQuery').length > answers,
        15_000,
      );
    };
    await press();
    await press();
    const logs = await database.orm.em
      .getConnection()
      .execute<{ status: string }[]>(
        `select l.status from habit_logs l join habits h on h.id = l.habit_id where h.name = 'Read'`,
      );
    expect(logs).toEqual([{ status: 'done' }]);
  }, 60_000);
});

describe('a weekly review in a Telegram group', () => {
  const GROUP = { id: -1007770001, title: 'Morning Runners' };

  /** A message in the group; waits for Stride's answer there. */
  async function groupSay(from: typeof ADA, text: string): Promise<string> {
    const inGroup = () => telegram.callsTo('sendMessage').filter((call) => call.params.chat_id === GROUP.id);
    const before = inGroup().length;
    telegram.pushUpdate(
      textMessageUpdate({ from, text, chatId: GROUP.id, chatType: 'supergroup', chatTitle: GROUP.title }),
    );
    await telegram.waitForCall('sendMessage', () => inGroup().length > before, 15_000);
    return String(inGroup()[before]!.params.text);
  }

  it('is set up by an admin only, and posted once at the group’s local time with joined members only', async () => {
    telegram.setChatMember(GROUP.id, ADA.id, 'administrator');
    telegram.setChatMember(GROUP.id, BEN.id, 'member');
    expect(await groupSay(BEN, '/group setup')).toContain(
      'Only a group administrator can set up a group here.',
    );
    expect(await groupSay(ADA, '/group setup')).toContain(
      'Morning Runners is now a Stride group. Weekly review: <b>Mondays at 09:00 (Europe/Paris)</b>',
    );
    expect(await groupSay(ADA, '/group join')).toContain('joined Morning Runners');

    // Monday 2030-01-07, 09:00 in Paris is 08:00Z (the review waits for its first Monday after setup).
    const photos = () =>
      telegram.callsTo('sendPhoto').filter((call) => String(call.params.chat_id) === String(GROUP.id));
    await jobsRun('weekly-review', '2030-01-07T07:59:00Z');
    expect(photos()).toHaveLength(0);
    await Promise.all([
      jobsRun('weekly-review', '2030-01-07T08:00:00Z'),
      jobsRun('weekly-review', '2030-01-07T08:00:00Z'),
    ]);
    await jobsRun('weekly-review', '2030-01-07T09:00:00Z');
    expect(photos()).toHaveLength(1);
    const caption = String(photos()[0]!.params.caption);
    expect(caption).toContain('<b>Weekly review</b> for Morning Runners, week of 2029-12-31');
    expect(caption).toContain('<b>Ada</b>');
    expect(caption).not.toContain('Ben');
    // A photo's fields come as multipart form fields: the keyboard is JSON text there.
    const raw = photos()[0]!.params.reply_markup;
    const markup = (typeof raw === 'string' ? JSON.parse(raw) : raw) as {
      inline_keyboard: { text: string }[][];
    };
    expect(markup.inline_keyboard.flat().map((button) => button.text)).toEqual(['My week']);
  }, 90_000);
});

function parisMinute(instant: Date): number {
  const [hour, minute] = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Paris',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
    .format(instant)
    .split(':')
    .map(Number);
  return hour! * 60 + minute!;
}
