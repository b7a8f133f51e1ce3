/** /me: the member behind the token. */
import { z } from 'zod';
import { ValidationError } from '../../errors.js';
import { parseClockTime } from '../../language/clock.js';
import { UsageError } from '../../language/errors.js';
import { clockText } from '../../language/clock.js';
import { weekdayName } from '../../language/groups.js';
import { groupReport, groupsOfMember } from '../../services/groups.js';
import { NOTIFY_PLATFORMS } from '../../services/reach.js';
import { settingsOf, updateSettings, type SettingsChange } from '../../services/settings.js';
import { dashboardOf } from '../../services/stats.js';
import { habitDto, presentHabit, presentUser, userDto } from '../presenters.js';
import { defineRoute } from '../route.js';
import { statsDto } from './stats.js';

const tag = 'Me';

const clockTime = z
  .string()
  .regex(/^\d{2}:\d{2}$/, 'must be a time of day written HH:MM, like 08:00')
  .meta({ example: '08:00' });

const settingsDto = z
  .object({
    reminderTime: clockTime.nullable().meta({ description: 'The daily reminder, local time; null: none' }),
    quietHours: z
      .object({ start: clockTime, end: clockTime })
      .nullable()
      .meta({ description: 'Nudges and alerts wait for the end; start > end spans midnight' }),
    nudges: z.boolean(),
    notify: z
      .enum(NOTIFY_PLATFORMS)
      .nullable()
      .meta({ description: 'Where messages go; null: where you last talked to Stride privately' }),
    timezone: z.string().meta({ example: 'Europe/Paris' }),
  })
  .meta({ id: 'Settings' });

const settingsPatch = settingsDto.partial().strict();

const groupDto = z
  .object({
    id: z.uuid(),
    platform: z.string(),
    channelId: z.string(),
    name: z.string().nullable().meta({ description: "The channel's name, when the platform told it" }),
    joinedAt: z.iso.datetime(),
    review: z.object({
      enabled: z.boolean(),
      weekday: z.string().meta({ example: 'Monday' }),
      time: clockTime,
      timezone: z.string(),
    }),
    members: z.number().int().meta({ description: 'How many members joined' }),
    groupStreakDays: z.number().int(),
    you: z.object({
      week: z.object({ start: z.string(), done: z.number(), due: z.number() }),
      consistency7: z.number().nullable().meta({ description: 'Share of due done over your last 7 days' }),
      rank: z.number().int().nullable(),
    }),
  })
  .meta({ id: 'Group' });

/** A time the body gave, read by the chat's own parser; its refusal becomes a 400 naming the field. */
function minuteOf(field: string, text: string): number {
  try {
    return parseClockTime(text);
  } catch (error) {
    if (error instanceof UsageError) throw ValidationError(`${field}: ${error.message}`);
    throw error;
  }
}

function changeOf(body: z.infer<typeof settingsPatch>): SettingsChange {
  const change: SettingsChange = {};
  if (body.reminderTime !== undefined)
    change.reminderMinute = body.reminderTime === null ? null : minuteOf('reminderTime', body.reminderTime);
  if (body.quietHours !== undefined) {
    change.quiet =
      body.quietHours === null
        ? null
        : {
            start: minuteOf('quietHours.start', body.quietHours.start),
            end: minuteOf('quietHours.end', body.quietHours.end),
          };
  }
  if (body.nudges !== undefined) change.nudges = body.nudges;
  if (body.notify !== undefined) change.notify = body.notify;
  if (body.timezone !== undefined) change.timezone = body.timezone;
  return change;
}

export const meRoutes = [
  defineRoute({
    method: 'get',
    path: '/me/settings',
    summary: 'Your reminder time, quiet hours, nudges, where messages go and your time zone',
    tag,
    response: settingsDto,
    handler: async ({ user }) => settingsOf(user),
  }),
  defineRoute({
    method: 'patch',
    path: '/me/settings',
    summary: 'Change some of your settings',
    description:
      'Fields left out stay as they are; null turns the reminder, quiet hours or the chosen platform off. ' +
      'Refused with a 400, changing nothing, when a reminder would fall inside the quiet hours, quiet hours ' +
      "would cover a reminder (yours or a habit's), the zone is unknown, or you have no account on `notify`.",
    tag,
    body: settingsPatch,
    response: settingsDto,
    handler: async ({ services, user, body }) =>
      settingsOf(await updateSettings(services, user, changeOf(body))),
  }),
  defineRoute({
    method: 'get',
    path: '/me/groups',
    summary: 'The chat groups you joined, with your week and place in each',
    description:
      'Only what the group shows about you, and its group streak: nothing of other members. ' +
      'Join or leave a group with `group join` / `group leave` in its channel.',
    tag,
    response: z.object({ groups: z.array(groupDto) }),
    handler: async ({ services, user }) => {
      const memberships = await groupsOfMember(services, user);
      const groups = [];
      for (const { group, createdAt } of memberships) {
        const report = await groupReport(services, group);
        const week = report.weeks.get(user.id);
        const entry = report.board.find((row) => row.memberId === user.id);
        groups.push({
          id: group.id,
          platform: group.platform,
          channelId: group.channelId,
          name: group.name,
          joinedAt: createdAt.toISOString(),
          review: {
            enabled: group.reviewEnabled,
            weekday: weekdayName(group.reviewWeekday),
            time: clockText(group.reviewMinute),
            timezone: group.timezone,
          },
          members: report.members.length,
          groupStreakDays: report.streak.length,
          you: {
            week: { start: report.weekStart, done: week?.done ?? 0, due: week?.due ?? 0 },
            consistency7: entry?.consistency ?? null,
            rank: entry?.rank ?? null,
          },
        });
      }
      return { groups };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/me',
    summary: 'Who you are',
    tag,
    response: userDto,
    handler: async ({ user }) => presentUser(user),
  }),
  defineRoute({
    method: 'get',
    path: '/me/dashboard',
    summary: "Every current habit with today's status, streaks and score, plus your risk",
    tag,
    response: z.object({
      today: z.string(),
      habits: z.array(
        z.object({ habit: habitDto, today: z.object({ status: z.string() }).loose(), stats: statsDto }),
      ),
      risk: z.object({ score: z.number(), level: z.enum(['low', 'medium', 'high']) }).loose(),
    }),
    handler: async ({ services, user }) => {
      const dashboard = await dashboardOf(services, user);
      return {
        today: dashboard.today,
        habits: dashboard.habits.map((entry) => ({
          habit: presentHabit(entry.habit),
          today: entry.today,
          stats: entry.stats,
        })),
        risk: dashboard.risk,
      };
    },
  }),
];
