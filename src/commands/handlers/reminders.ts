/**
 * The buttons of reminders (src/services/reminders.ts): Done, Skip and Snooze. Hidden commands, so
 * only a button Stride showed runs them, only for its owner, and each button once (chat-core).
 * Done and Skip log the reminder's day through the one logging path (logHabit), so streaks,
 * milestones, goals and events all follow as from a typed `done`.
 */
import { z } from 'zod';
import { localDateSchema } from '../../services/inputs.js';
import { logHabit } from '../../services/log-habit.js';
import { snoozeReminder } from '../../services/reminders.js';
import { logSentence, milestoneSentence } from '../../language/format.js';
import type { LogStatus } from '../../domain/types.js';
import { UsageError } from '../../language/errors.js';
import { defineCommand, type CommandContext } from '../define.js';
import type { DraftReply } from '../../ports/chat.js';

const logArgs = z.object({ habitId: z.uuid(), date: localDateSchema });

async function logFromReminder(
  { habitId, date }: z.infer<typeof logArgs>,
  status: LogStatus,
  ctx: CommandContext,
): Promise<DraftReply> {
  const outcome = await logHabit(
    ctx.services,
    ctx.member,
    habitId,
    date,
    { status },
    ctx.invocation.platform,
  );
  const lines = [logSentence(outcome.habit, date === ctx.today ? 'today' : date, outcome.log, outcome.stats)];
  if (outcome.milestone !== null)
    lines.push(milestoneSentence(outcome.milestone, outcome.stats.streakUnit, outcome.habit.schedule));
  return { text: lines.join('\n') };
}

function logButton(name: string, status: LogStatus) {
  return defineCommand({
    name,
    summary: `A reminder's ${status === 'done' ? 'Done' : 'Skip'} button`,
    usage: `${name} <habit id> <date>`,
    examples: [],
    options: [],
    hidden: true,
    args: logArgs,
    parse: (words) => ({ habitId: words[0] ?? '', date: words[1] ?? '' }),
    run: (args, ctx) => logFromReminder(args, status, ctx),
  });
}

export const reminderDone = logButton('reminder log-done', 'done');
export const reminderSkip = logButton('reminder log-skip', 'skipped');

export const reminderSnooze = defineCommand({
  name: 'reminder snooze-hour',
  summary: "A reminder's Snooze button: the same reminder again in an hour",
  usage: 'reminder snooze-hour daily <date> <n> | reminder snooze-hour habit <habit id> <date> <n>',
  examples: [],
  options: [],
  hidden: true,
  args: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('daily'), date: localDateSchema, n: z.number().int().min(1) }),
    z.object({
      kind: z.literal('habit'),
      habitId: z.uuid(),
      date: localDateSchema,
      n: z.number().int().min(1),
    }),
  ]),
  parse(words) {
    const [kind, ...rest] = words;
    if (kind === 'habit')
      return { kind: 'habit' as const, habitId: rest[0] ?? '', date: rest[1] ?? '', n: Number(rest[2]) };
    if (kind === 'daily') return { kind: 'daily' as const, date: rest[0] ?? '', n: Number(rest[1]) };
    throw new UsageError('That is not a reminder I can snooze.');
  },
  run(args, ctx) {
    const target =
      args.kind === 'habit' ? { kind: 'habit' as const, habitId: args.habitId } : { kind: 'daily' as const };
    return snoozeReminder(ctx.services, ctx.outbox, ctx.member, target, args.date, args.n);
  },
});
