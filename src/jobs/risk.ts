/**
 * `risk` (hourly): a habit whose last two due days before today went undone (src/domain/risk.ts;
 * skips are passed over, per-week and per-month habits count periods) is at risk. The scan
 * prefilters in SQL on the scan state kept by src/services/logs.ts — active habits not at risk,
 * not done for two days and not judged yet today (per-period habits: this period) — loads only
 * those habits' logs since their last done, and applies the domain rule. Each new episode sets
 * habits.at_risk_since (the episode's first missed day) and is announced once: one alert per
 * member per run listing every habit that turned at risk, enqueued in the same transaction, then
 * `habit_at_risk` for each habit. A done log ends the episode (endRiskEpisode in logs.ts).
 * Each active mentor of the member gets one alert per habit of the episode in the same
 * transaction, keyed `risk-mentor:<mentor>:<habit>:<episode>`, held through the mentor's own quiet
 * hours, with a Nudge button.
 */
import { addDays, daysBetween, startOfMonth, startOfWeek } from '../domain/dates.js';
import { riskEpisodeStart } from '../domain/risk.js';
import type { LocalDate } from '../domain/types.js';
import { riskMentorReply, riskReply } from '../language/outreach.js';
import type { NewOutboxMessage } from '../services/outbox.js';
import { quietHold } from '../services/quiet-hours.js';
import {
  logsFrom,
  markAtRisk,
  markRiskChecked,
  memberClocksInUse,
  mentorLinksOf,
  type MentorLink,
  riskCandidates,
  type RiskCandidate,
} from '../store/repositories/index.js';
import { latestLocalDate, memberToday } from './member-days.js';
import type { JobDefinition } from './types.js';

/**
 * How many completed periods of a per-period habit are read: the rule looks at the last two that
 * asked for something, passing over fully excused ones. Earlier periods are not judged (the rules
 * see the habit as starting there), so a habit excused for longer is simply not flagged.
 */
const PERIODS_READ = 4;

interface Judged {
  habit: RiskCandidate;
  today: LocalDate;
  from: LocalDate;
}

export const riskJob: JobDefinition = {
  name: 'risk',
  every: '1 hour',
  summary: 'alerts members once when a habit misses its last two due days',
  async run(ctx) {
    const services = ctx.services();
    const todayOf = memberToday(ctx.now);
    const latest = latestLocalDate(ctx.now);
    const days = (await memberClocksInUse(services.em)).map((clock) => {
      const today = todayOf(clock);
      return { ...clock, today, weekStart: startOfWeek(today), monthStart: startOfMonth(today) };
    });
    const candidates = await riskCandidates(
      services.em,
      {
        doneBy: addDays(latest, -3),
        today: latest,
        weekStart: startOfWeek(latest),
        monthStart: startOfMonth(latest),
      },
      days,
    );
    const judged = candidates.flatMap((habit): Judged[] => {
      const today = todayOf(habit.owner);
      const from = readFrom(habit, today);
      return from === null ? [] : [{ habit, today, from }];
    });
    const logs = await logsFrom(
      services.em,
      judged.map(({ habit, from }) => ({ habitId: habit.id, from })),
    );
    const episodes: (Judged & { since: LocalDate })[] = [];
    const checked: Judged[] = [];
    for (const entry of judged) {
      const since = riskEpisodeStart(entry.habit.rules, logs.get(entry.habit.id) ?? [], entry.today);
      if (since === null) checked.push(entry);
      else episodes.push({ ...entry, since });
    }
    const { marked, keys, mentorKeys } = await services.em.transactional(async (em) => {
      const marked = new Set(
        await markAtRisk(
          em,
          episodes.map(({ habit, since, today }) => ({
            habitId: habit.id,
            since,
            lastDoneOn: habit.lastDoneOn,
            today,
          })),
        ),
      );
      const announced = episodes.filter((episode) => marked.has(episode.habit.id));
      const keys = await ctx.outbox.enqueue({ ...services, em }, alerts(announced, ctx.now));
      const links = await mentorLinksOf(em, [...new Set(announced.map(({ habit }) => habit.ownerId))]);
      const mentorKeys = await ctx.outbox.enqueue(
        { ...services, em },
        mentorAlerts(announced, links, ctx.now),
      );
      await markRiskChecked(
        em,
        checked.map(({ habit, today }) => ({
          habitId: habit.id,
          today,
          lastDoneOn: habit.lastDoneOn,
          riskCheckedOn: habit.riskCheckedOn,
        })),
      );
      return { marked, keys, mentorKeys };
    });
    for (const episode of episodes) {
      if (!marked.has(episode.habit.id)) continue;
      await services.events.publish({
        type: 'habit_at_risk',
        userId: episode.habit.ownerId,
        habitId: episode.habit.id,
      });
    }
    return {
      candidates: candidates.length,
      judged: judged.length,
      atRisk: marked.size,
      alerts: keys.length,
      mentorAlerts: mentorKeys.length,
    };
  },
};

