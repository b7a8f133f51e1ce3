/**
 * Discord's command-line parsing: an interaction's command, subcommand and options as the chat
 * core's structured command (Invocation.command). The manifest (src/manifest/discord.ts) tells
 * Discord which application commands exist; this is the way back. Also which of the member's names
 * an option offers while it is typed (autocomplete).
 */
import { findCommand } from '../../src/commands/catalog.js';
import type { OptionSpec } from '../../src/commands/define.js';
import { DiscordOptionType, SHARE_OPTION } from '../../src/manifest/discord.js';

export type DiscordOptionValue = string | number | boolean;

/** An interaction option as Discord (and discord.js's `interaction.options.data`) sends it. */
export interface DiscordOptionInput {
  name: string;
  type?: number;
  value?: DiscordOptionValue | null;
  /** A subcommand's own options. */
  options?: readonly DiscordOptionInput[];
}

/** What the chat core takes as `Invocation.command`. */
export interface DiscordInvocation {
  /** The catalog command's words: `['habit', 'add']`. */
  path: string[];
  /** Option values by the catalog's option names. */
  options: Record<string, string | number>;
}

/**
 * The chat core's structured command for a Discord interaction. `options` is either a plain
 * name → value record, or Discord's option list: when it holds the subcommand (type 1) with its
 * options nested, as Discord sends it, `subcommand` may be left out.
 */
export function discordInvocationCommand(
  commandName: string,
  subcommand?: string | null,
  options:
    readonly DiscordOptionInput[] | Readonly<Record<string, DiscordOptionValue | null | undefined>> = [],
): DiscordInvocation {
  let sub = subcommand ?? undefined;
  let entries: [string, DiscordOptionValue | null | undefined][];
  if (isOptionList(options)) {
    const nested = options.find(
      (option) => option.type === DiscordOptionType.SUB_COMMAND && (sub === undefined || option.name === sub),
    );
    sub ??= nested?.name;
    entries = (nested ? (nested.options ?? []) : options).map((option) => [option.name, option.value]);
  } else {
    entries = Object.entries(options);
  }
  const values: Record<string, string | number> = {};
  for (const [name, value] of entries) {
    // `share` says where the answer goes (adapters/discord/handlers.ts), not what the command does.
    if (value === undefined || value === null || name === SHARE_OPTION.name) continue;
    values[name] = typeof value === 'boolean' ? String(value) : value;
  }
  return { path: [commandName, ...(sub ? [sub] : [])].map((word) => word.toLowerCase()), options: values };
}

function isOptionList(
  options: readonly DiscordOptionInput[] | Readonly<Record<string, DiscordOptionValue | null | undefined>>,
): options is readonly DiscordOptionInput[] {
  return Array.isArray(options);
}

/**
 * What an option being typed offers (OptionSpec.complete): the member's habit or goal names, or
 * nothing for an option that names neither (or a command the catalog does not know).
 */
export function completionKind(path: readonly string[], optionName: string): OptionSpec['complete'] {
  const found = findCommand([...path]);
  if (!found || found.rest.length > 0) return undefined;
  return found.command.options.find((option) => option.name === optionName)?.complete;
}
