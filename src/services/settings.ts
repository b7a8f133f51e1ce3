/**
 * A member's reminder and message settings — the daily reminder time, quiet hours, nudges, where
 * messages go, the time zone — and each habit's own reminder. One service for the chat commands
 * (`settings …`, `habit remind`) and the API (GET/PATCH /me/settings), so both refuse the same
 * things with the same words, and a refused change changes nothing.
 */
import { canonicalTimeZone, isValidTimeZone } from '../domain/dates.js';
import { isQuietAt, type QuietHours, type WallMinute } from '../domain/wall-clock.js';
import { ValidationError } from '../errors.js';
import { clockText, quietHoursText } from '../language/clock.js';
import { Habit, Identity, type User } from '../store/entities/index.js';
import type { ServiceContext } from './context.js';
import { NOTIFY_PLATFORMS } from './reach.js';

/** A platform `settings notify` accepts. */
export type NotifyPlatform = (typeof NOTIFY_PLATFORMS)[number];

/** What GET /me/settings and the `settings` command show. */
export interface MemberSettings {
  /** The daily reminder's local time, "HH:MM", or null for none. */
  reminderTime: string | null;
  quietHours: { start: string; end: string } | null;
  nudges: boolean;
  /** The platform the member chose; null: wherever they last talked to Stride privately. */
  notify: NotifyPlatform | null;
  timezone: string;
}

/** A change of settings: a field left out stays as it is; null turns a reminder or quiet hours off. */
export interface SettingsChange {
  reminderMinute?: WallMinute | null;
  quiet?: QuietHours | null;
  nudges?: boolean;
  notify?: NotifyPlatform | null;
  timezone?: string;
}

/** A member's settings as the API and the chat show them. */
export function settingsOf(user: User): MemberSettings {
  const quiet = quietHoursOf(user);
  return {
    reminderTime: user.reminderMinute === null ? null : clockText(user.reminderMinute),
    quietHours: quiet && { start: clockText(quiet.start), end: clockText(quiet.end) },
    nudges: user.nudges,
    notify: (user.notifyPlatform as NotifyPlatform | null) ?? null,
    timezone: user.timezone,
  };
}

/** The member's quiet hours, or null when they have none. */
export function quietHoursOf(user: Pick<User, 'quietStartMinute' | 'quietEndMinute'>): QuietHours | null {
  return user.quietStartMinute === null || user.quietEndMinute === null
    ? null
    : { start: user.quietStartMinute, end: user.quietEndMinute };
}

/**
 * Applies a change of settings, all of it or none: every field is checked first (a reminder inside
 * the quiet hours, quiet hours over an existing reminder, an unknown zone, a platform the member
 * has no account on), and a refusal is a 400 whose message says why.
 */
export async function updateSettings(ctx: ServiceContext, user: User, change: SettingsChange): Promise<User> {
  const reminderMinute = change.reminderMinute === undefined ? user.reminderMinute : change.reminderMinute;
  const quiet = change.quiet === undefined ? quietHoursOf(user) : change.quiet;
  if (change.reminderMinute !== undefined && reminderMinute !== null) checkMinute(reminderMinute);
  if (change.quiet) checkQuiet(change.quiet);
  if (quiet && (change.quiet !== undefined || change.reminderMinute !== undefined)) {
    const covered: string[] = [];
    if (reminderMinute !== null && isQuietAt(reminderMinute, quiet)) {
      // A new reminder time is refused for the quiet hours it falls in, whichever of the two changed.
      if (change.quiet === undefined)
        throw reminderInQuietHours('your daily reminder', reminderMinute, quiet);
      covered.push(`your daily reminder at ${clockText(reminderMinute)}`);
    }
    if (change.quiet !== undefined) covered.push(...(await habitRemindersIn(ctx, user, quiet)));
    if (covered.length) throw quietOverReminders(quiet, covered);
  }
  const timezone = change.timezone === undefined ? undefined : checkedTimeZone(change.timezone);
  if (change.notify) await checkNotify(ctx, user, change.notify);
  if (change.reminderMinute !== undefined) user.reminderMinute = reminderMinute;
  if (change.quiet !== undefined) {
    user.quietStartMinute = quiet?.start ?? null;
    user.quietEndMinute = quiet?.end ?? null;
  }
  if (change.nudges !== undefined) user.nudges = change.nudges;
  if (change.notify !== undefined) user.notifyPlatform = change.notify;
  if (timezone !== undefined) user.timezone = timezone;
  await ctx.em.flush();
  return user;
}

