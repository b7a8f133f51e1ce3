/**
 * What a mentor may see and do, in one place: a mentor reaches a member only through an active
 * mentorship (src/store/entities/mentor.ts), and anything else is "not found", never
 * "forbidden", so an id cannot be probed. Nudges from a mentor go to the mentee's own chat through
 * the outbox, at most NUDGES_PER_DAY a day per mentee.
 *
 * Consent: a mentorship becomes active only by the mentee's own act, giving a code
 * (`mentor invite` → `mentee add <code>`) or pressing Accept on a request (`mentee request @person`).
 * Either side ends it by deleting the row, which ends all access at once.
 */
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { NotFoundError, AppError, ConflictError, ValidationError } from '../errors.js';
import type { DraftReply } from '../ports/chat.js';
import type { User } from '../store/entities/index.js';
import { MentorInsight, MentorInvite, Mentorship, MentorNudge } from '../store/entities/index.js';
import { remindableHabitsOfMembers } from '../store/repositories/index.js';
import { todayFor, type ServiceContext } from './context.js';
import { hashCode, normalizedCode, randomCode, shownCode } from './identities.js';
import type { Outbox } from './outbox.js';
import { dailyReminder, stillToDoOf } from './reminders.js';

/** How long a `mentor invite` code may wait for the mentor to type it. */
export const MENTOR_INVITE_HOURS = 24;

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
    // Stamped by the service clock: `mentor activity` shows when it was sent.
    const nudge = em.create(MentorNudge, {
      mentor,
      mentee,
      date,
      message,
      createdAt: ctx.now(),
      updatedAt: ctx.now(),
    });
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

/**
 * A one-time code, valid MENTOR_INVITE_HOURS, that the mentor of `mentee`'s choosing redeems with
 * `mentee add <code>`. A new code replaces the old one; only its hash is kept.
 */
export async function createMentorInvite(ctx: ServiceContext, mentee: User): Promise<string> {
  const raw = randomCode();
  await ctx.em.transactional(async (em) => {
    await em.nativeDelete(MentorInvite, { mentee });
    em.create(MentorInvite, {
      codeHash: hashCode(raw),
      mentee,
      expiresAt: new Date(ctx.now().getTime() + MENTOR_INVITE_HOURS * 3_600_000),
    });
  });
  return shownCode(raw);
}

/**
 * Redeems a `mentor invite` code: `mentor` now follows the member who made it (a request still
 * waiting between them is accepted by the code). The code is used up. Refused, changing nothing,
 * for an unknown or expired code, one's own code, or a link that is already active.
 */
export async function redeemMentorInvite(ctx: ServiceContext, mentor: User, code: string): Promise<User> {
  const normalized = normalizedCode(code);
  const invite =
    normalized.length === 8
      ? await ctx.em.findOne(MentorInvite, { codeHash: hashCode(normalized) }, { populate: ['mentee'] })
      : null;
  if (!invite || invite.expiresAt <= ctx.now()) {
    throw ValidationError(
      'That code is unknown or has expired. Ask the member for a new one: they type `mentor invite`.',
      'bad_mentor_code',
    );
  }
  const mentee = invite.mentee;
  if (mentee.id === mentor.id) {
    throw ValidationError(
      'That code is your own: give it to the person you want as your mentor, and they type `mentee add <code>`.',
      'bad_mentor_code',
    );
  }
  const existing = await ctx.em.findOne(Mentorship, { mentor, mentee });
  if (existing?.status === 'active')
    throw ConflictError(`You already follow ${mentee.name} as their mentor.`, 'already_linked');
  await ctx.em.transactional(async (em) => {
    await em.nativeDelete(MentorInvite, { codeHash: invite.codeHash });
    if (existing) {
      await em.nativeUpdate(Mentorship, { id: existing.id }, { status: 'active', acceptedAt: ctx.now() });
    } else {
      em.create(Mentorship, {
        mentor,
        mentee,
        status: 'active',
        acceptedAt: ctx.now(),
        createdAt: ctx.now(),
        updatedAt: ctx.now(),
      });
    }
  });
  return mentee;
}

/**
 * `mentor` asks to follow `mentee`: a pending mentorship, and a message to the mentee's own chat
 * with Accept and Decline buttons (theirs alone, through the outbox, once). Nothing is shared
 * until they accept.
 */
