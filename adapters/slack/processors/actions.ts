/**
 * Button presses (block_actions on a `stride:` action). The core runs the button's command only for
 * the member it was shown to and answers anyone else "This button is not yours"; both answers are
 * posted as new messages (see respondToPress), and the App Home is published again.
 */
import type { App, BlockAction, RespondFn } from '@slack/bolt';
import type { Reply } from '../../../src/ports/chat.js';
import { isDirectChannel } from '../outbound.js';
import { ACTION_PREFIX } from '../render.js';
import { PROFILE_WAIT_MS, slackInvocation, type SlackContext } from './context.js';
import { respondWith } from './respond.js';

export function registerActions(app: App, ctx: SlackContext): void {
  app.action(new RegExp(`^${ACTION_PREFIX}`), async ({ ack, body, action, respond }) => {
    // Slack needs the ack within 3 seconds whatever happens next; the answer goes through respond().
    await ack();
    if (body.type !== 'block_actions' || action.type !== 'button' || !action.value) return;
    await press(ctx, body, action.value, respond);
  });
}

async function press(
  ctx: SlackContext,
  body: BlockAction,
  actionId: string,
  respond: RespondFn | undefined,
): Promise<void> {
  // Slack sends a retried delivery with the same trigger_id; a real second click has its own, and
  // the core's one-log-per-day rule makes it update the same log rather than add one.
  const delivery = `action:${body.trigger_id}`;
  if (!(await ctx.deliveries.claim(delivery))) return;
  const team = body.team?.id ?? body.user.team_id ?? '';
  const userId = body.user.id;
  // A Home tab button has no channel: the member's own space, so it counts as a DM.
  const channel = body.channel
    ? { id: body.channel.id, name: body.channel.name }
    : { id: userId, name: 'directmessage' };
  try {
    const source = {
      team,
      channel,
      user: { id: userId, name: body.user.name ?? body.user.username },
      // What this process knows of the member; users.info only when the core must know more.
      profile: ctx.profiles.known(userId),
      details: () => ctx.profiles.get(userId, PROFILE_WAIT_MS),
      isAdmin: () => ctx.profiles.isAdmin(userId),
      eventId: delivery,
      receivedAt: ctx.now(),
    };
    const reply = await ctx.core.handle(slackInvocation(source, { action: actionId }));
    if (reply.repeat) return; // a double click delivered twice: the first press answered it
    if (body.container?.type === 'view' || !respond) {
      // The Home tab has no response_url: its fresh view shows the result at the top.
      await ctx.home.refresh({ team, userId }, reply);
      return;
    }
    await respondToPress(ctx, respond, userId, channel.id, reply);
  } catch (error) {
    await ctx.deliveries.release(delivery);
    throw error;
  }
  await ctx.home.refreshIfWatched({ team, userId });
}

/**
 * The result goes in a new message (replace_original false) and the original stays as it was. The
 * original may be a /today list whose other habits' buttons are still to be pressed, or a shared
 * message whose buttons belong to someone else; replacing it would take those away, and pressing a
 * button twice is harmless (same delivery: deduplicated; second click: the same log again). The
 * answer is private in channels (ephemeral) and a normal message in a DM, where it stays in history.
 */
async function respondToPress(
  ctx: SlackContext,
  respond: RespondFn,
  userId: string,
  channelId: string,
  reply: Reply,
): Promise<void> {
  await respondWith(ctx, { respond, userId, channelId, shared: isDirectChannel(channelId) }, reply);
}
