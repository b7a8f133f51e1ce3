/**
 * The platform manifests generated from the command catalog (`npm run manifest` writes them;
 * a test fails when a committed one is out of date).
 */
import { COMMANDS } from '../commands/catalog.js';
import { discordCommands, renderDiscordCommands } from './discord.js';
import type { ManifestCommand } from './groups.js';
import { renderSlackManifest, slackManifest } from './slack.js';
import { renderTelegramCommands, telegramCommands } from './telegram.js';

export { catalogWarnings, ManifestError, type ManifestCommand } from './groups.js';
export { discordCommands, type DiscordCommand } from './discord.js';
export { slackManifest, type SlackManifest } from './slack.js';
export { telegramCommands, type TelegramCommand } from './telegram.js';

/** A generated file: its path from the repository root and its full contents. */
export interface ManifestFile {
  path: string;
  contents: string;
}

/** Every manifest file, generated from `commands` (the catalog by default). */
export function manifestFiles(commands: readonly ManifestCommand[] = COMMANDS): ManifestFile[] {
  return [
    { path: 'manifest/slack.yaml', contents: renderSlackManifest(slackManifest(commands)) },
    { path: 'manifest/discord-commands.json', contents: renderDiscordCommands(discordCommands(commands)) },
    { path: 'manifest/telegram-commands.json', contents: renderTelegramCommands(telegramCommands(commands)) },
  ];
}
