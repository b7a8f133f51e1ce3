/**
 * Reminders as the member reads them: the daily reminder (one message listing what is still to do,
 * with Done and Skip for each and one Snooze), a habit's own reminder (Done, Skip, Snooze), and
 * snoozing either for an hour. The `reminders` job (src/jobs/reminders.ts) decides when they go;
 * their buttons run the hidden `reminder …` commands (src/commands/handlers/reminders.ts), which
 * stores and presses like any reply's buttons: owned by the member, each pressed once.
 */
import { isQuietAt, localWallAt } from '../domain/wall-clock.js';
import { stillToDo, type StillToDo } from '../domain/reminders.js';
import type { LocalDate } from '../domain/types.js';
import { clockText, quietHoursText } from '../language/clock.js';
import type { DraftReply } from '../ports/chat.js';
import type { User } from '../store/entities/index.js';
import {
  remindableHabits,
  remindableHabitsOfMembers,
  type RemindableHabit,
} from '../store/repositories/index.js';
import { todayFor, type ServiceContext } from './context.js';
import type { NewOutboxMessage, Outbox } from './outbox.js';
import { quietHoursOf } from './settings.js';

/** How long Snooze puts a reminder off. */
export const SNOOZE_MS = 60 * 60 * 1000;
/** Habits with buttons in one daily reminder (platforms cap a message's buttons; Slack at 25). */
export const MAX_REMINDER_HABITS = 10;

/** A habit the reminder lists, and how far its period is. */
export interface ToDo {
  habit: Pick<RemindableHabit, 'id' | 'name'>;
  status: StillToDo;
}

/** The habits of `rows` still to do on their date, in order. */
export function stillToDoOf(rows: readonly RemindableHabit[]): ToDo[] {
  return rows.flatMap((row) => {
    const status = stillToDo(row.rules, row.logs, row.date);
    return status.due ? [{ habit: { id: row.id, name: row.name }, status }] : [];
  });
}

function progressText(status: StillToDo): string {
  const progress = status.progress;
  return progress ? ` · ${progress.done} of ${progress.times} this ${progress.period}` : '';
}

function habitButtons(todo: ToDo, date: LocalDate, short: boolean) {
  const name = todo.habit.name;
  return [
    {
      label: (short ? '✓ Done' : `✓ ${name}`).slice(0, 75),
      style: 'primary' as const,
      command: `reminder log-done ${todo.habit.id} ${date}`,
    },
    {
      label: (short ? 'Skip' : `Skip ${name}`).slice(0, 75),
      style: 'default' as const,
      command: `reminder log-skip ${todo.habit.id} ${date}`,
    },
  ];
}

/**
 * The daily reminder for `date`: what is still to do, each with Done and Skip, and one Snooze
 * (the `snoozes`-th). Null when nothing is left to do: then nothing is sent.
 */
export function dailyReminder(todos: readonly ToDo[], date: LocalDate, snoozes = 0): DraftReply | null {
  if (!todos.length) return null;
  const lines = todos.map((todo) => `- **${todo.habit.name}**${progressText(todo.status)}`);
  const heading =
    todos.length === 1 ? '⏰ **Still to do today**' : `⏰ **Still to do today** (${todos.length})`;
  return {
    text: [heading, ...lines].join('\n'),
    actions: [
      ...todos.slice(0, MAX_REMINDER_HABITS).flatMap((todo) => habitButtons(todo, date, false)),
      {
        label: '⏰ Snooze 1 h',
        style: 'default',
        command: `reminder snooze-hour daily ${date} ${snoozes + 1}`,
      },
    ],
  };
}

/** A habit's own reminder for `date`, with Done, Skip and Snooze (the `snoozes`-th). */
export function habitReminder(todo: ToDo, date: LocalDate, snoozes = 0): DraftReply {
  return {
    text: `⏰ Time for **${todo.habit.name}**${progressText(todo.status)}`,
    actions: [
      ...habitButtons(todo, date, true),
      {
        label: '⏰ Snooze 1 h',
        style: 'default',
        command: `reminder snooze-hour habit ${todo.habit.id} ${date} ${snoozes + 1}`,
      },
    ],
  };
}

/** What to snooze: the daily reminder, or one habit's (by id). */
export type SnoozeTarget = { kind: 'daily' } | { kind: 'habit'; habitId: string };

/**
 * Puts a reminder for `date` off by an hour: the same reminder, as it stands now, enqueued for an
 * hour from now under the key `snooze:<member or habit>:<date>:<n>`. Says what happened: snoozed
 * until when, or why not (the day is over, nothing is left to do, or the hour is quiet).
 */
export async function snoozeReminder(
  ctx: ServiceContext,
  outbox: Outbox,
  member: User,
  target: SnoozeTarget,
  date: LocalDate,
  n: number,
): Promise<DraftReply> {
  const today = todayFor(ctx, member);
  if (date !== today) return { text: `That reminder was for ${date}; that day is over.`, ephemeral: true };
  const at = new Date(ctx.now().getTime() + SNOOZE_MS);
  const wall = localWallAt(at, member.timezone);
  const quiet = quietHoursOf(member);
  if (quiet && isQuietAt(wall.minute, quiet)) {
    return {
      text: `An hour from now (${clockText(wall.minute)}) is inside your quiet hours (${quietHoursText(quiet)}), so I won't snooze into them.`,
      ephemeral: true,
    };
  }
  let message: NewOutboxMessage | undefined;
  if (target.kind === 'daily') {
    const reply = dailyReminder(
      stillToDoOf(await remindableHabitsOfMembers(ctx.em, [{ userId: member.id, date }])),
      date,
      n,
    );
    if (!reply)
      return { text: 'Nothing is left to do today, so there is nothing to snooze. 🎉', ephemeral: true };
    message = {
      userId: member.id,
      kind: 'reminder',
      dedupeKey: `snooze:${member.id}:${date}:${n}`,
      reply,
      notBefore: at,
    };
  } else {
    const rows = (await remindableHabits(ctx.em, [{ habitId: target.habitId, date }])).filter(
      (row) => row.userId === member.id,
    );
    if (!rows.length) return { text: 'That habit is no longer active.', ephemeral: true };
    const [todo] = stillToDoOf(rows);
    if (!todo)
      return { text: `**${rows[0]!.name}** is settled for today; nothing to snooze.`, ephemeral: true };
    message = {
      userId: member.id,
      kind: 'habit_reminder',
      dedupeKey: `snooze:${target.habitId}:${date}:${n}`,
      reply: habitReminder(todo, date, n),
      notBefore: at,
    };
  }
  await outbox.enqueue(ctx, [message]);
  return { text: `⏰ Snoozed: I'll remind you again at ${clockText(wall.minute)}.`, ephemeral: true };
}
