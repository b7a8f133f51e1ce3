/**
 * Reminders end to end: the job enqueues, the outbox delivers to the fake Telegram and Slack, and
 * the reminder's buttons, pressed by their owner, log through the normal path (once), skip, and
 * snooze the reminder for an hour.
 */
import { runJob, strideJobs } from '../../../src/jobs/index.js';
import { createLogger } from '../../../src/logger.js';
import { updateSettings } from '../../../src/services/settings.js';
import { User, type Habit } from '../../../src/store/entities/index.js';
import { buildHabit } from '../../support/builders.js';
import { after, NOW, startOutboxHarness, type OutboxHarness } from '../../support/outbox.js';
import { buttonsOf } from '../../support/slack.js';

const ADA = '7601';
const HOUR = 60 * 60 * 1000;
const TODAY = '2026-11-20';

let sut: OutboxHarness;
let ada: User;
let read: Habit;
let walk: Habit;

beforeAll(async () => {
  sut = await startOutboxHarness({ telegramRetryAttempts: 2 });
  ada = await sut.member('telegram', ADA, { privateChannel: ADA });
  read = await buildHabit(sut.services(), ada, { name: 'Read', startDate: '2026-11-01' });
  walk = await buildHabit(sut.services(), ada, { name: 'Walk', startDate: '2026-11-01' });
  // The harness's clock reads 12:00 UTC: the reminder fell due half an hour ago.
  const services = sut.services();
  await updateSettings(services, await services.em.findOneOrFail(User, ada.id), {
    reminderMinute: 11 * 60 + 30,
  });
});

afterAll(async () => {
  await sut.close();
});

afterEach(() => {
  expect(sut.telegram.unexpectedCalls).toEqual([]);
  expect(sut.slack.unexpectedCalls).toEqual([]);
});

const reminders = strideJobs({ retentionDays: 30 }).find((job) => job.name === 'reminders')!;
const runReminders = (at: Date = NOW) =>
  runJob(
    {
      services: (now = () => at) => ({ ...sut.services(at), now }),
      outbox: sut.outbox,
      logger: createLogger('silent'),
    },
    reminders,
    at,
  );

const sendsTo = (chatId: string) =>
  sut.telegram.callsTo('sendMessage').filter((call) => String(call.params.chat_id) === chatId);

/** The inline keyboard of a Telegram send: each button's text and callback data. */
function keyboardOf(call: ReturnType<typeof sendsTo>[number]): { text: string; data: string }[] {
  const markup = call.params.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] };
  return markup.inline_keyboard.flat().map((button) => ({ text: button.text, data: button.callback_data }));
}

const logsOf = (habit: Habit) =>
  sut.sql<{ date: string; status: string; source: string }>(
    `select date::text as date, status, source from habit_logs where habit_id = ? order by date`,
    [habit.id],
  );

