/**
 * Answers through a payload's response_url (Bolt's respond()): a slash command's later answer and
 * a button's result. Charts and files go up with files.uploadV2 — into the channel when the answer
 * is shared there, otherwise into the member's DM with Stride, so a private chart stays private.
 */
import type { RespondArguments, RespondFn } from '@slack/bolt';
import type { Reply } from '../../../src/ports/chat.js';
import { attachmentNotes, notAMember } from '../outbound.js';
import { replyMessage } from '../render.js';
import type { SlackContext } from './context.js';

export interface ResponseTarget {
  respond: RespondFn;
  userId: string;
  channelId: string;
  /** The answer is for the channel (in_channel) unless the core marked it private. */
  shared: boolean;
}

/** A reply as a slash command's acknowledgement or response: in_channel only when shared. */
export function responseMessage(reply: Reply, shared: boolean, notes: string[] = []): RespondArguments {
  return {
    response_type: shared && !reply.ephemeral ? 'in_channel' : 'ephemeral',
    ...replyMessage(reply, notes),
  };
}

/** Posts a reply, its attachments and follow-ups through response_url. */
export async function respondWith(ctx: SlackContext, target: ResponseTarget, reply: Reply): Promise<void> {
  const inChannel = target.shared && !reply.ephemeral;
  const hasAttachments = Boolean(reply.image || reply.file);
  let attachTo = hasAttachments
    ? inChannel
      ? target.channelId
      : await ctx.outbound.directChannel(target.userId)
    : '';
  await target.respond({
    ...responseMessage(
      reply,
      target.shared,
      attachmentNotes(reply, hasAttachments && attachTo !== target.channelId),
    ),
    replace_original: false,
  });
  if (hasAttachments) {
    try {
      await ctx.outbound.attach(reply, attachTo);
    } catch (error) {
      if (!inChannel || !notAMember(error)) throw error;
      // Stride may answer commands in a channel it was never invited to, but not upload there.
      attachTo = await ctx.outbound.directChannel(target.userId);
      await ctx.outbound.attach(reply, attachTo);
      await target.respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: "I can't post files in this channel, so the chart is in your DMs with me. Invite me with `/invite @Stride` to share charts here.",
      });
    }
  }
  for (const followUp of reply.followUps ?? []) await respondWith(ctx, target, followUp);
}
