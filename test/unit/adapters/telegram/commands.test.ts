/**
 * Telegram's command-line parsing: every spelling of a Telegram command becomes the catalog's
 * command line, and every command people may type is reachable from its entry in the menu.
 */
import { telegramCommandLine } from '../../../../adapters/telegram/commands.js';
import { COMMANDS, findCommand } from '../../../../src/commands/catalog.js';
import { tokenize } from '../../../../src/language/tokens.js';
import { telegramCommands, telegramName } from '../../../../src/manifest/telegram.js';

const sut = telegramCommands();
const visible = COMMANDS.filter((command) => !command.hidden);

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
    // `settings` alone shows the settings (an alias of `settings show`).
    ['/settings', '', 'settings'],
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
