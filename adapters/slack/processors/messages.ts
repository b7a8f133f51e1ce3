/**
 * Direct messages to Stride (message.im) and mentions in channels (app_mention) go to the core as
 * typed text: its command parser, and the coach for free text. Answers are posted with the Web API,
 * since events have no response_url: in the DM, or in the mention's thread.
 */
import type { App } from '@slack/bolt';
import { changesHome, PROFILE_WAIT_MS, slackInvocation, type SlackContext } from './context.js';

interface Said {
  team: string;
  channel: string;
  userId: string;
  text: string;
  eventId: string;
  threadTs?: string;
}

export function registerMessages(app: App, ctx: SlackContext): void {
  app.message(async ({ message, body }) => {
    // Edits, joins and bot posts carry a subtype or a bot_id: only what a member typed is an order.
    if (message.subtype !== undefined || message.channel_type !== 'im' || message.bot_id) return;
    const text = message.text?.trim();
    if (!text) return;
    await answer(ctx, {
      team: body.team_id,
      channel: message.channel,
      userId: message.user,
      text,
      eventId: body.event_id,
    });
  });

  app.event('app_mention', async ({ event, body, context }) => {
    if (!event.user || event.bot_id) return;
    const text = stripMention(event.text, context.botUserId);
    if (!text) return;
    await answer(ctx, {
      team: body.team_id,
      channel: event.channel,
      userId: event.user,
      text,
      eventId: body.event_id,
      threadTs: event.thread_ts ?? event.ts,
    });
  });
}

/** `<@U0BOT> habit log run` → `habit log run`; without a known bot id, a leading mention is dropped. */
export function stripMention(text: string, botUserId: string | undefined): string {
  const mention = botUserId
    ? new RegExp(`<@${botUserId}(?:\\|[^>]*)?>`, 'g')
    : /^\s*<@[UW][A-Z0-9]+(?:\|[^>]*)?>/;
  return text.replace(mention, '').trim();
}

async function answer(ctx: SlackContext, said: Said): Promise<void> {
  const delivery = `event:${said.eventId}`;
  // Slack acked the event already; a redelivery this process has seen is not answered twice.
  if (!(await ctx.deliveries.claim(delivery))) return;
  try {
    const source = {
      team: said.team,
      channel: { id: said.channel },
      user: { id: said.userId },
      // What this process knows of the member; users.info only when the core must know more.
      profile: ctx.profiles.known(said.userId),
      details: () => ctx.profiles.get(said.userId, PROFILE_WAIT_MS),
      isAdmin: () => ctx.profiles.isAdmin(said.userId),
      eventId: delivery,
      receivedAt: ctx.now(),
    };
    const reply = await ctx.core.handle(slackInvocation(source, { text: said.text }));
    if (reply.repeat) return; // answered already, perhaps by another process
    await ctx.outbound.post(said.channel, reply, { viewer: said.userId, threadTs: said.threadTs });
  } catch (error) {
    await ctx.deliveries.release(delivery);
    throw error;
  }
  if (changesHome(said.text)) await ctx.home.refreshIfWatched({ team: said.team, userId: said.userId });
}
