/**
 * Discord application commands: Discord's limits and faithfulness to the catalog (the way back,
 * from an interaction to the chat core's structured command, is tested in test/unit/adapters/discord).
 */
import { COMMANDS } from '../../../src/commands/catalog.js';
import type { OptionSpec } from '../../../src/commands/define.js';
import {
  discordCommandCharacters,
  discordCommands,
  registeredDiscordCommand,
  SHARE_OPTION,
  type DiscordCommand,
  type DiscordOption,
  type DiscordSubcommand,
} from '../../../src/manifest/discord.js';
import { ManifestError, uniqueOptions, type ManifestCommand } from '../../../src/manifest/groups.js';

const sut = discordCommands();
const visible = COMMANDS.filter((command) => !command.hidden);
const hidden = COMMANDS.filter((command) => command.hidden);
const NAME = /^[-_a-z0-9]{1,32}$/;

/** Every level of options, for the limits that hold at each. */
function levels(
  command: DiscordCommand,
): { where: string; options: (DiscordOption | DiscordSubcommand)[] }[] {
  const options = command.options ?? [];
  return [
    { where: command.name, options },
    ...options
      .filter((option): option is DiscordSubcommand => option.type === 1)
      .map((sub) => ({ where: `${command.name} ${sub.name}`, options: sub.options ?? [] })),
  ];
}

/**
 * The entry registered for a catalog command (the top-level command or its subcommand), with the
 * catalog's own options: the `share` option every server command ends with is checked on its own.
 */
const registered = (name: string) => {
  const entry = registeredDiscordCommand(sut, name);
  return { ...entry, options: entry.options.filter((option) => option.name !== SHARE_OPTION.name) };
};

