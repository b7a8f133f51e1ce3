/**
 * Slash commands (`/habit log run`, `/today`, `/stride link`…) → the catalog's command line. Slack
 * wants an acknowledgement within 3 seconds: a quick answer rides in it; a chart, or anything still
 * running when the budget is spent, is acknowledged with "Working on it…" and answered through
 * respond() when done.
 */
import type { AckFn, App, RespondArguments, RespondFn, SlashCommand } from '@slack/bolt';
import { slashCommandLine } from '../commands.js';
import { settleWithin } from '../../shared/timeouts.js';
import { changesHome, PROFILE_WAIT_MS, slackInvocation, type SlackContext } from './context.js';
import { respondWith, responseMessage } from './respond.js';

const WORKING: RespondArguments = { response_type: 'ephemeral', text: '⏳ Working on it…' };

// Commands that draw a chart: acknowledged at once rather than after a wasted wait.
const CHART_COMMANDS = [/^stats\s+\S/i, /^chart\b/i, /^goal\s+progress\b/i];

/** Every slash command of manifest/slack.yaml goes through the same path. */
export function registerCommands(app: App, ctx: SlackContext): void {
  app.command(/^\/[\w-]+$/, async ({ command, ack, respond }) => {
    await runCommand(ctx, command, ack, respond);
  });
}

/** `/stats run share`: a last word `share` posts the answer in the channel instead of privately. */
export function splitShare(text: string): { text: string; share: boolean } {
  const trimmed = text.trim();
  const match = /(?:^|\s)share$/i.exec(trimmed);
  return match
    ? { text: trimmed.slice(0, match.index).trim(), share: true }
    : { text: trimmed, share: false };
}

async function runCommand(
  ctx: SlackContext,
  command: SlashCommand,
  ack: AckFn<string | RespondArguments>,
  respond: RespondFn,
): Promise<void> {
  const arrived = Date.now();
  const { text, share } = splitShare(command.text ?? '');
  const line = slashCommandLine(command.command, text);
  // A retried command (same trigger_id) is answered again in its ack, but nothing is posted twice.
  const delivery = `command:${command.trigger_id}`;
  const first = await ctx.deliveries.claim(delivery);
  const chart = CHART_COMMANDS.some((pattern) => pattern.test(line));
  if (chart) await ack(WORKING);

  const source = {
    team: command.team_id,
    channel: { id: command.channel_id, name: command.channel_name },
    user: { id: command.user_id, name: command.user_name },
    // What this process knows of the member; users.info only when the core must know more.
    profile: ctx.profiles.known(command.user_id),
    details: () => ctx.profiles.get(command.user_id, PROFILE_WAIT_MS),
    isAdmin: () => ctx.profiles.isAdmin(command.user_id),
    eventId: delivery,
    receivedAt: ctx.now(),
  };
  const answer = ctx.core.handle(slackInvocation(source, { text: line }));
  const quick = chart
    ? undefined
    : await settleWithin(answer, ctx.ackBudgetMs - (Date.now() - arrived), undefined);
  const target = { respond, userId: command.user_id, channelId: command.channel_id, shared: share };
  try {
    if (quick && !quick.image && !quick.file) {
      await ack(responseMessage(quick, share));
      if (first) for (const followUp of quick.followUps ?? []) await respondWith(ctx, target, followUp);
    } else {
      if (!chart) await ack(WORKING);
      if (first) await respondWith(ctx, target, await answer);
    }
  } catch (error) {
    await ctx.deliveries.release(delivery);
    throw error;
  }
  if (first && changesHome(line))
    await ctx.home.refreshIfWatched({ team: command.team_id, userId: command.user_id });
}