/** Sets or clears one habit's own reminder; a time inside the member's quiet hours is refused. */
export async function setHabitReminder(
  ctx: ServiceContext,
  user: User,
  habit: Habit,
  minute: WallMinute | null,
): Promise<Habit> {
  if (habit.owner.id !== user.id) throw ValidationError('That habit is not yours.');
  if (minute !== null) {
    checkMinute(minute);
    const quiet = quietHoursOf(user);
    if (quiet && isQuietAt(minute, quiet)) throw reminderInQuietHours(`**${habit.name}**`, minute, quiet);
  }
  habit.reminderMinute = minute;
  await ctx.em.flush();
  return habit;
}

/** The canonical name of a time zone, or a 400 that names the zone. */
export function checkedTimeZone(timezone: string): string {
  if (!isValidTimeZone(timezone)) {
    throw ValidationError(
      `"${timezone}" is not a time zone I know. Use an IANA name such as Europe/Paris or America/New_York.`,
    );
  }
  return canonicalTimeZone(timezone);
}

function checkMinute(minute: number): void {
  if (!Number.isInteger(minute) || minute < 0 || minute >= 24 * 60)
    throw ValidationError('A reminder time is a time of day from 00:00 to 23:59.');
}

function checkQuiet(quiet: QuietHours): void {
  checkMinute(quiet.start);
  checkMinute(quiet.end);
  if (quiet.start === quiet.end)
    throw ValidationError('Quiet hours need an end that differs from their start, like 22:00-07:00.');
}

function reminderInQuietHours(what: string, minute: WallMinute, quiet: QuietHours) {
  return ValidationError(
    `I can't set ${what} for ${clockText(minute)}: that is inside your quiet hours (${quietHoursText(quiet)}), when I keep quiet. Pick a time outside them, or change them with \`settings quiet\`.`,
    'reminder_in_quiet_hours',
  );
}

function quietOverReminders(quiet: QuietHours, covered: string[]) {
  return ValidationError(
    `Quiet hours ${quietHoursText(quiet)} would silence ${covered.join(' and ')}. Move those reminders first (\`settings remind\`, \`habit remind\`), or pick other quiet hours.`,
    'quiet_hours_cover_reminder',
  );
}

/** "**Read**'s reminder at 23:00" for each live habit whose reminder the quiet hours would cover. */
async function habitRemindersIn(ctx: ServiceContext, user: User, quiet: QuietHours): Promise<string[]> {
  const habits = await ctx.em.find(
    Habit,
    { owner: user, reminderMinute: { $ne: null }, status: { $ne: 'archived' } },
    { orderBy: { createdAt: 'asc', id: 'asc' } },
  );
  return habits
    .filter((habit) => isQuietAt(habit.reminderMinute!, quiet))
    .map((habit) => `**${habit.name}**'s reminder at ${clockText(habit.reminderMinute!)}`);
}

/** Messages can only go where the member has an account. */
async function checkNotify(ctx: ServiceContext, user: User, platform: NotifyPlatform): Promise<void> {
  if (!(NOTIFY_PLATFORMS as readonly string[]).includes(platform))
    throw ValidationError(`I can send messages to ${NOTIFY_PLATFORMS.join(', ')}.`);
  const account = await ctx.em.count(Identity, { user, platform });
  if (account === 0) {
    const name = platform === 'console' ? 'the console' : platformName(platform);
    throw ValidationError(
      `You have no ${name} account with me yet, so I can't send messages there. Talk to me on ${name} once (or \`link\` it), then choose it.`,
      'no_account_there',
    );
  }
}

/** "Telegram", "Slack", "Discord", "the console". */
export function platformName(platform: string): string {
  if (platform === 'console') return 'the console';
  return platform.charAt(0).toUpperCase() + platform.slice(1);
}
