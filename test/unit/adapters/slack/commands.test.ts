/**
 * Slack's command-line parsing: every slash command's text becomes the catalog's command line, and
 * every command people may type is reachable through one of the manifest's slash commands.
 */
import { slashCommandLine } from '../../../../adapters/slack/commands.js';
import { COMMANDS, findCommand } from '../../../../src/commands/catalog.js';
import { tokenize } from '../../../../src/language/tokens.js';
import { slackManifest, slashCommandFor } from '../../../../src/manifest/slack.js';

const sut = slackManifest();
const visible = COMMANDS.filter((command) => !command.hidden);

describe('slashCommandLine', () => {
  it.each([
    ['/habit', 'log run', 'habit log run'],
    ['/stride', 'link ABC', 'link ABC'],
    ['/stride', '', 'help'],
    ['/stride', '  ', 'help'],
    ['/today', '', 'today'],
    ['/done', 'run yesterday', 'done run yesterday'],
    ['/coach', 'ran 5k yesterday', 'coach ran 5k yesterday'],
    ['/habit', '', 'help habit'],
    ['/goal', '  ', 'help goal'],
    ['/stride', 'settings timezone Europe/Paris', 'settings timezone Europe/Paris'],
    ['/stride', 'forget-me', 'forget-me'],
    ['/HABIT', ' add "Morning run" 3x/week ', 'habit add "Morning run" 3x/week'],
    ['habit', 'list', 'habit list'],
    ['/unknown', 'x', 'unknown x'],
  ])('maps %s %j to %j', (command, text, line) => {
    expect(slashCommandLine(command, text)).toBe(line);
  });

  it.each(visible.map((command) => [command.name, command] as const))(
    'reaches "%s" through its slash command',
    (_name, command) => {
      const slash = slashCommandFor(command.name).split(' ')[0]!;
      expect(sut.features.slash_commands.map((entry) => entry.command)).toContain(slash);
      const args = command.options.length ? ' "some value" 3' : '';
      const text =
        slash === '/stride'
          ? `${command.name}${args}`
          : `${command.name.split(' ').slice(1).join(' ')}${args}`;
      const line = slashCommandLine(slash, text);
      expect(line).toBe(`${command.name}${args}`);
      expect(findCommand(tokenize(line))?.command).toBe(command);
    },
  );
});
