/**
 * `early-warning` (hourly): the evening before a mentee is likely to miss a habit, each of their
 * mentors hears it once, in their own chat: "Ada is likely to miss Run tomorrow: missed 3 of the
 * last 4 Thursdays", with a "Nudge Ada" button (`mentee nudge Ada`). Likely means a forecast above
 * WARNING_THRESHOLD (the model: src/domain/forecast.ts) for a habit due on the mentee's tomorrow.
 *
 * Timing: "the evening" is from EVENING_HOUR (18:00) until midnight on the mentee's own wall clock,
 * on their own day (a day start hour later than 18 leaves no evening). The first hourly run in it
 * warns; the dedupe key `early-warning:<mentor>:<habit>:<date>` makes the later runs of the evening
 * (and replays) enqueue nothing, and they skip the work: keys already in the outbox are read first,
 * so their logs are never loaded again. The mentor's quiet hours hold the message until they end.
 *
 * Five statements whatever the number of mentorships: clocks in use, the links of the mentees whose
 * evening it is, their habits, keys already sent, the logs of the 8 weeks; then one enqueue.
 */
import { addDays } from '../domain/dates.js';
import { FORECAST_WINDOW_DAYS, missForecast, nextDueDate } from '../domain/forecast.js';
import { wholePercent } from '../domain/percent.js';
import type { LocalDate } from '../domain/types.js';
import { localWallAt } from '../domain/wall-clock.js';
import { earlyWarningReply } from '../language/outreach.js';
import { WARNING_THRESHOLD } from '../services/forecast.js';
import type { NewOutboxMessage } from '../services/outbox.js';
import { quietHold } from '../services/quiet-hours.js';
import {
  activeHabitsOf,
  enqueuedKeys,
  logsFrom,
  memberClocksInUse,
  mentorLinksOnClocks,
  type MentorLink,
  type ScannedHabit,
} from '../store/repositories/index.js';
import { memberToday } from './member-days.js';
import type { JobDefinition } from './types.js';

/** The wall-clock hour from which a mentee's evening begins. */
export const EVENING_HOUR = 18;

interface Warning {
  link: MentorLink;
  habit: ScannedHabit;
  today: LocalDate;
  tomorrow: LocalDate;
  key: string;
}

export const earlyWarningJob: JobDefinition = {
  name: 'early-warning',
  every: '1 hour',
  summary: 'warns mentors the evening before a mentee is likely to miss a habit',
  async run(ctx) {
    const services = ctx.services();
    const todayOf = memberToday(ctx.now);
    const evening = (await memberClocksInUse(services.em)).filter((clock) => {
      const wall = localWallAt(ctx.now, clock.timezone);
      return wall.minute >= EVENING_HOUR * 60 && wall.date === todayOf(clock);
    });
    const links = await mentorLinksOnClocks(services.em, evening);
    const linksOf = new Map<string, MentorLink[]>();
    for (const link of links)
      linksOf.set(link.mentee.userId, [...(linksOf.get(link.mentee.userId) ?? []), link]);
    const habits = await activeHabitsOf(services.em, [...linksOf.keys()]);
    const due = habits.flatMap((habit): Warning[] => {
      const mentors = linksOf.get(habit.ownerId) ?? [];
      const today = todayOf(mentors[0]!.mentee);
      const tomorrow = addDays(today, 1);
      if (nextDueDate(habit.rules, today) !== tomorrow) return [];
      return mentors.map((link) => ({
        link,
        habit,
        today,
        tomorrow,
        key: `early-warning:${link.mentor.userId}:${habit.id}:${tomorrow}`,
      }));
    });
    const sent = await enqueuedKeys(
      services.em,
      due.map((warning) => warning.key),
    );
    const open = due.filter((warning) => !sent.has(warning.key));
    const judged = new Map(open.map(({ habit, today }) => [habit.id, { habit, today }]));
    const logs = await logsFrom(
      services.em,
      [...judged.values()].map(({ habit, today }) => ({
        habitId: habit.id,
        from: addDays(today, 1 - FORECAST_WINDOW_DAYS),
      })),
    );
    const forecasts = new Map(
      [...judged.values()].map(({ habit, today }) => [
        habit.id,
        missForecast(habit.rules, logs.get(habit.id) ?? [], today),
      ]),
    );
    const messages = open.flatMap(({ link, habit, tomorrow, key }): NewOutboxMessage[] => {
      const forecast = forecasts.get(habit.id);
      if (!forecast || forecast.date !== tomorrow || forecast.probability <= WARNING_THRESHOLD) return [];
      const notBefore = quietHold(ctx.now, link.mentor);
      return [
        {
          userId: link.mentor.userId,
          kind: 'early_warning',
          dedupeKey: key,
          reply: earlyWarningReply({
            menteeName: link.mentee.name,
            habitName: habit.name,
            reason: forecast.reason,
            percent: wholePercent(forecast.probability),
          }),
          ...(notBefore ? { notBefore } : {}),
        },
      ];
    });
    const keys = await ctx.outbox.enqueue(services, messages);
    return { mentorships: links.length, judged: judged.size, warnings: keys.length };
  },
};
