/**
 * Builders for MESSAGE_CREATE payloads in the shape discord.js 14 accepts: a member writing in
 * their DM with the bot (no guild; discord.js needs the Channel partial to take it, since DM
 * channels are not cached).
 */
import { buildUser, type UserInput } from './interactions.js';
import { nextSnowflake } from './identity.js';
import { dmChannelFor } from './routes.js';

export interface DirectMessageInput {
  user: UserInput;
  content: string;
  /** The message id; a fresh snowflake by default (a replay repeats it). */
  id?: string;
  /** The DM channel; the fake's DM channel of the user by default (what createDM answers). */
  channelId?: string;
  /** A message from another bot (or the bot itself), which a bot should pass over. */
  bot?: boolean;
}

export function directMessage(input: DirectMessageInput): Record<string, unknown> & { id: string } {
  return {
    id: input.id ?? nextSnowflake(),
    channel_id: input.channelId ?? dmChannelFor(input.user.id),
    // Discord names the channel's type (1: DM); discord.js builds the uncached DM channel from it.
    channel_type: 1,
    type: 0,
    content: input.content,
    author: { ...buildUser(input.user), ...(input.bot ? { bot: true } : {}) },
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    flags: 0,
    components: [],
  };
}