describe('reminders on Telegram', () => {
  it('delivers the daily reminder once; Done logs once, Skip skips, a second press is refused', async () => {
    await runReminders();
    await runReminders(after(60_000));
    expect(await sut.deliver()).toEqual({ sent: 1, failed: 0, dead: 0 });
    expect(await sut.deliver(after(120_000))).toEqual({ sent: 0, failed: 0, dead: 0 });

    const sends = sendsTo(ADA);
    expect(sends).toHaveLength(1);
    expect(sends[0]!.params.text).toBe('⏰ <b>Still to do today</b> (2)\n• <b>Read</b>\n• <b>Walk</b>');
    const buttons = keyboardOf(sends[0]!);
    expect(buttons.map((button) => button.text)).toEqual([
      '✓ Read',
      'Skip Read',
      '✓ Walk',
      'Skip Walk',
      '⏰ Snooze 1 h',
    ]);

    const done = await sut.press('telegram', ADA, buttons[0]!.data);
    expect(done.text).toContain('✅ **Read** done for today.');
    expect(await logsOf(read)).toEqual([{ date: TODAY, status: 'done', source: 'telegram' }]);
    const again = await sut.press('telegram', ADA, buttons[0]!.data);
    expect(again.text).toBe('That button was already used.');
    expect(await logsOf(read)).toHaveLength(1);

    const skipped = await sut.press('telegram', ADA, buttons[3]!.data);
    expect(skipped.text).toContain('⏭️ **Walk** skipped for today.');
    expect(await logsOf(walk)).toEqual([{ date: TODAY, status: 'skipped', source: 'telegram' }]);
  });

  it('snoozes for an hour: the reminder comes again then, with what is still to do', async () => {
    // Walk's skip is undone, so that something is left to do when the snoozed reminder comes.
    await sut.sql(`delete from habit_logs where habit_id = ?`, [walk.id]);
    const before = sendsTo(ADA).length;
    const [reminder] = sendsTo(ADA).slice(-1);
    const snooze = keyboardOf(reminder!).find((button) => button.text.startsWith('⏰'))!;

    const answer = await sut.press('telegram', ADA, snooze.data);
    expect(answer.text).toBe("⏰ Snoozed: I'll remind you again at 13:00.");
    const row = await sut.row(`snooze:${ada.id}:${TODAY}:1`);
    expect(row).toMatchObject({ kind: 'reminder', status: 'queued' });
    expect(row.next_attempt_at).toEqual(after(HOUR));
    expect((await sut.press('telegram', ADA, snooze.data)).text).toBe('That button was already used.');

    expect(await sut.deliver(after(HOUR - 60_000))).toEqual({ sent: 0, failed: 0, dead: 0 });
    expect(await sut.deliver(after(HOUR))).toEqual({ sent: 1, failed: 0, dead: 0 });
    const snoozed = sendsTo(ADA).slice(before);
    expect(snoozed.map((call) => call.params.text)).toEqual(['⏰ <b>Still to do today</b>\n• <b>Walk</b>']);
    expect(keyboardOf(snoozed[0]!).map((button) => button.text)).toEqual([
      '✓ Walk',
      'Skip Walk',
      '⏰ Snooze 1 h',
    ]);
    const stored = await sut.sql<{ command: string }>(`select command from chat_actions where id = ?`, [
      keyboardOf(snoozed[0]!)[2]!.data,
    ]);
    expect(stored).toEqual([{ command: `reminder snooze-hour daily ${TODAY} 2` }]);
  });
});

describe('reminders on Slack', () => {
  it("posts a habit's own reminder to the DM, and its Done button logs the habit", async () => {
    const team = sut.slack.identity.teamId;
    const bob = await sut.member('slack', 'U0BOB', { privateChannel: 'D0BOB', workspace: team });
    const stretch = await buildHabit(sut.services(), bob, { name: 'Stretch', startDate: '2026-11-01' });
    await sut.sql(`update habits set reminder_minute = ? where id = ?`, [11 * 60 + 45, stretch.id]);

    await runReminders();
    expect(await sut.deliver()).toEqual({ sent: 1, failed: 0, dead: 0 });

    const posts = sut.slack.callsTo('chat.postMessage').filter((call) => call.body.channel === 'D0BOB');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body.text).toContain('Time for');
    const buttons = buttonsOf(posts[0]!.body);
    expect(buttons.map((button) => button.label)).toEqual(['✓ Done', 'Skip', '⏰ Snooze 1 h']);
    expect(await sut.row(`habit-reminder:${stretch.id}:${TODAY}`)).toMatchObject({
      kind: 'habit_reminder',
      status: 'sent',
      platform: 'slack',
    });

    // Another member cannot press it; its owner logs it, once.
    expect((await sut.press('telegram', ADA, buttons[0]!.value)).text).toMatch(/not yours/);
    expect((await sut.press('slack', 'U0BOB', buttons[0]!.value)).text).toContain(
      '**Stretch** done for today',
    );
    expect((await sut.press('slack', 'U0BOB', buttons[0]!.value)).text).toBe('That button was already used.');
    expect(await logsOf(stretch)).toEqual([{ date: TODAY, status: 'done', source: 'slack' }]);
  });
});
