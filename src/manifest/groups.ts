/**
 * The command catalog as the platform manifests see it: the commands people may type (never the
 * hidden confirmations), grouped by their first word, since every platform registers `habit` once
 * and lets `add`, `log`… follow it.
 */
import { COMMANDS } from '../commands/catalog.js';
import type { CommandDefinition, OptionSpec } from '../commands/define.js';

/** What the manifests read of a command definition. */
export type ManifestCommand = Pick<
  CommandDefinition,
  'name' | 'summary' | 'usage' | 'options' | 'hidden' | 'directOnly' | 'aliases'
>;

/** Commands sharing a first word: `habit` (add, list, log…), or `today` alone. */
export interface CommandGroup {
  /** The first word: `habit`, `today`, `forget-me`. */
  name: string;
  /** The one-word command of that name, when there is one (`today`). */
  root?: ManifestCommand;
  /** The two-word commands, in catalog order, with their second word (`add`). */
  subcommands: { word: string; command: ManifestCommand }[];
}

/** The catalog cannot be expressed on a platform; `problems` says where and why. */
export class ManifestError extends Error {
  constructor(readonly problems: string[]) {
    super(`The command catalog does not fit the platform manifests:\n- ${problems.join('\n- ')}`);
    this.name = 'ManifestError';
  }
}

/** What a group is about, where the catalog has no command of the group's own name to say it. */
const GROUP_TITLES: Record<string, string> = {
  habit: 'Track your habits',
  goal: 'Set goals and follow them',
  settings: 'Your settings',
};

/** One word of a command name: lowercase letters, digits and inner hyphens. */
const WORD = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The commands people may type: hidden ones only run from buttons, so no manifest lists them. */
export function visibleCommands(commands: readonly ManifestCommand[] = COMMANDS): ManifestCommand[] {
  return commands.filter((command) => !command.hidden);
}

/** Visible commands grouped by first word, in the order the catalog first names each group. */
export function commandGroups(commands: readonly ManifestCommand[] = COMMANDS): CommandGroup[] {
  const groups = new Map<string, CommandGroup>();
  const problems: string[] = [];
  for (const command of visibleCommands(commands)) {
    const words = command.name.split(' ');
    if (words.length > 2 || !words.every((word) => WORD.test(word))) {
      problems.push(
        `command "${command.name}": a name is one or two lowercase words of letters, digits and hyphens`,
      );
      continue;
    }
    const [first, second] = words as [string, string | undefined];
    const group = groups.get(first) ?? { name: first, subcommands: [] };
    groups.set(first, group);
    if (second === undefined) group.root = command;
    else group.subcommands.push({ word: second, command });
  }
  if (problems.length) throw new ManifestError(problems);
  return [...groups.values()];
}

/** A group's commands: its own, then its subcommands. */
export function groupCommands(group: CommandGroup): ManifestCommand[] {
  return [...(group.root ? [group.root] : []), ...group.subcommands.map((sub) => sub.command)];
}

/**
 * One line saying what a group does: the summary of a command on its own, else the group's title
 * and its subcommands (`Track your habits: add, list, log…`), cut at `maxLength` on a word. A
 * command's own summary is never cut: the platform checks report one that is too long.
 */
export function groupDescription(group: CommandGroup, maxLength: number): string {
  if (group.subcommands.length === 0 && group.root) return group.root.summary;
  const words = [...(group.root ? [group.name] : []), ...group.subcommands.map((sub) => sub.word)];
  return shorten(`${groupTitle(group.name)}: ${words.join(', ')}`, maxLength);
}

/** A group's title: from the table above, or "Habit commands" for a group nobody named. */
export function groupTitle(name: string): string {
  return GROUP_TITLES[name] ?? `${name.charAt(0).toUpperCase()}${name.slice(1)} commands`;
}

/** Cuts text to `maxLength` characters at a word boundary, ending with "…". */
export function shorten(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const cut = text.slice(0, maxLength - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > maxLength / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:]+$/, '')}…`;
}

/**
 * A command's options with exact repeats dropped (a repeated option is a slip in the catalog, and
 * no platform accepts two options of one name); two different options of one name throw.
 */
export function uniqueOptions(command: ManifestCommand): OptionSpec[] {
  const seen = new Map<string, OptionSpec>();
  for (const option of command.options) {
    const earlier = seen.get(option.name);
    if (!earlier) seen.set(option.name, option);
    else if (JSON.stringify(earlier) !== JSON.stringify(option)) {
      throw new ManifestError([`command "${command.name}" has two different options named "${option.name}"`]);
    }
  }
  return [...seen.values()];
}

/**
 * Things in the catalog the manifests work around but that should be fixed where the commands are
 * defined. `npm run manifest` prints them.
 */
export function catalogWarnings(commands: readonly ManifestCommand[] = COMMANDS): string[] {
  const warnings: string[] = [];
  for (const command of visibleCommands(commands)) {
    const names = command.options.map((option) => option.name);
    for (const name of new Set(names.filter((name, i) => names.indexOf(name) !== i))) {
      warnings.push(
        `command "${command.name}" lists option "${name}" more than once: the manifests keep one, ` +
          'but a structured invocation (Discord) joins every listed option into the command line',
      );
    }
    const words = command.name.split(' ').length;
    const typedArguments = command.usage.split(/\s+/).slice(words).length;
    if (typedArguments > 0 && command.options.length === 0) {
      warnings.push(
        `command "${command.name}" takes arguments ("${command.usage}") but declares no options, so Discord cannot pass them`,
      );
    }
  }
  return warnings;
}

/**
 * The command line for a group typed with what followed it. A bare group that is no command of
 * its own (`/habit` alone) asks for the group's help, which lists its subcommands.
 */
export function groupLine(
  group: string,
  args: string,
  commands: readonly ManifestCommand[] = COMMANDS,
): string {
  const rest = args.trim();
  if (rest) return group ? `${group} ${rest}` : rest;
  const visible = visibleCommands(commands);
  const isCommand = visible.some((command) => command.name === group || command.aliases?.includes(group));
  const isGroup = visible.some((command) => command.name.startsWith(`${group} `));
  return isGroup && !isCommand ? `help ${group}` : group;
}
