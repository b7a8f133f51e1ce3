/**
 * The application commands Discord shows under "/": manifest/discord-commands.json, which `npm run
 * manifest` generates from the command catalog, registered at start with one bulk overwrite (PUT)
 * so that commands gone from the catalog disappear too. A guild's commands appear at once (for
 * development, DISCORD_GUILD_ID); global ones reach every server the bot is in.
 */
import { readFile } from 'node:fs/promises';
import { Routes, type REST } from 'discord.js';
import { z } from 'zod';
import type { DiscordCommand } from '../../src/manifest/discord.js';

/** The manifest, found from this file: Stride runs from its sources (bin/stride.js uses tsx). */
export const DISCORD_COMMANDS_FILE = new URL('../../manifest/discord-commands.json', import.meta.url);

// The outline Discord checks first, so a broken manifest fails with a clear message.
const commandsSchema = z
  .array(
    z
      .object({
        type: z.literal(1),
        name: z.string().regex(/^[-_a-z0-9]{1,32}$/),
        description: z.string().min(1).max(100),
      })
      .loose(),
  )
  .max(100);

/** Reads and checks the commands. */
export async function loadDiscordCommands(file: URL = DISCORD_COMMANDS_FILE): Promise<DiscordCommand[]> {
  return commandsSchema.parse(JSON.parse(await readFile(file, 'utf8'))) as DiscordCommand[];
}

/** Replaces the application's commands, in one guild or globally; resolves with how many there are. */
export async function registerCommands(
  rest: REST,
  applicationId: string,
  guildId: string | undefined,
  commands: DiscordCommand[],
): Promise<number> {
  const route = guildId
    ? Routes.applicationGuildCommands(applicationId, guildId)
    : Routes.applicationCommands(applicationId);
  const registered = (await rest.put(route, { body: commands })) as unknown[];
  return registered.length;
}
