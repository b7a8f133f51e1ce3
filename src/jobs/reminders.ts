/**
 * `reminders` (every minute): sends the daily and per-habit reminders that fell due in the hour up
 * to the run's instant, so a short outage delays a reminder instead of losing it, and a reminder is
 * never more than an hour late. Per member zone, firingWindows gives the wall-clock minutes whose
 * reminders fired in (now - 1 h, now] — across DST, a time in the spring-forward gap fires when the
 * clock jumps past it and a time in the repeated autumn hour fires the first time round — and a few
 * set-based statements find whose reminders those are, skip those already enqueued, and read only
 * the logs that decide what is still to do. The outbox keys (`reminder:<member>:<local date>`,
 * `habit-reminder:<habit>:<local date>`) keep each to once a day, however often the hour is scanned.
 */
import { firingWindows } from '../domain/wall-clock.js';
import type { NewOutboxMessage } from '../services/outbox.js';
import { dailyReminder, habitReminder, stillToDoOf } from '../services/reminders.js';
import {
  dueHabitReminders,
  dueMemberReminders,
  habitReminderKey,
  memberReminderKey,
  remindableHabits,
  remindableHabitsOfMembers,
  reminderZones,
  type ZoneWindow,
} from '../store/repositories/index.js';
import type { JobDefinition } from './types.js';

/** How far back a run looks: a reminder is sent at most this late. */
export const REMINDER_LOOKBACK_MS = 60 * 60 * 1000;

export function remindersJob(): JobDefinition {
  return {
    name: 'reminders',
    every: '1 minute',
    summary: 'sends the daily and per-habit reminders that fell due in the last hour',
    async run(ctx) {
      const services = ctx.services();
      const from = new Date(ctx.now.getTime() - REMINDER_LOOKBACK_MS);
      const windows: ZoneWindow[] = [];
      for (const zone of await reminderZones(services.em)) {
        try {
          for (const window of firingWindows(zone, from, ctx.now)) windows.push({ zone, ...window });
        } catch (error) {
          // A zone this runtime's Intl no longer knows must not stop everybody else's reminders.
          ctx.logger.warn({ zone, err: error }, 'reminders skipped for an unknown time zone');
        }
      }
      const members = await dueMemberReminders(services.em, windows);
      const habits = await dueHabitReminders(services.em, windows);
      const messages: NewOutboxMessage[] = [];
      const byMember = groupBy(
        await remindableHabitsOfMembers(services.em, members),
        (row) => `${row.userId}:${row.date}`,
      );
      for (const { userId, date } of members) {
        const reply = dailyReminder(stillToDoOf(byMember.get(`${userId}:${date}`) ?? []), date);
        if (reply)
          messages.push({ userId, kind: 'reminder', dedupeKey: memberReminderKey(userId, date), reply });
      }
      for (const row of await remindableHabits(services.em, habits)) {
        const [todo] = stillToDoOf([row]);
        if (todo)
          messages.push({
            userId: row.userId,
            kind: 'habit_reminder',
            dedupeKey: habitReminderKey(row.id, row.date),
            reply: habitReminder(todo, row.date),
          });
      }
      const enqueued = await ctx.outbox.enqueue(services, messages);
      return {
        windows: windows.length,
        dailyDue: members.length,
        habitDue: habits.length,
        enqueued: enqueued.length,
      };
    },
  };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
