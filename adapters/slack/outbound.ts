/**
 * Replies Stride posts itself (answers to messages and mentions, the Messenger's reminders): the
 * message through chat.postMessage or chat.postEphemeral, then its image and file through
 * files.uploadV2. Attachments of a private answer go to the member's DM with Stride, since an
 * upload to a shared channel would show everyone what only the member should see.
 */
import { webApi } from '@slack/bolt';
import type { Reply } from '../../src/ports/chat.js';
import { replyMessage } from './render.js';

/** A DM: Slack names it "directmessage" in slash commands, and its id starts with D. */
export function isDirectChannel(channelId: string, channelName?: string): boolean {
  return channelName === 'directmessage' || channelId.startsWith('D');
}

export interface PostOptions {
  /** The member the reply is for: an ephemeral reply in a shared channel is shown to them only. */
  viewer?: string;
  /** Answer in this thread (a mention's thread). */
  threadTs?: string;
}

export class SlackOutbound {
  private readonly dms = new Map<string, Promise<string>>();

  constructor(private readonly client: webApi.WebClient) {}

  /** The bot's DM with a member, opened once (conversations.open) and remembered. */
  directChannel(userId: string): Promise<string> {
    let channel = this.dms.get(userId);
    if (!channel) {
      channel = this.client.conversations.open({ users: userId }).then(({ channel: opened }) => {
        if (!opened?.id) throw new Error(`conversations.open gave no channel for ${userId}`);
        return opened.id;
      });
      // A failed open is not remembered: the next message tries again.
      void channel.catch(() => this.dms.delete(userId));
      this.dms.set(userId, channel);
    }
    return channel;
  }

  /** Posts a reply and its attachments, then its follow-ups, in order. */
  async post(channel: string, reply: Reply, options: PostOptions = {}): Promise<void> {
    // A user id as channel means their DM; uploads need the real D… id.
    const target = /^[UW]/.test(channel) ? await this.directChannel(channel) : channel;
    const viewer = options.viewer;
    const privately = reply.ephemeral === true && viewer !== undefined && !isDirectChannel(target);
    const thread = options.threadTs ? { thread_ts: options.threadTs } : {};
    const message = replyMessage(reply, attachmentNotes(reply, privately));
    if (privately) {
      await this.client.chat.postEphemeral({ channel: target, user: viewer, ...message, ...thread });
      await this.attach(reply, await this.directChannel(viewer));
    } else {
      await this.client.chat.postMessage({ channel: target, ...message, ...thread });
      try {
        await this.attach(reply, target, options.threadTs);
      } catch (error) {
        // chat:write.public posts in a public channel Stride was never invited to (a group set up
        // with a slash command), but uploads need membership. The message is out, so the send
        // has not failed (the outbox would count a delivered post as lost); the channel is told
        // how to get the charts instead.
        if (!notAMember(error)) throw error;
        await this.client.chat.postMessage({ channel: target, text: NOT_INVITED, ...thread });
      }
    }
    for (const followUp of reply.followUps ?? []) await this.post(target, followUp, options);
  }

  /** Uploads a reply's chart and file (files.uploadV2) into `channel`. */
  async attach(reply: Reply, channel: string, threadTs?: string): Promise<void> {
    const thread = threadTs ? { thread_ts: threadTs } : {};
    if (reply.image) {
      const { png, alt } = reply.image;
      await this.client.files.uploadV2({
        channel_id: channel,
        file: png,
        filename: imageName(alt),
        title: alt,
        alt_text: alt,
        ...thread,
      });
    }
    if (reply.file) {
      const { filename, content } = reply.file;
      await this.client.files.uploadV2({
        channel_id: channel,
        file: Buffer.from(content, 'utf8'),
        filename,
        title: filename,
        ...thread,
      });
    }
  }
}

const NOT_INVITED =
  "📈 I can't post charts in this channel. Invite me with `/invite @Stride` to see them here.";

/** Slack refuses an upload to a channel Stride is not a member of with one of these. */
export function notAMember(error: unknown): boolean {
  return (
    error instanceof webApi.WebAPIPlatformError &&
    ['not_in_channel', 'channel_not_found'].includes(String(error.data.error))
  );
}

/** A context line saying where the attachments went, when they are not under the message. */
export function attachmentNotes(reply: Reply, inDirectMessage: boolean): string[] {
  if (!inDirectMessage) return [];
  const notes: string[] = [];
  if (reply.image) notes.push(`📈 _${reply.image.alt}_ is in your direct messages with Stride.`);
  if (reply.file) notes.push(`📎 \`${reply.file.filename}\` is in your direct messages with Stride.`);
  return notes;
}

/** "Run · heatmap" → run-heatmap.png: a readable name for the file list. */
function imageName(alt: string): string {
  const slug = alt
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${slug || 'chart'}.png`;
}
