/**
 * Telegram's command list: its limits, and the way back from a Telegram command to the catalog's
 * command line for every command people may type.
 */
import { COMMANDS, findCommand } from '../../../src/commands/catalog.js';
import { tokenize } from '../../../src/language/tokens.js';
import { ManifestError, type ManifestCommand } from '../../../src/manifest/groups.js';
import { telegramCommandLine, telegramCommands, telegramName } from '../../../src/manifest/telegram.js';

const sut = telegramCommands();
const visible = COMMANDS.filter((command) => !command.hidden);
const hidden = COMMANDS.filter((command) => command.hidden);

describe('telegramCommands', () => {
  it("keeps every command within Telegram's limits", () => {
    expect(sut.length).toBeGreaterThan(0);
    expect(sut.length).toBeLessThanOrEqual(100);
    expect(new Set(sut.map((entry) => entry.command)).size).toBe(sut.length);
    for (const entry of sut) {
      expect(Object.keys(entry).sort()).toEqual(['command', 'description']);
      expect(entry.command).toMatch(/^[a-z0-9_]{1,32}$/);
      expect(entry.description.length).toBeGreaterThanOrEqual(1);
      expect(entry.description.length).toBeLessThanOrEqual(256);
    }
  });

  it('has one entry per command group, and a group lists its subcommands', () => {
    expect(sut.map((entry) => entry.command)).toEqual([
      ...new Set(visible.map((command) => telegramName(command.name.split(' ')[0]!))),
    ]);
    expect(sut.map((entry) => entry.command)).toContain('forget_me');
    const habit = sut.find((entry) => entry.command === 'habit')!;
    for (const command of visible.filter((candidate) => candidate.name.startsWith('habit '))) {
      expect(habit.description).toContain(command.name.split(' ')[1]);
    }
    expect(sut.find((entry) => entry.command === 'today')!.description).toBe(
      COMMANDS.find((command) => command.name === 'today')!.summary,
    );
  });

  it('never lists a hidden command', () => {
    expect(hidden.length).toBeGreaterThan(0);
    const text = JSON.stringify(sut);
    for (const command of hidden) {
      expect(text).not.toContain(command.name.split(' ').at(-1));
    }
    const secret: ManifestCommand = {
      name: 'habit zap-zap',
      summary: 'Secret',
      usage: 'habit zap-zap <id>',
      options: [],
      hidden: true,
    };
    expect(JSON.stringify(telegramCommands([...COMMANDS, secret, { ...secret, name: 'zapzap' }]))).toBe(text);
  });

  it('refuses a catalog it cannot list', () => {
    expect(() => telegramCommands([{ name: 'a', summary: '', usage: 'a', options: [] }])).toThrow(
      ManifestError,
    );
    const many = Array.from({ length: 101 }, (_, i): ManifestCommand => ({
      name: `c${i}`,
      summary: 'x',
      usage: `c${i}`,
      options: [],
    }));
    expect(() => telegramCommands(many)).toThrow(/101 commands/);
  });
});

describe('telegramCommandLine', () => {
  it.each([
    ['/forget_me', '', 'forget-me'],
    ['/habit add Run', '', 'habit add Run'],
    ['/habit', 'add Run', 'habit add Run'],
    ['/start', '', 'help'],
    ['/start', 'some-deep-link', 'help'],
    ['/start@StrideBot', '', 'help'],
    ['/habit@StrideBot', 'log run', 'habit log run'],
    ['/habit@StrideBot log run', '', 'habit log run'],
    ['/today@StrideBot', '', 'today'],
    ['/habit', '', 'help habit'],
    ['/settings', '', 'help settings'],
    ['/habit_add', '"Morning run" 3x/week', 'habit add "Morning run" 3x/week'],
    ['/settings_timezone', 'Europe/Paris', 'settings timezone Europe/Paris'],
    ['/Stats', 'run', 'stats run'],
    ['done', 'run', 'done run'],
    ['/habit log run', 'yesterday', 'habit log run yesterday'],
    ['/unknown', 'x', 'unknown x'],
  ])('maps %j %j to %j', (command, args, line) => {
    expect(telegramCommandLine(command, args)).toBe(line);
  });

  it('keeps the words after the command as they were typed', () => {
    expect(telegramCommandLine('/habit log run yesterday  note with  spaces\nand a line')).toBe(
      'habit log run yesterday  note with  spaces\nand a line',
    );
  });

  it.each(visible.map((command) => [command.name, command] as const))(
    'reaches "%s" from its entry in the list',
    (_name, command) => {
      const [group, ...rest] = command.name.split(' ');
      const entry = sut.find((candidate) => candidate.command === telegramName(group!));
      expect(entry).toBeDefined();
      const args = [...rest, ...(command.options.length ? ['"some value"', '3'] : [])].join(' ');
      for (const typed of [`/${entry!.command}`, `/${entry!.command}@StrideBot`]) {
        const line = telegramCommandLine(typed, args);
        expect(line).toBe([command.name, ...(command.options.length ? ['"some value"', '3'] : [])].join(' '));
        expect(findCommand(tokenize(line))?.command).toBe(command);
        expect(telegramCommandLine(`${typed} ${args}`.trim())).toBe(line);
      }
    },
  );
});
