/**
 * Telegram's command-line parsing: a Telegram command (`/forget_me`, `/habit@StrideBot add Run`)
 * as the catalog's command line. The manifest (src/manifest/telegram.ts) tells Telegram which
 * commands exist and how they are spelled; this is the way back.
 */
import { COMMANDS } from '../../src/commands/catalog.js';
import {
  commandGroups,
  groupLine,
  visibleCommands,
  type ManifestCommand,
} from '../../src/manifest/groups.js';
import { telegramName } from '../../src/manifest/telegram.js';

/**
 * The catalog command line for a Telegram command: `('/forget_me', '')` → `forget-me`,
 * `('/habit', 'add Run')` → `habit add Run`, `('/start', …)` → `help` (Telegram sends /start
 * first). `command` may carry the bot's name (`/habit@StrideBot`) or the whole message text
 * (`/habit add Run`); telegraf's `ctx.command` without the slash works too. Underscored
 * spellings of two-word commands (`/habit_add Run`) are understood as well.
 */
export function telegramCommandLine(
  command: string,
  argsText = '',
  commands: readonly ManifestCommand[] = COMMANDS,
): string {
  const [, head = '', more = ''] = /^(\S*)\s*([\s\S]*)$/.exec(command.trim()) ?? [];
  const args = [more, argsText.trim()].filter(Boolean).join(' ');
  const name = head.replace(/^\//, '').replace(/@\w*$/, '').toLowerCase();
  if (name === 'start') return 'help';
  const catalogName = aliases(commands).get(name) ?? name;
  return groupLine(catalogName, args, commands);
}

/** Telegram spelling → catalog name, for every group and every visible command. */
function aliases(commands: readonly ManifestCommand[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const group of commandGroups(commands)) names.set(telegramName(group.name), group.name);
  for (const { name } of visibleCommands(commands))
    if (!names.has(telegramName(name))) names.set(telegramName(name), name);
  return names;
}