describe('discordCommands', () => {
  it('registers one chat-input command per command group', () => {
    expect(sut.map((command) => command.name)).toEqual([
      ...new Set(visible.map((command) => command.name.split(' ')[0])),
    ]);
    expect(sut.every((command) => command.type === 1)).toBe(true);
    expect(sut.length).toBeLessThanOrEqual(100);
    expect(new Set(sut.map((command) => command.name)).size).toBe(sut.length);
  });

  it("keeps names, descriptions, options and choices within Discord's limits", () => {
    for (const command of sut) {
      expect(command.name).toMatch(NAME);
      expect(command.description.length).toBeGreaterThanOrEqual(1);
      expect(command.description.length).toBeLessThanOrEqual(100);
      expect(discordCommandCharacters(command)).toBeLessThanOrEqual(4000);
      for (const { where, options } of levels(command)) {
        expect({ where, count: options.length <= 25 }).toEqual({ where, count: true });
        expect(new Set(options.map((option) => option.name)).size).toBe(options.length);
        const subcommands = options.filter((option) => option.type === 1);
        // A command has either subcommands or options, never both.
        expect(subcommands.length === 0 || subcommands.length === options.length).toBe(true);
        for (const option of options) {
          expect(option.name).toMatch(NAME);
          expect(option.name).toBe(option.name.toLowerCase());
          expect(option.description.length).toBeGreaterThanOrEqual(1);
          expect(option.description.length).toBeLessThanOrEqual(100);
          expect([1, 3, 4, 5, 10]).toContain(option.type);
          if (option.type === 1) continue;
          const choices = option.choices ?? [];
          expect(choices.length).toBeLessThanOrEqual(25);
          for (const choice of choices) {
            expect(choice.name.length).toBeGreaterThanOrEqual(1);
            expect(choice.name.length).toBeLessThanOrEqual(100);
            expect(typeof choice.value).toBe(option.type === 3 ? 'string' : 'number');
            expect(String(choice.value).length).toBeLessThanOrEqual(100);
          }
        }
        // Required options come before optional ones.
        const required = options.map((option) => option.type !== 1 && option.required === true);
        expect(required).toEqual([...required].sort((a, b) => Number(b) - Number(a)));
      }
    }
  });

  it('ends every command a server can run with the boolean share option, and no DM-only one', () => {
    for (const command of visible) {
      const options = registeredDiscordCommand(sut, command.name).options;
      const last = options.at(-1);
      if (command.directOnly) expect(options.some((option) => option.name === 'share')).toBe(false);
      else expect({ command: command.name, last }).toEqual({ command: command.name, last: SHARE_OPTION });
    }
    expect(SHARE_OPTION).toMatchObject({ type: 5, name: 'share' });
  });

  it('turns two-word commands into subcommands and one-word commands into commands with options', () => {
    expect(registered('habit add').sub?.options?.map((option) => option.name)).toEqual([
      'name',
      'schedule',
      'target',
      'share',
    ]);
    expect(registered('stats').options.map((option) => option.name)).toEqual(['habit']);
    expect(registered('forget-me').top.name).toBe('forget-me');
  });

  it('registers each command with the options and summary of the catalog', () => {
    const types: Record<OptionSpec['type'], number> = { string: 3, integer: 4, number: 10 };
    for (const command of visible) {
      const entry = registered(command.name);
      if (entry.sub) expect(entry.sub.description).toBe(command.summary);
      else expect(entry.top.description).toBe(command.summary);
      const expected = uniqueOptions(command).map((option) => ({
        name: option.name,
        type: types[option.type],
        required: option.required === true,
        choices: option.choices ?? [],
      }));
      const actual = entry.options.map((option) => ({
        name: option.name,
        type: option.type,
        required: option.required === true,
        choices: (option.choices ?? []).map((choice) => String(choice.value)),
      }));
      const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
      expect(actual.sort(byName)).toEqual(expected.sort(byName));
    }
  });

  it('asks for autocomplete on the options that name a habit or a goal, and on no other', () => {
    for (const command of visible) {
      const specs = new Map(uniqueOptions(command).map((option) => [option.name, option]));
      for (const option of registered(command.name).options) {
        const spec = specs.get(option.name)!;
        const expected = spec.complete !== undefined && !spec.choices?.length;
        expect({
          command: command.name,
          option: option.name,
          autocomplete: option.autocomplete === true,
        }).toEqual({ command: command.name, option: option.name, autocomplete: expected });
      }
    }
    expect(registered('done').options.find((option) => option.name === 'habit')?.autocomplete).toBe(true);
    expect(registered('goal progress').options[0]).toMatchObject({ name: 'goal', autocomplete: true });
    expect(registered('habit add').options.some((option) => option.autocomplete)).toBe(false);
  });

  it('lets commands that work only in a direct message be used only there', () => {
    for (const command of visible.filter(
      (candidate) => candidate.directOnly && !candidate.name.includes(' '),
    )) {
      expect(registered(command.name).top.contexts).toEqual([1]);
    }
    expect(registered('today').top.contexts).toBeUndefined();
  });

  it('never registers a hidden command', () => {
    expect(hidden.length).toBeGreaterThan(0);
    const text = JSON.stringify(sut);
    for (const command of hidden) {
      expect(() => registered(command.name)).toThrow();
      expect(text).not.toContain(command.name);
      expect(text).not.toContain(command.usage);
    }
    const secret: ManifestCommand = {
      name: 'habit zap-zap',
      summary: 'Secret',
      usage: 'habit zap-zap <id>',
      options: [],
      hidden: true,
    };
    expect(JSON.stringify(discordCommands([...COMMANDS, secret, { ...secret, name: 'zapzap' }]))).toBe(text);
  });

  it.each<[string, ManifestCommand[], RegExp]>([
    [
      'an invalid name',
      [{ name: 'Habit', summary: 'x', usage: 'Habit', options: [] }],
      /one or two lowercase words/,
    ],
    [
      'a three-word name',
      [{ name: 'a b c', summary: 'x', usage: 'a b c', options: [] }],
      /one or two lowercase words/,
    ],
    ['a long summary', [{ name: 'a', summary: 'x'.repeat(101), usage: 'a', options: [] }], /101 characters/],
    [
      'an invalid option name',
      [
        {
          name: 'a',
          summary: 'x',
          usage: 'a',
          options: [{ name: 'Big Name', description: 'd', type: 'string' }],
        },
      ],
      /not a Discord name/,
    ],
    [
      'too many options',
      [
        {
          name: 'a',
          summary: 'x',
          usage: 'a',
          options: Array.from({ length: 26 }, (_, i) => ({
            name: `o${i}`,
            description: 'd',
            type: 'string' as const,
          })),
        },
      ],
      /26 options/,
    ],
    [
      'too many choices',
      [
        {
          name: 'a',
          summary: 'x',
          usage: 'a',
          options: [
            {
              name: 'o',
              description: 'd',
              type: 'string',
              choices: Array.from({ length: 26 }, (_, i) => `c${i}`),
            },
          ],
        },
      ],
      /26 choices/,
    ],
    [
      'a command that is also a group',
      [
        { name: 'a', summary: 'x', usage: 'a', options: [] },
        { name: 'a b', summary: 'x', usage: 'a b', options: [] },
      ],
      /both a command and a group/,
    ],
    [
      'two different options of one name',
      [
        {
          name: 'a',
          summary: 'x',
          usage: 'a',
          options: [
            { name: 'o', description: 'd', type: 'string' },
            { name: 'o', description: 'e', type: 'string' },
          ],
        },
      ],
      /two different options/,
    ],
    [
      'a non-numeric choice of a number option',
      [
        {
          name: 'a',
          summary: 'x',
          usage: 'a',
          options: [{ name: 'o', description: 'd', type: 'integer', choices: ['one'] }],
        },
      ],
      /not a value/,
    ],
  ])('refuses %s', (_case, commands, message) => {
    expect(() => discordCommands(commands)).toThrow(ManifestError);
    expect(() => discordCommands(commands)).toThrow(message);
  });

  it("cuts a group's description on a word to fit 100 characters", () => {
    const many = Array.from({ length: 20 }, (_, i): ManifestCommand => ({
      name: `big sub-${i}-long`,
      summary: 'x',
      usage: 'x',
      options: [],
    }));
    const [command] = discordCommands(many);
    expect(command!.description.length).toBeLessThanOrEqual(100);
    expect(command!.description).toMatch(/^Big commands: sub-0-long, .*-long…$/);
  });

  it('puts required options first and keeps a repeated identical option once', () => {
    const [command] = discordCommands([
      {
        name: 'a',
        summary: 'x',
        usage: 'a',
        options: [
          { name: 'later', description: 'd', type: 'number' },
          { name: 'first', description: 'd', type: 'integer', required: true, choices: ['1', '2'] },
          { name: 'later', description: 'd', type: 'number' },
        ],
      },
    ]);
    expect(command!.options).toEqual([
      {
        type: 4,
        name: 'first',
        description: 'd',
        required: true,
        choices: [
          { name: '1', value: 1 },
          { name: '2', value: 2 },
        ],
      },
      { type: 10, name: 'later', description: 'd' },
      SHARE_OPTION,
    ]);
  });
});