/**
 * The first day of logs the rule needs for `habit` as of `today`, or null when the habit need not
 * be judged: a day-based habit done in the last two days, or judged already today (per-period
 * habits: this period). riskCandidates leaves these out already; the rule stands here on its own.
 * Day-based habits stop at their last done day, so their logs from it suffice.
 */
function readFrom(habit: RiskCandidate, today: LocalDate): LocalDate | null {
  const { schedule, startDate } = habit.rules;
  if (schedule.kind === 'per_period') {
    const periodStart = schedule.period === 'week' ? startOfWeek(today) : startOfMonth(today);
    if (habit.riskCheckedOn !== null && habit.riskCheckedOn >= periodStart) return null;
    const from =
      schedule.period === 'week'
        ? addDays(periodStart, -7 * PERIODS_READ)
        : startOfMonth(addDays(periodStart, -28 * PERIODS_READ));
    return from > startDate ? from : startDate;
  }
  if (habit.lastDoneOn !== null && daysBetween(habit.lastDoneOn, today) < 3) return null;
  if (habit.riskCheckedOn !== null && habit.riskCheckedOn >= today) return null;
  return habit.lastDoneOn ?? startDate;
}

/** One alert per member listing the habits that turned at risk in this run. */
function alerts(episodes: readonly (Judged & { since: LocalDate })[], now: Date): NewOutboxMessage[] {
  const byMember = new Map<string, (Judged & { since: LocalDate })[]>();
  for (const episode of episodes)
    byMember.set(episode.habit.ownerId, [...(byMember.get(episode.habit.ownerId) ?? []), episode]);
  return [...byMember.values()].map((group) => {
    group.sort((a, b) => a.habit.name.localeCompare(b.habit.name));
    // The key names the episode that opened the alert (earliest start, then habit id): a re-run
    // finds every habit of the group already marked, so each episode is announced once.
    const [first] = [...group].sort(
      (a, b) => a.since.localeCompare(b.since) || a.habit.id.localeCompare(b.habit.id),
    );
    const owner = group[0]!.habit.owner;
    const notBefore = quietHold(now, owner);
    return {
      userId: owner.userId,
      kind: 'risk',
      dedupeKey: `risk:${first!.habit.id}:${first!.since}`,
      reply: riskReply(group.map(({ habit }) => ({ name: habit.name, schedule: habit.rules.schedule }))),
      ...(notBefore ? { notBefore } : {}),
    };
  });
}

/** One alert per active mentor per habit that turned at risk in this run (the mentee's own alerts: alerts). */
function mentorAlerts(
  episodes: readonly (Judged & { since: LocalDate })[],
  links: readonly MentorLink[],
  now: Date,
): NewOutboxMessage[] {
  const mentorsOf = new Map<string, MentorLink[]>();
  for (const link of links)
    mentorsOf.set(link.mentee.userId, [...(mentorsOf.get(link.mentee.userId) ?? []), link]);
  return episodes.flatMap(({ habit, since }) =>
    (mentorsOf.get(habit.ownerId) ?? []).map((link): NewOutboxMessage => {
      const notBefore = quietHold(now, link.mentor);
      return {
        userId: link.mentor.userId,
        kind: 'risk_mentor',
        dedupeKey: `risk-mentor:${link.mentor.userId}:${habit.id}:${since}`,
        reply: riskMentorReply({
          menteeName: habit.owner.name,
          habitName: habit.name,
          schedule: habit.rules.schedule,
        }),
        ...(notBefore ? { notBefore } : {}),
      };
    }),
  );
}
