/**
 * The settings commands and `habit remind` through the chat core: what they set, and what they
 * refuse (with the usage or the reason) without changing anything.
 */
import { startTestChat, type TestChat } from '../../support/chat.js';

let chat: TestChat;

beforeAll(async () => {
  chat = await startTestChat({ now: '2026-11-20T12:00:00Z' });
  await chat.say('habit add Read daily');
  await chat.say('habit add Run 3x/week');
});
afterAll(() => chat.close());

interface Row {
  reminder_minute: number | null;
  quiet_start_minute: number | null;
  quiet_end_minute: number | null;
  nudges: boolean;
  notify_platform: string | null;
  timezone: string;
}

async function settings(): Promise<Row> {
  const rows = await chat
    .services()
    .em.getConnection()
    .execute<Row[]>(
      `select u.reminder_minute, u.quiet_start_minute, u.quiet_end_minute, u.nudges, u.notify_platform, u.timezone
       from users u join identities i on i.user_id = u.id where i.platform_user_id = 'ada'`,
    );
  return rows[0]!;
}

async function habitReminders(): Promise<Record<string, number | null>> {
  const rows = await chat
    .services()
    .em.getConnection()
    .execute<{ name: string; reminder_minute: number | null }[]>(`select name, reminder_minute from habits`);
  return Object.fromEntries(rows.map((row) => [row.name, row.reminder_minute]));
}

describe('settings', () => {
  it('shows the settings with `settings` and `settings show`, and refuses an unknown setting', async () => {
    const shown = await chat.say('settings');
    expect(shown.text).toContain('Daily reminder: off');
    expect(shown.text).toContain('Quiet hours: none');
    expect(shown.text).toContain('Nudges after two quiet days: on');
    expect(shown.text).toContain('Messages go to: where you last talked to me privately (now the console)');
    expect(shown.text).toContain('Time zone: UTC');
    expect((await chat.say('settings show')).text).toBe(shown.text);
    const unknown = await chat.say('settings volume 11');
    expect(unknown.text).toContain('I don\'t know the setting "volume 11"');
    expect(unknown.text).toContain('Usage: `settings [show]`');
    // `help settings` lists the whole group, not just `settings show`.
    const help = (await chat.say('help settings')).text;
    expect(help).toContain('settings remind');
    expect(help).toContain('settings quiet');
  });

  it('sets the daily reminder, reads 12-hour times, turns it off, and refuses what it cannot read', async () => {
    expect((await chat.say('settings remind 08:00')).text).toContain('Every day at **08:00** (UTC)');
    expect((await settings()).reminder_minute).toBe(480);
    expect((await chat.say('settings')).text).toContain('Daily reminder: 08:00');

    for (const bad of [
      'settings remind 25:00',
      'settings remind soon',
      'settings remind',
      'settings remind 8 30',
    ]) {
      const reply = await chat.say(bad);
      expect(reply.text).toContain('Usage: `settings remind <time>|off`');
      expect((await settings()).reminder_minute).toBe(480);
    }
    expect((await chat.say('settings remind 25:00')).text).toContain('hours go from 0 to 23');

    await chat.say('settings remind 8:30 pm');
    expect((await settings()).reminder_minute).toBe(20 * 60 + 30);
    expect((await chat.say('settings remind off')).text).toContain('Daily reminder off');
    expect((await settings()).reminder_minute).toBeNull();
  });

  it('refuses a reminder inside quiet hours, and quiet hours over a reminder, naming it', async () => {
    await chat.say('settings remind 07:30');
    await chat.say('habit remind read 21:00');
    expect(await habitReminders()).toEqual({ Read: 21 * 60, Run: null });

    const over = await chat.say('settings quiet 20:00-08:00');
    expect(over.text).toContain('Quiet hours 20:00–08:00 would silence');
    expect(over.text).toContain('your daily reminder at 07:30');
    expect(over.text).toContain("**Read**'s reminder at 21:00");
    expect((await settings()).quiet_start_minute).toBeNull();

    expect((await chat.say('settings quiet 22:00-07:00')).text).toContain('Quiet hours **22:00–07:00**');
    expect(await settings()).toMatchObject({ quiet_start_minute: 1320, quiet_end_minute: 420 });

    const late = await chat.say('settings remind 23:15');
    expect(late.text).toContain('inside your quiet hours (22:00–07:00)');
    expect((await settings()).reminder_minute).toBe(450);
    const early = await chat.say('habit remind run 6:45am');
    expect(early.text).toContain("I can't set **Run** for 06:45");
    expect((await habitReminders()).Run).toBeNull();

    // The end is exclusive: 07:00 is no longer quiet.
    expect((await chat.say('habit remind run 07:00')).text).toContain('**Run** at **07:00**');
    expect((await habitReminders()).Run).toBe(420);
    expect((await chat.say('habit remind run off')).text).toContain('No more reminders for **Run**');
    expect((await habitReminders()).Run).toBeNull();

    expect((await chat.say('settings quiet 22:00')).text).toContain(
      'Usage: `settings quiet <start>-<end>|off`',
    );
    expect((await chat.say('settings quiet 22:00-22:00')).text).toContain('no time at all');
    expect((await chat.say('settings quiet off')).text).toContain('No quiet hours');
    expect((await settings()).quiet_start_minute).toBeNull();
  });

  it('refuses `habit remind` without a habit or a time, or for a habit it cannot find', async () => {
    expect((await chat.say('habit remind 07:00')).text).toContain('Name the habit, then the time');
    expect((await chat.say('habit remind read at seven')).text).toContain(
      'Usage: `habit remind <habit> <time>|off`',
    );
    expect((await chat.say('habit remind swim 07:00')).text).toMatch(/habit/i);
    expect((await habitReminders()).Read).toBe(21 * 60);
  });

  it('switches nudges, and chooses where messages go among the platforms the member uses', async () => {
    expect((await chat.say('settings nudges off')).text).toContain('Nudges off');
    expect((await settings()).nudges).toBe(false);
    expect((await chat.say('settings nudges maybe')).text).toContain('Usage: `settings nudges on|off`');
    expect((await settings()).nudges).toBe(false);
    await chat.say('settings nudges on');
    expect((await settings()).nudges).toBe(true);

    const telegram = await chat.say('settings notify telegram');
    expect(telegram.text).toContain('You have no Telegram account with me yet');
    expect((await settings()).notify_platform).toBeNull();
    expect((await chat.say('settings notify console')).text).toContain('now go to the console');
    expect((await settings()).notify_platform).toBe('console');
    expect((await chat.say('settings')).text).toContain('Messages go to: the console (your choice)');
    expect((await chat.say('settings notify off')).text).toContain('settings remind off');
    expect((await chat.say('settings notify pigeon')).text).toContain('Usage: `settings notify');
    expect((await settings()).notify_platform).toBe('console');
    expect((await chat.say('settings notify auto')).text).toContain('where you last talked to me privately');
    expect((await settings()).notify_platform).toBeNull();
  });
});
