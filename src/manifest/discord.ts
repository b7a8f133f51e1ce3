/**
 * Discord application commands (CHAT_INPUT) built from the command catalog (the way back, from an
 * interaction to the chat core's structured command, is adapters/discord/commands.ts). A one-word command is a top-level command
 * with options (`/stats habit:run`); two-word commands become subcommands of their group
 * (`/habit add name:Run`). Names and option names are the catalog's own, so the way back is direct.
 */
import { COMMANDS } from '../commands/catalog.js';
import type { OptionSpec } from '../commands/define.js';
import {
  commandGroups,
  groupDescription,
  ManifestError,
  uniqueOptions,
  type CommandGroup,
  type ManifestCommand,
} from './groups.js';

/** Discord's documented limits for application commands. */
export const DISCORD_LIMITS = {
  name: /^[-_a-z0-9]{1,32}$/,
  description: 100,
  options: 25,
  choices: 25,
  choiceLength: 100,
  globalCommands: 100,
  /** Name, description and option texts of one command, all together. */
  totalCharacters: 4000,
} as const;

/** Option types Stride uses (Discord's ApplicationCommandOptionType). */
export const DiscordOptionType = { SUB_COMMAND: 1, STRING: 3, INTEGER: 4, BOOLEAN: 5, NUMBER: 10 } as const;
/** Discord's InteractionContextType: where a command can be used. */
export const DiscordContext = { GUILD: 0, BOT_DM: 1, PRIVATE_CHANNEL: 2 } as const;

export interface DiscordChoice {
  name: string;
  value: string | number;
}

export interface DiscordOption {
  type: 3 | 4 | 5 | 10;
  name: string;
  description: string;
  required?: boolean;
  choices?: DiscordChoice[];
  min_value?: number;
  max_value?: number;
  /** Discord asks the bot for choices while the member types (the member's habit or goal names). */
  autocomplete?: boolean;
}

export interface DiscordSubcommand {
  type: 1;
  name: string;
  description: string;
  options?: DiscordOption[];
}

/** One application command, as `PUT /applications/{id}/commands` takes it. */
export interface DiscordCommand {
  /** 1: CHAT_INPUT (a slash command). */
  type: 1;
  name: string;
  description: string;
  options?: DiscordOption[] | DiscordSubcommand[];
  /** Set only for commands that work in a direct message alone (`token`). */
  contexts?: number[];
}

/**
 * In a server Stride answers privately; `share:True` posts the answer for the channel (Slack's
 * trailing `share` word). Every command a server can run has it, last.
 */
export const SHARE_OPTION: DiscordOption = {
  type: DiscordOptionType.BOOLEAN,
  name: 'share',
  description: 'Post the answer in the channel for everyone (private otherwise)',
};

const OPTION_TYPES: Record<OptionSpec['type'], DiscordOption['type']> = {
  string: DiscordOptionType.STRING,
  integer: DiscordOptionType.INTEGER,
  number: DiscordOptionType.NUMBER,
};

/** The application commands for the catalog; throws ManifestError when it breaks Discord's limits. */
export function discordCommands(commands: readonly ManifestCommand[] = COMMANDS): DiscordCommand[] {
  const problems: string[] = [];
  const result = commandGroups(commands).map((group) => discordCommand(group, problems));
  for (const command of result) {
    const characters = discordCommandCharacters(command);
    if (characters > DISCORD_LIMITS.totalCharacters) {
      problems.push(
        `command "${command.name}" has ${characters} characters of text; Discord allows ${DISCORD_LIMITS.totalCharacters}`,
      );
    }
  }
  if (result.length > DISCORD_LIMITS.globalCommands)
    problems.push(`${result.length} commands; Discord allows ${DISCORD_LIMITS.globalCommands}`);
  if (problems.length) throw new ManifestError(problems);
  return result;
}

/** The characters Discord counts against a command's total: names, descriptions and choices, all levels. */
export function discordCommandCharacters(item: DiscordCommand | DiscordSubcommand | DiscordOption): number {
  const choices = 'choices' in item ? (item.choices ?? []) : [];
  const options: (DiscordSubcommand | DiscordOption)[] = 'options' in item ? (item.options ?? []) : [];
  return (
    item.name.length +
    item.description.length +
    choices.reduce((sum, choice) => sum + choice.name.length + String(choice.value).length, 0) +
    options.reduce((sum, option) => sum + discordCommandCharacters(option), 0)
  );
}

