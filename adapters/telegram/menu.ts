/**
 * The command menu Telegram shows under "/": manifest/telegram-commands.json, which `npm run
 * manifest` generates from the command catalog (a test fails when it is out of date).
 */
import { readFile } from 'node:fs/promises';
import type { BotCommand } from 'telegraf/types';
import { z } from 'zod';

/** The manifest, found from this file: Stride runs from its sources (bin/stride.js uses tsx). */
export const TELEGRAM_COMMANDS_FILE = new URL('../../manifest/telegram-commands.json', import.meta.url);

// setMyCommands' own rules, checked here so a bad manifest fails with a clear message.
const commandsSchema = z
  .array(
    z.object({ command: z.string().regex(/^[a-z0-9_]{1,32}$/), description: z.string().min(1).max(256) }),
  )
  .max(100);

/** Reads and checks the command list. */
export async function loadTelegramCommands(file: URL = TELEGRAM_COMMANDS_FILE): Promise<BotCommand[]> {
  return commandsSchema.parse(JSON.parse(await readFile(file, 'utf8')));
}
