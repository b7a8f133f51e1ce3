/**
 * `weekly-review` (every minute): each group whose local weekday and time has come posts its
 * review in its channel through the outbox: the group week chart, each joined member's week and
 * streak, the biggest improvement, kind words for whoever fell behind, an AI summary grounded in
 * those numbers (the template without a model), and a "My week" button anyone there may press.
 * Exactly once per group and ISO week: the group's week is claimed and the post enqueued (under a
 * dedupe key naming both) in one transaction, so a second run, or a second worker, posts nothing.
 */
import type { ChartRenderer } from '../charts/index.js';
import type { LanguageModel } from '../coach/model.js';
import { summarizeReview } from '../coach/review-summary.js';
import { addDays } from '../domain/dates.js';
import { localWallAt } from '../domain/wall-clock.js';
import { reviewFacts, reviewText } from '../language/groups.js';
import type { DraftReply } from '../ports/chat.js';
import { claimReview, groupReport, reviewsDue, type GroupReport } from '../services/groups.js';
import type { Group } from '../store/entities/index.js';
import type { JobDefinition } from './types.js';

export interface WeeklyReviewTools {
  charts: ChartRenderer;
  model?: LanguageModel;
}

export function weeklyReviewJob(tools: WeeklyReviewTools): JobDefinition {
  return {
    name: 'weekly-review',
    every: '1 minute',
    summary: "posts each group's weekly review in its channel at the group's local weekday and time",
    async run(ctx) {
      const due = await reviewsDue(ctx.services(), ctx.now);
      let posted = 0;
      let summaries = 0;
      for (const { group, week } of due) {
        const services = ctx.services();
        // The week reviewed is the one the day before the review falls in: a Monday review looks
        // back at the whole week just ended, a Friday review at this week so far.
        const reviewDay = localWallAt(ctx.now, group.timezone).date;
        const report = await groupReport(services, group, addDays(reviewDay, -1));
        const { reply, engine } = await reviewPost(report, tools, ctx.logger);
        if (engine === 'gemini') summaries++;
        const enqueued = await services.em.transactional(async (em) => {
          if (!(await claimReview({ ...services, em }, group, week))) return false;
          const keys = await ctx.outbox.enqueue({ ...services, em }, [
            {
              userId: null,
              channel: channelOf(group),
              kind: 'review',
              dedupeKey: `review:${group.id}:${week}`,
              reply,
            },
          ]);
          return keys.length > 0;
        });
        if (enqueued) posted++;
      }
      return { due: due.length, posted, aiSummaries: summaries };
    },
  };
}

/** The review post: text, chart and the "My week" button. */
async function reviewPost(
  report: GroupReport,
  tools: WeeklyReviewTools,
  logger: Parameters<typeof summarizeReview>[2],
): Promise<{ reply: DraftReply; engine: string }> {
  const facts = reviewFacts(report);
  const summary = await summarizeReview(tools.model, facts, logger);
  const reply: DraftReply = { text: reviewText(facts, summary.text) };
  if (report.members.length) {
    const png = await tools.charts.render('group-week', {
      title: `${facts.group} · weekly review`,
      weekStart: report.weekStart,
      members: report.board.map((entry) => {
        const week = report.weeks.get(entry.memberId);
        return { name: entry.name, done: week?.done ?? 0, due: week?.due ?? 0 };
      }),
    });
    reply.image = {
      png,
      alt: `Each member's habits done against due, week of ${report.weekStart}: ${facts.members
        .map((member) => `${member.name} ${member.week}`)
        .join('; ')}`.slice(0, 1000),
    };
  }
  reply.actions = [{ label: 'My week', style: 'primary', command: 'group me' }];
  return { reply, engine: summary.engine };
}

function channelOf(group: Group): { platform: string; channelId: string; workspace?: string } {
  return {
    platform: group.platform,
    channelId: group.channelId,
    ...(group.workspace ? { workspace: group.workspace } : {}),
  };
}
