/**
 * Telegram's command list (for setMyCommands), built from the command catalog (the way back, from
 * a Telegram command to the catalog's command line, is adapters/telegram/commands.ts). Telegram command names allow only
 * `[a-z0-9_]`, so `forget-me` is `/forget_me`; each group is one entry (`/habit add Run`).
 */
import { COMMANDS } from '../commands/catalog.js';
import { commandGroups, groupDescription, ManifestError, type ManifestCommand } from './groups.js';

/** Telegram's limits for setMyCommands. */
export const TELEGRAM_LIMITS = { command: /^[a-z0-9_]{1,32}$/, description: 256, commands: 100 } as const;

/** One entry of setMyCommands' `commands`. */
export interface TelegramCommand {
  command: string;
  description: string;
}

/** A catalog name as Telegram spells commands: `forget-me` → `forget_me`, `habit add` → `habit_add`. */
export function telegramName(name: string): string {
  return name.replace(/[\s-]+/g, '_');
}

/** The command list for the catalog; throws ManifestError when it breaks Telegram's limits. */
export function telegramCommands(commands: readonly ManifestCommand[] = COMMANDS): TelegramCommand[] {
  const problems: string[] = [];
  const result = commandGroups(commands).map((group) => {
    const command = telegramName(group.name);
    const description = groupDescription(group, TELEGRAM_LIMITS.description);
    if (!TELEGRAM_LIMITS.command.test(command))
      problems.push(`command "${group.name}": "${command}" is not a Telegram command name`);
    if (description.length < 1) problems.push(`command "${group.name}" has no description`);
    return { command, description };
  });
  if (result.length > TELEGRAM_LIMITS.commands)
    problems.push(`${result.length} commands; Telegram allows ${TELEGRAM_LIMITS.commands}`);
  if (problems.length) throw new ManifestError(problems);
  return result;
}

/** The list as the JSON file `manifest/telegram-commands.json` holds. */
export function renderTelegramCommands(commands: TelegramCommand[] = telegramCommands()): string {
  return `${JSON.stringify(commands, null, 2)}\n`;
}
