/**
 * Messages Stride posts itself with the bot token (the Messenger's reminders and reviews, answers
 * to direct messages): a reply's messages through `POST /channels/{id}/messages`, a member's DM
 * channel opened from their user id. @discordjs/rest waits out short 429s per route bucket (and
 * the global limit) and retries 5xx; a long wait rejects (see createDiscordRest) so the outbox,
 * not a held request, does the waiting.
 */
import { REST, Routes, type APIAllowedMentions, type RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import type { Reply } from '../../src/ports/chat.js';
import { renderReply, type DiscordMessage } from './render.js';

/** Discord's REST with the bot token; `api` is the base without the version (DISCORD_API_URL). */
export function createDiscordRest(
  token: string,
  options: { api?: string; maxRateLimitWaitMs: number },
): REST {
  return new REST({
    ...(options.api ? { api: options.api } : {}),
    // A 429 that asks for a longer wait than this rejects with a RateLimitError (its retryAfter
    // becomes the DeliveryError's): holding a request for minutes would hold every send behind it.
    rejectOnRateLimit: (limit) => limit.retryAfter > options.maxRateLimitWaitMs,
  }).setToken(token);
}

/** No message of Stride's ever pings anyone: a habit called "@everyone" is only text. */
const NO_MENTIONS: APIAllowedMentions = { parse: [] };

export class DiscordOutbound {
  /** DM channel ids by user id: Discord keeps one DM channel per user, so it is asked for once. */
  private readonly directChannels = new Map<string, string>();

  constructor(private readonly rest: REST) {}

  /** The member's DM channel with the bot, opened (or found) from their user id. */
  async directChannel(userId: string): Promise<string> {
    const known = this.directChannels.get(userId);
    if (known) return known;
    const channel = (await this.rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as {
      id: string;
    };
    this.directChannels.set(userId, channel.id);
    return channel.id;
  }

  /** Posts every message of a reply to a channel, in order. Nothing is ephemeral in a channel. */
  async post(channelId: string, reply: Reply): Promise<void> {
    for (const message of renderReply(reply)) await this.postMessage(channelId, message);
  }

  private async postMessage(channelId: string, message: DiscordMessage): Promise<void> {
    const body: RESTPostAPIChannelMessageJSONBody = {
      embeds: message.embeds,
      components: message.components,
      allowed_mentions: NO_MENTIONS,
      ...(message.files.length
        ? {
            attachments: message.files.map((file, id) => ({
              id,
              filename: file.name,
              ...(file.description ? { description: file.description } : {}),
            })),
          }
        : {}),
    };
    await this.rest.post(Routes.channelMessages(channelId), {
      body,
      ...(message.files.length
        ? {
            files: message.files.map((file) => ({
              name: file.name,
              data: file.data,
              contentType: file.contentType,
            })),
          }
        : {}),
    });
  }
}
