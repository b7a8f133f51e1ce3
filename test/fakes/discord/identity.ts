/** Who the fake Discord says the bot is, and the snowflakes it hands out. */

/** The bot token the fake accepts (REST `Authorization: Bot …` and the gateway IDENTIFY). */
// Shaped like a real one (three dot-separated parts), so Stride's config accepts it.
export const DEFAULT_TOKEN = 'fake-discord.bot.token';
/** The application id; as for most bots, the bot user has the same id. */
export const DEFAULT_APPLICATION_ID = '1100000000000000001';
export const DEFAULT_GUILD_ID = '1100000000000000100';
export const DEFAULT_CHANNEL_ID = '1100000000000000200';

/** The bot user as READY and the messages it sends carry it. */
export interface DiscordUser {
  id: string;
  username: string;
  discriminator: string;
  global_name: string | null;
  avatar: string | null;
  bot?: boolean;
}

export function botUserFor(applicationId: string, overrides: Partial<DiscordUser> = {}): DiscordUser {
  return {
    id: applicationId,
    username: 'Stride',
    discriminator: '0',
    global_name: null,
    avatar: null,
    bot: true,
    ...overrides,
  };
}

// Module-wide so ids rise across every fake and builder of a test file, as Discord's do.
let lastSnowflake = 1_300_000_000_000_000_000n;

/** A fresh snowflake, above every one handed out before. */
export function nextSnowflake(): string {
  lastSnowflake += 1n;
  return lastSnowflake.toString();
}