function discordCommand(group: CommandGroup, problems: string[]): DiscordCommand {
  checkName(group.name, `command "${group.name}"`, problems);
  const description = groupDescription(group, DISCORD_LIMITS.description);
  if (group.root && group.subcommands.length) {
    problems.push(`"${group.name}" is both a command and a group of commands; Discord cannot have both`);
  }
  if (group.root && !group.subcommands.length) {
    const options = [
      ...discordOptions(group.root, problems),
      ...(group.root.directOnly ? [] : [SHARE_OPTION]),
    ];
    checkDescription(description, `command "${group.name}"`, problems);
    return {
      type: 1,
      name: group.name,
      description,
      ...(options.length ? { options } : {}),
      ...(group.root.directOnly ? { contexts: [DiscordContext.BOT_DM] } : {}),
    };
  }
  if (group.subcommands.length > DISCORD_LIMITS.options) {
    problems.push(
      `group "${group.name}" has ${group.subcommands.length} subcommands; Discord allows ${DISCORD_LIMITS.options}`,
    );
  }
  const subcommands = group.subcommands.map(({ word, command }): DiscordSubcommand => {
    const where = `command "${command.name}"`;
    checkName(word, where, problems);
    checkDescription(command.summary, where, problems);
    const options = [...discordOptions(command, problems), ...(command.directOnly ? [] : [SHARE_OPTION])];
    return {
      type: DiscordOptionType.SUB_COMMAND,
      name: word,
      description: command.summary,
      ...(options.length ? { options } : {}),
    };
  });
  return { type: 1, name: group.name, description, options: subcommands };
}

/** A command's options, required ones first as Discord demands (the core reads them by name). */
function discordOptions(command: ManifestCommand, problems: string[]): DiscordOption[] {
  const options = uniqueOptions(command);
  // One place is kept for the share option.
  if (options.length + 1 > DISCORD_LIMITS.options) {
    problems.push(
      `command "${command.name}" has ${options.length} options and share; Discord allows ${DISCORD_LIMITS.options}`,
    );
  }
  const ordered = [
    ...options.filter((option) => option.required),
    ...options.filter((option) => !option.required),
  ];
  return ordered.map((option) => {
    const where = `option "${option.name}" of "${command.name}"`;
    checkName(option.name, where, problems);
    checkDescription(option.description, where, problems);
    const type = OPTION_TYPES[option.type];
    const choices = option.choices?.map((choice) => discordChoice(choice, type, where, problems));
    if (choices && choices.length > DISCORD_LIMITS.choices) {
      problems.push(`${where} has ${choices.length} choices; Discord allows ${DISCORD_LIMITS.choices}`);
    }
    return {
      type,
      name: option.name,
      description: option.description,
      ...(option.required ? { required: true } : {}),
      ...(choices?.length ? { choices } : {}),
      // Discord refuses autocomplete beside fixed choices; the choices win.
      ...(option.complete && !choices?.length ? { autocomplete: true } : {}),
      ...(option.min !== undefined ? { min_value: option.min } : {}),
      ...(option.max !== undefined ? { max_value: option.max } : {}),
    };
  });
}

function discordChoice(
  choice: string,
  type: DiscordOption['type'],
  where: string,
  problems: string[],
): DiscordChoice {
  if (choice.length < 1 || choice.length > DISCORD_LIMITS.choiceLength) {
    problems.push(`${where}: choice "${choice}" must have 1 to ${DISCORD_LIMITS.choiceLength} characters`);
  }
  if (type === DiscordOptionType.STRING) return { name: choice, value: choice };
  const value = Number(choice);
  if (!Number.isFinite(value) || (type === DiscordOptionType.INTEGER && !Number.isInteger(value))) {
    problems.push(`${where}: choice "${choice}" is not a value of the option's type`);
  }
  return { name: choice, value };
}

function checkName(name: string, where: string, problems: string[]): void {
  if (!DISCORD_LIMITS.name.test(name))
    problems.push(`${where}: "${name}" is not a Discord name (${DISCORD_LIMITS.name.source})`);
}

function checkDescription(description: string, where: string, problems: string[]): void {
  if (description.length < 1 || description.length > DISCORD_LIMITS.description) {
    problems.push(
      `${where}: its description has ${description.length} characters; Discord allows 1 to ${DISCORD_LIMITS.description}`,
    );
  }
}

/** The manifest as the JSON file `manifest/discord-commands.json` holds. */
export function renderDiscordCommands(commands: DiscordCommand[] = discordCommands()): string {
  return `${JSON.stringify(commands, null, 2)}\n`;
}

/**
 * The entry registered for a catalog command (`habit add`, `stats`): the top-level command, its
 * subcommand where it has one, and the options the catalog command's values arrive in.
 */
export function registeredDiscordCommand(
  commands: DiscordCommand[],
  name: string,
): { top: DiscordCommand; sub?: DiscordSubcommand; options: DiscordOption[] } {
  const [first, second] = name.split(' ');
  const top = commands.find((command) => command.name === first);
  if (!top) throw new Error(`no Discord command "${first}"`);
  if (second === undefined) return { top, options: (top.options ?? []) as DiscordOption[] };
  const sub = (top.options as DiscordSubcommand[] | undefined)?.find(
    (option) => option.type === 1 && option.name === second,
  );
  if (!sub) throw new Error(`no Discord subcommand "${name}"`);
  return { top, sub, options: sub.options ?? [] };
}
