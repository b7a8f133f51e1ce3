/** settings, settings remind | quiet | nudges | notify, and habit remind: when and where Stride writes first. */
import { z } from 'zod';
import type { QuietHours, WallMinute } from '../../domain/wall-clock.js';
import { clockText, parseClockTime, parseQuietHours, quietHoursText } from '../../language/clock.js';
import { UsageError } from '../../language/errors.js';
import { NOTIFY_PLATFORMS, reachOfMembers } from '../../services/reach.js';
import {
  platformName,
  setHabitReminder,
  settingsOf,
  updateSettings,
  type NotifyPlatform,
} from '../../services/settings.js';
import { Habit } from '../../store/entities/index.js';
import { defineCommand, type OptionSpec } from '../define.js';
import { findWholeHabit } from './habit-words.js';

const OFF_WORDS = new Set(['off', 'none', 'no', 'never']);
const TWELVE_HOUR_SUFFIX = /^[ap]\.?m\.?$/i;
/** `settings notify auto`: back to wherever the member last talked to Stride privately. */
const AUTO_WORDS = new Set(['auto', 'default', 'last']);

/** "08:00" or "8:30 pm" (two words) as one time; `off` as null. Refuses anything else. */
function timeOrOff(words: string[], what: string): WallMinute | null {
  if (words.length === 0) throw new UsageError(`Give a time for ${what}, like 08:00, or \`off\`.`);
  if (words.length === 1 && OFF_WORDS.has(words[0]!.toLowerCase())) return null;
  if (words.length > 2 || (words.length === 2 && !TWELVE_HOUR_SUFFIX.test(words[1]!)))
    throw new UsageError(`"${words.join(' ')}" is not one time of day. Write it like 08:00, 7:30 or 8pm.`);
  return parseClockTime(words.join(' '));
}

const timeOption: OptionSpec = {
  name: 'time',
  description: 'A time of day like 08:00 or 8pm, or "off"',
  type: 'string',
  required: true,
};

export const settingsShow = defineCommand({
  name: 'settings show',
  aliases: ['settings'],
  summary: 'Your reminder time, quiet hours, nudges, where messages go and your time zone',
  usage: 'settings [show]',
  examples: ['settings'],
  options: [],
  args: z.object({}),
  parse(words) {
    if (words.length)
      throw new UsageError(
        `I don't know the setting "${words.join(' ')}". Settings: remind, quiet, nudges, notify, timezone, daystart.`,
      );
    return {};
  },
  async run(_args, ctx) {
    const member = ctx.member;
    const settings = settingsOf(member);
    const habits = await ctx.services.em.find(
      Habit,
      { owner: member, reminderMinute: { $ne: null }, status: { $ne: 'archived' } },
      { orderBy: { createdAt: 'asc', id: 'asc' } },
    );
    const reach = (await reachOfMembers(ctx.services.em, [member.id])).get(member.id);
    const where = settings.notify
      ? `${platformName(settings.notify)} (your choice)`
      : `where you last talked to me privately${reach ? ` (now ${platformName(reach.platform)})` : ''}`;
    const lines = [
      '⚙️ **Your settings**',
      `- Daily reminder: ${settings.reminderTime ?? 'off'}`,
      `- Quiet hours: ${settings.quietHours ? `${settings.quietHours.start}–${settings.quietHours.end}` : 'none'}`,
      `- Nudges after two quiet days: ${settings.nudges ? 'on' : 'off'}`,
      `- Messages go to: ${where}`,
      `- Time zone: ${settings.timezone}, your day starts at ${String(member.dayStartHour).padStart(2, '0')}:00`,
    ];
    if (habits.length)
      lines.push(
        `- Habit reminders: ${habits.map((habit) => `**${habit.name}** ${clockText(habit.reminderMinute!)}`).join(', ')}`,
      );
    lines.push(
      'Change them with `settings remind 08:00`, `settings quiet 22:00-07:00`, `settings nudges off`, `settings notify telegram`, `habit remind <habit> 07:30`.',
    );
    return { text: lines.join('\n'), ephemeral: true };
  },
});

export const settingsRemind = defineCommand({
  name: 'settings remind',
  summary: 'Your daily reminder of what is still to do, at a local time, or off',
  usage: 'settings remind <time>|off',
  examples: ['settings remind 08:00', 'settings remind 7:30pm', 'settings remind off'],
  options: [timeOption],
  args: z.object({ minute: z.number().int().min(0).max(1439).nullable() }),
  parse: (words) => ({ minute: timeOrOff(words, 'your daily reminder') }),
  async run({ minute }, ctx) {
    await updateSettings(ctx.services, ctx.member, { reminderMinute: minute });
    if (minute === null) return { text: '🔕 Daily reminder off.' };
    return {
      text: `⏰ Every day at **${clockText(minute)}** (${ctx.member.timezone}) I'll send what is still to do, with Done and Skip buttons. Nothing comes when all is done.`,
    };
  },
});