export async function requestMentorship(
  ctx: ServiceContext,
  outbox: Outbox,
  mentor: User,
  mentee: User,
): Promise<Mentorship> {
  if (mentee.id === mentor.id) throw ValidationError('You cannot be your own mentor.', 'bad_mentor_request');
  const existing = await ctx.em.findOne(Mentorship, { mentor, mentee });
  if (existing?.status === 'active')
    throw ConflictError(`You already follow ${mentee.name} as their mentor.`, 'already_linked');
  if (existing)
    throw ConflictError(`You asked ${mentee.name} already; they have not answered yet.`, 'already_asked');
  try {
    return await ctx.em.transactional(async (em) => {
      const link = em.create(Mentorship, {
        mentor,
        mentee,
        status: 'pending',
        createdAt: ctx.now(),
        updatedAt: ctx.now(),
      });
      await em.flush();
      await outbox.enqueue({ ...ctx, em }, [
        {
          userId: mentee.id,
          kind: 'mentor_request',
          dedupeKey: `mentor-request:${link.id}`,
          reply: {
            text:
              `🤝 **${mentor.name}** would like to follow your habits as your mentor. ` +
              'A mentor sees your habits, streaks, goals and shared journal entries (never private ones), ' +
              'and can send you a nudge. You can end it any time with `mentor remove`.',
            actions: [
              { label: 'Accept', style: 'primary', command: `mentee accept ${link.id}` },
              { label: 'Decline', style: 'default', command: `mentee decline ${link.id}` },
            ],
          },
        },
      ]);
      return link;
    });
  } catch (error) {
    // The same request twice at once: the other one made the row.
    if (error instanceof UniqueConstraintViolationException)
      throw ConflictError(`You asked ${mentee.name} already; they have not answered yet.`, 'already_asked');
    throw error;
  }
}

/**
 * The mentee answers a request: Accept makes it active (and tells the mentor, through the outbox),
 * Decline deletes it. Only the mentee it was sent to, and only while it is pending: 404 otherwise.
 */
export async function answerMentorRequest(
  ctx: ServiceContext,
  outbox: Outbox,
  mentee: User,
  id: string,
  accept: boolean,
): Promise<User> {
  const link = await ctx.em.findOne(Mentorship, { id, mentee, status: 'pending' }, { populate: ['mentor'] });
  if (!link)
    throw new AppError(404, 'not_found', 'That request was already answered or withdrawn; nothing changed.');
  const mentor = link.mentor;
  if (!accept) {
    await ctx.em.nativeDelete(Mentorship, { id: link.id });
    return mentor;
  }
  await ctx.em.transactional(async (em) => {
    await em.nativeUpdate(Mentorship, { id: link.id }, { status: 'active', acceptedAt: ctx.now() });
    await outbox.enqueue({ ...ctx, em }, [
      {
        userId: mentor.id,
        kind: 'mentor_accepted',
        dedupeKey: `mentor-accepted:${link.id}`,
        reply: { text: `🤝 **${mentee.name}** accepted: you are now their mentor.` },
      },
    ]);
  });
  return mentor;
}

export interface LinkedPerson {
  mentorshipId: string;
  name: string;
  status: 'pending' | 'active';
  since: Date;
}

/**
 * The people on one side of `member`'s mentorships, by name: their mentors (`side` 'mentors') or
 * their mentees ('mentees'), active and still pending.
 */
export async function linkedPeople(
  ctx: ServiceContext,
  member: User,
  side: 'mentors' | 'mentees',
): Promise<LinkedPerson[]> {
  const other = side === 'mentors' ? 'mentor' : 'mentee';
  const links = await ctx.em.find(Mentorship, side === 'mentors' ? { mentee: member } : { mentor: member }, {
    populate: [other],
    orderBy: { [other]: { name: 'asc' }, id: 'asc' },
  });
  return links.map((link) => ({
    mentorshipId: link.id,
    name: link[other].name,
    status: link.status,
    since: link.acceptedAt ?? link.createdAt,
  }));
}

/** Ends the mentorship `mentorshipId` of `member`, from either side; 404 when it is not theirs. */
export async function endMentorship(ctx: ServiceContext, member: User, mentorshipId: string): Promise<void> {
  const deleted = await ctx.em.nativeDelete(Mentorship, {
    id: mentorshipId,
    $or: [{ mentor: member }, { mentee: member }],
  });
  if (!deleted) throw NotFoundError('Mentorship');
}

export interface MentorActivity {
  /** When a mentor asked the AI about the member (the questions stay the mentor's). */
  insights: { mentor: string; at: Date }[];
  nudges: { mentor: string; at: Date; message: string }[];
}

/** What `member`'s mentors did about them, newest first: AI questions asked, and nudges sent. */
export async function mentorActivityOf(
  ctx: ServiceContext,
  member: User,
  limit = 20,
): Promise<MentorActivity> {
  const [insights, nudges] = await Promise.all([
    ctx.em.find(
      MentorInsight,
      { mentee: member },
      { populate: ['mentor'], orderBy: { createdAt: 'desc', id: 'asc' }, limit },
    ),
    ctx.em.find(
      MentorNudge,
      { mentee: member },
      { populate: ['mentor'], orderBy: { createdAt: 'desc', id: 'asc' }, limit },
    ),
  ]);
  return {
    insights: insights.map((row) => ({ mentor: row.mentor.name, at: row.createdAt })),
    nudges: nudges.map((row) => ({ mentor: row.mentor.name, at: row.createdAt, message: row.message })),
  };
}
