/**
 * Telegram's command list and its limits (the way back, from a Telegram command to the catalog's
 * command line, is tested in test/unit/adapters/telegram).
 */
import { COMMANDS } from '../../../src/commands/catalog.js';
import { ManifestError, type ManifestCommand } from '../../../src/manifest/groups.js';
import { telegramCommands, telegramName } from '../../../src/manifest/telegram.js';

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