export const settingsQuiet = defineCommand({
  name: 'settings quiet',
  summary: 'Hours when Stride holds nudges and alerts, e.g. 22:00-07:00, or off',
  usage: 'settings quiet <start>-<end>|off',
  examples: ['settings quiet 22:00-07:00', 'settings quiet 10pm to 7am', 'settings quiet off'],
  options: [{ name: 'hours', description: 'Like 22:00-07:00, or "off"', type: 'string', required: true }],
  args: z.object({ quiet: z.object({ start: z.number(), end: z.number() }).nullable() }),
  parse(words): { quiet: QuietHours | null } {
    if (words.length === 0) throw new UsageError('Give quiet hours like 22:00-07:00, or `off`.');
    if (words.length === 1 && OFF_WORDS.has(words[0]!.toLowerCase())) return { quiet: null };
    return { quiet: parseQuietHours(words.join(' ')) };
  },
  async run({ quiet }, ctx) {
    await updateSettings(ctx.services, ctx.member, { quiet });
    if (!quiet) return { text: '🔔 No quiet hours.' };
    return {
      text: `🌙 Quiet hours **${quietHoursText(quiet)}**: nudges and alerts wait until they end.`,
    };
  },
});

export const settingsNudges = defineCommand({
  name: 'settings nudges',
  summary: 'Whether Stride nudges you after two days without a log',
  usage: 'settings nudges on|off',
  examples: ['settings nudges off', 'settings nudges on'],
  options: [
    { name: 'state', description: 'on or off', type: 'string', required: true, choices: ['on', 'off'] },
  ],
  args: z.object({ on: z.boolean() }),
  parse(words) {
    const word = words.length === 1 ? words[0]!.toLowerCase() : '';
    if (['on', 'yes', 'true'].includes(word)) return { on: true };
    if (['off', 'no', 'false'].includes(word)) return { on: false };
    throw new UsageError('Say `on` or `off`.');
  },
  async run({ on }, ctx) {
    await updateSettings(ctx.services, ctx.member, { nudges: on });
    return {
      text: on
        ? '👋 Nudges on: after two days without a log I send one friendly nudge.'
        : "🔕 Nudges off: I won't nudge you when you go quiet.",
    };
  },
});

export const settingsNotify = defineCommand({
  name: 'settings notify',
  summary: 'Where reminders and alerts go: slack, telegram, discord, console, or auto',
  usage: `settings notify ${NOTIFY_PLATFORMS.join('|')}|auto`,
  examples: ['settings notify telegram', 'settings notify auto'],
  options: [
    {
      name: 'platform',
      description: 'Where messages go; auto: where you last talked to Stride privately',
      type: 'string',
      required: true,
      choices: [...NOTIFY_PLATFORMS, 'auto'],
    },
  ],
  args: z.object({ platform: z.enum(NOTIFY_PLATFORMS).nullable() }),
  parse(words): { platform: NotifyPlatform | null } {
    const word = words.length === 1 ? words[0]!.toLowerCase() : '';
    if (AUTO_WORDS.has(word)) return { platform: null };
    if ((NOTIFY_PLATFORMS as readonly string[]).includes(word)) return { platform: word as NotifyPlatform };
    if (OFF_WORDS.has(word))
      throw new UsageError(
        'Messages always go somewhere. To stop them, use `settings remind off` and `settings nudges off`; `settings notify auto` sends them where you last talked to me privately.',
      );
    throw new UsageError(`Name one of ${NOTIFY_PLATFORMS.join(', ')}, or auto.`);
  },
  async run({ platform }, ctx) {
    await updateSettings(ctx.services, ctx.member, { notify: platform });
    return {
      text: platform
        ? `📬 Reminders and alerts now go to ${platformName(platform)}.`
        : '📬 Reminders and alerts now go where you last talked to me privately.',
    };
  },
});

export const habitRemind = defineCommand({
  name: 'habit remind',
  summary: "A habit's own reminder at a local time, on days it is due, or off",
  usage: 'habit remind <habit> <time>|off',
  examples: ['habit remind run 07:30', 'habit remind read 9pm', 'habit remind run off'],
  options: [
    {
      name: 'habit',
      description: 'The habit (a name, or the start of one)',
      type: 'string',
      required: true,
      complete: 'habit',
    },
    timeOption,
  ],
  args: z.object({ habitId: z.uuid(), minute: z.number().int().min(0).max(1439).nullable() }),
  async parse(words, ctx) {
    // The time is the last word, or the last two for "8:30 pm".
    const size = words.length >= 3 && TWELVE_HOUR_SUFFIX.test(words.at(-1)!) ? 2 : 1;
    if (words.length <= size)
      throw new UsageError('Name the habit, then the time: `habit remind run 07:30`, or `off`.');
    const minute = timeOrOff(words.slice(-size), 'the reminder');
    const habit = await findWholeHabit(ctx, words.slice(0, -size));
    return { habitId: habit.id, minute };
  },
  async run({ habitId, minute }, ctx) {
    const habit = await ctx.services.em.findOneOrFail(Habit, { id: habitId, owner: ctx.member });
    await setHabitReminder(ctx.services, ctx.member, habit, minute);
    if (minute === null) return { text: `🔕 No more reminders for **${habit.name}**.` };
    const paused =
      habit.status === 'paused' ? ' It is paused: reminders start again when you resume it.' : '';
    return {
      text: `⏰ I'll remind you of **${habit.name}** at **${clockText(minute)}** on the days it is due, unless it is already done.${paused}`,
    };
  },
});
