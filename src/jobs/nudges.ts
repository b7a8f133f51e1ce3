/**
 * `nudges` (hourly): a member with nudges on who logged nothing for two whole local days (yesterday
 * and the day before; a member who never logged counts from the day they joined) and has an active
 * habit gets one friendly nudge per inactive spell, with today's habits as Done buttons. The spell
 * is named by its first day (`nudge:<member>:<spell start>`) and recorded in users.nudged_spell_from
 * in the same transaction as the enqueue, so the next hourly run reads almost nothing. Four
 * statements whatever the number of members: candidates, their habits, enqueue, mark.
 */
import { addDays, daysBetween, localDateAt } from '../domain/dates.js';
import { isDue } from '../domain/schedule.js';
import { nudgeReply } from '../language/outreach.js';
import type { NewOutboxMessage } from '../services/outbox.js';
import { quietHold } from '../services/quiet-hours.js';
import {
  activeHabitsOf,
  markNudged,
  nudgeCandidates,
  type ScannedHabit,
} from '../store/repositories/index.js';
import { latestLocalDate, memberToday } from './member-days.js';
import type { JobDefinition } from './types.js';

/** Whole local days without a log before a nudge. */
export const QUIET_DAYS = 2;

export const nudgesJob: JobDefinition = {
  name: 'nudges',
  every: '1 hour',
  summary: `nudges members who logged nothing for ${QUIET_DAYS} days, once per quiet spell`,
  async run(ctx) {
    const services = ctx.services();
    const todayOf = memberToday(ctx.now);
    // A spell may be nudged once its first day is QUIET_DAYS before today: the last log was before that.
    const candidates = await nudgeCandidates(services.em, addDays(latestLocalDate(ctx.now), -QUIET_DAYS - 1));
    const spells = candidates.flatMap((member) => {
      const today = todayOf(member);
      const spellFrom = member.lastLoggedOn
        ? addDays(member.lastLoggedOn, 1)
        : localDateAt(member.createdAt, member.timezone, member.dayStartHour);
      const quietDays = daysBetween(spellFrom, today);
      return quietDays >= QUIET_DAYS ? [{ member, today, spellFrom, quietDays }] : [];
    });
    const habits = await activeHabitsOf(
      services.em,
      spells.map((spell) => spell.member.userId),
    );
    const habitsOf = new Map<string, ScannedHabit[]>();
    for (const habit of habits) habitsOf.set(habit.ownerId, [...(habitsOf.get(habit.ownerId) ?? []), habit]);
    const messages: NewOutboxMessage[] = spells.map(({ member, today, spellFrom, quietDays }) => {
      const dueToday = (habitsOf.get(member.userId) ?? [])
        .filter((habit) => habit.rules.schedule.kind === 'per_period' || isDue(habit.rules, today))
        .map((habit) => habit.name);
      const notBefore = quietHold(ctx.now, member);
      return {
        userId: member.userId,
        kind: 'nudge',
        dedupeKey: `nudge:${member.userId}:${spellFrom}`,
        reply: nudgeReply({ quietDays, neverLogged: member.lastLoggedOn === null, dueToday }),
        ...(notBefore ? { notBefore } : {}),
      };
    });
    const enqueued = await services.em.transactional(async (em) => {
      const keys = await ctx.outbox.enqueue({ ...services, em }, messages);
      await markNudged(
        em,
        spells.map(({ member, spellFrom }) => ({ userId: member.userId, spellFrom })),
      );
      return keys;
    });
    return { candidates: candidates.length, nudged: enqueued.length };
  },
};
