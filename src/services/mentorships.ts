/**
 * What a mentor may see and do, in one place: a mentor reaches a member only through an active
 * mentorship (src/store/entities/mentor.ts), and anything else is "not found", never
 * "forbidden", so an id cannot be probed. Nudges from a mentor go to the mentee's own chat through
 * the outbox, at most NUDGES_PER_DAY a day per mentee.
 */
import { NotFoundError, AppError } from '../errors.js';
import type { DraftReply } from '../ports/chat.js';
import type { User } from '../store/entities/index.js';
import { Mentorship, MentorNudge } from '../store/entities/index.js';
import { remindableHabitsOfMembers } from '../store/repositories/index.js';
import { todayFor, type ServiceContext } from './context.js';
import type { Outbox } from './outbox.js';
import { dailyReminder, stillToDoOf } from './reminders.js';

/** How many nudges one mentee may get from their mentors in one of their days. */
export const NUDGES_PER_DAY = 3;

/** The members `mentor` follows with their consent, by name. */
export async function activeMenteesOf(ctx: ServiceContext, mentor: User): Promise<User[]> {
  const links = await ctx.em.find(
    Mentorship,
    { mentor, status: 'active' },
    { populate: ['mentee'], orderBy: { mentee: { name: 'asc' }, id: 'asc' } },
  );
  return links.map((link) => link.mentee);
}

/** The mentors following `mentee`, by name. */
export async function activeMentorsOf(ctx: ServiceContext, mentee: User): Promise<User[]> {
  const links = await ctx.em.find(
    Mentorship,
    { mentee, status: 'active' },
    { populate: ['mentor'], orderBy: { mentor: { name: 'asc' }, id: 'asc' } },
  );
  return links.map((link) => link.mentor);
}

/** The mentee `menteeId` of `mentor`; 404 unless an active mentorship links them. */
export async function menteeOf(ctx: ServiceContext, mentor: User, menteeId: string): Promise<User> {
  const link = /^[0-9a-f-]{36}$/i.test(menteeId)
    ? await ctx.em.findOne(
        Mentorship,
        { mentor, mentee: menteeId, status: 'active' },
        { populate: ['mentee'] },
      )
    : null;
  if (!link) throw NotFoundError('Mentee');
  return link.mentee;
}

export interface SentNudge {
  nudge: MentorNudge;
  /** Nudges the mentee may still get today. */
  remaining: number;
}

/**
 * Sends `mentee` a nudge from `mentor`: "Sam checked in: …" with Done and Skip buttons for what
 * is still due today, through the outbox to the mentee's own chat. Refused (429) past
 * NUDGES_PER_DAY in the mentee's day. Publishes `nudge_sent`.
 */
export async function sendMentorNudge(
  ctx: ServiceContext,
  outbox: Outbox,
  mentor: User,
  mentee: User,
  note?: string,
): Promise<SentNudge> {
  const date = todayFor(ctx, mentee);
  const message = (note ?? '').trim().slice(0, 500);
  const sent = await ctx.em.transactional(async (em) => {
    // One nudge at a time per mentee, so two mentors pressing at once cannot pass the limit.
    await em.execute(`select pg_advisory_xact_lock(hashtext(?))`, [`mentor-nudge:${mentee.id}`]);
    const today = await em.count(MentorNudge, { mentee, date });
    if (today >= NUDGES_PER_DAY)
      throw new AppError(
        429,
        'nudge_limit',
        `${mentee.name} has had ${NUDGES_PER_DAY} nudges today already; try again tomorrow.`,
      );
    const nudge = em.create(MentorNudge, { mentor, mentee, date, message });
    await em.flush();
    const todos = stillToDoOf(await remindableHabitsOfMembers(em, [{ userId: mentee.id, date }]));
    const reminder = dailyReminder(todos, date);
    const opening = `👋 **${mentor.name}** checked in${message ? `: ${message}` : '.'}`;
    const reply: DraftReply = reminder
      ? {
          text: `${opening}\n${reminder.text}`,
          actions: reminder.actions?.filter((a) => !a.command.includes('snooze')),
        }
      : { text: `${opening}\nEverything due today is done. 🎉` };
    await outbox.enqueue({ ...ctx, em }, [
      { userId: mentee.id, kind: 'mentor_nudge', dedupeKey: `mentor-nudge:${nudge.id}`, reply },
    ]);
    return { nudge, remaining: NUDGES_PER_DAY - today - 1 };
  });
  await ctx.events.publish({ type: 'nudge_sent', userId: mentee.id, mentorId: mentor.id });
  return sent;
}
