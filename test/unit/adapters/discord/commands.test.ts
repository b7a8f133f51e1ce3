/**
 * Discord's command-line parsing: every interaction the manifest's commands can send becomes the
 * chat core's structured command for the catalog command behind it.
 */
import { completionKind, discordInvocationCommand } from '../../../../adapters/discord/commands.js';
import { COMMANDS, findCommand } from '../../../../src/commands/catalog.js';
import {
  discordCommands,
  registeredDiscordCommand,
  type DiscordOption,
} from '../../../../src/manifest/discord.js';

const sut = discordCommands();
const visible = COMMANDS.filter((command) => !command.hidden);

/** The entry registered for a catalog command: the top-level command or its subcommand. */
const registered = (name: string) => registeredDiscordCommand(sut, name);

/** A value Discord could send for an option. */
function sample(option: DiscordOption): string | number {
  if (option.choices?.length) return option.choices.at(-1)!.value;
  return option.type === 4 ? 3 : option.type === 10 ? 2.5 : `some ${option.name}`;
}

describe('discordInvocationCommand', () => {
  it('maps a subcommand with its options', () => {
    expect(
      discordInvocationCommand('habit', 'add', {
        name: 'Morning run',
        schedule: '3x/week',
        target: undefined,
      }),
    ).toEqual({
      path: ['habit', 'add'],
      options: { name: 'Morning run', schedule: '3x/week' },
    });
  });

  it("reads Discord's option list with the subcommand nested in it", () => {
    const data = [
      {
        name: 'log',
        type: 1,
        options: [
          { name: 'habit', type: 3, value: 'run' },
          { name: 'amount', type: 10, value: 5 },
        ],
      },
    ];
    expect(discordInvocationCommand('habit', null, data)).toEqual({
      path: ['habit', 'log'],
      options: { habit: 'run', amount: 5 },
    });
    expect(discordInvocationCommand('habit', 'log', data)).toEqual({
      path: ['habit', 'log'],
      options: { habit: 'run', amount: 5 },
    });
  });

  it('maps a top-level command, skipping empty values and writing booleans as words', () => {
    expect(
      discordInvocationCommand('stats', undefined, [
        { name: 'habit', type: 3, value: 'read' },
        { name: 'x', value: null },
      ]),
    ).toEqual({
      path: ['stats'],
      options: { habit: 'read' },
    });
    expect(discordInvocationCommand('forget-me')).toEqual({ path: ['forget-me'], options: {} });
    expect(discordInvocationCommand('a', undefined, { flag: true })).toEqual({
      path: ['a'],
      options: { flag: 'true' },
    });
  });

  it.each(visible.map((command) => [command.name, command] as const))(
    'brings "%s" back from its interaction',
    (_name, command) => {
      const { top, sub, options } = registered(command.name);
      // `share` (where the answer goes) is sent too, and never reaches the core as an option.
      const catalogOptions = options.filter((option) => option.name !== 'share');
      const values = Object.fromEntries(catalogOptions.map((option) => [option.name, sample(option)]));
      const expected = { path: command.name.split(' '), options: values };
      // As a plain record, and as Discord's own option list.
      expect(discordInvocationCommand(top.name, sub?.name, values)).toEqual(expected);
      const list = options.map((option) => ({
        name: option.name,
        type: option.type,
        value: option.type === 5 ? true : sample(option),
      }));
      const data = sub ? [{ name: sub.name, type: 1, options: list }] : list;
      expect(discordInvocationCommand(top.name, undefined, data)).toEqual(expected);
      expect(findCommand(expected.path)?.command).toBe(command);
      // Every option the chat core reads by name is one Discord can send.
      expect(Object.keys(values).sort()).toEqual(
        [...new Set(command.options.map((option) => option.name))].sort(),
      );
    },
  );
});

describe('completionKind', () => {
  it('offers habits for options that name a habit, goals for a goal, and nothing otherwise', () => {
    expect(completionKind(['done'], 'habit')).toBe('habit');
    expect(completionKind(['habit', 'remind'], 'habit')).toBe('habit');
    expect(completionKind(['stats'], 'habit')).toBe('habit');
    expect(completionKind(['goal', 'progress'], 'goal')).toBe('goal');
    expect(completionKind(['habit', 'add'], 'name')).toBeUndefined();
    expect(completionKind(['done'], 'date')).toBeUndefined();
    expect(completionKind(['nothing'], 'habit')).toBeUndefined();
    expect(completionKind(['done', 'extra'], 'habit')).toBeUndefined();
  });
});
