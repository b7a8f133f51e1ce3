/** Parsing the settings commands' words: what each reads, and what it refuses with a reason. */
import type { CommandContext } from '../../../src/commands/define.js';
import {
  settingsNotify,
  settingsNudges,
  settingsQuiet,
  settingsRemind,
  settingsShow,
} from '../../../src/commands/handlers/settings.js';
import { UsageError } from '../../../src/language/errors.js';

const ctx = {} as CommandContext;
const words = (line: string) => (line ? line.split(' ') : []);

describe('settings remind', () => {
  it.each([
    ['08:00', 480],
    ['7:30', 450],
    ['8pm', 1200],
    ['8:30 pm', 1230],
    ['noon', 720],
    ['off', null],
    ['OFF', null],
  ])('reads %s', (line, minute) => {
    expect(settingsRemind.parse(words(line), ctx)).toEqual({ minute });
  });

  it.each([
    ['', /Give a time/],
    ['24:00', /hours go from 0 to 23/],
    ['8:61', /minutes go from 00 to 59/],
    ['13pm', /hours go from 1 to 12/],
    ['soon', /not a time of day I understand/],
    ['8 30', /not one time of day/],
    ['08:00 09:00', /not one time of day/],
  ])('refuses "%s"', (line, message) => {
    expect(() => settingsRemind.parse(words(line), ctx)).toThrow(UsageError);
    expect(() => settingsRemind.parse(words(line), ctx)).toThrow(message);
  });
});

describe('settings quiet', () => {
  it.each([
    ['22:00-07:00', { start: 1320, end: 420 }],
    ['10pm to 7am', { start: 1320, end: 420 }],
    ['13:00 - 14:00', { start: 780, end: 840 }],
    ['off', null],
  ])('reads %s', (line, quiet) => {
    expect(settingsQuiet.parse(words(line), ctx)).toEqual({ quiet });
  });

  it.each([
    ['', /Give quiet hours/],
    ['22:00', /not a span of quiet hours/],
    ['22:00-22:00', /no time at all/],
    ['late-early', /not a time of day/],
  ])('refuses "%s"', (line, message) => {
    expect(() => settingsQuiet.parse(words(line), ctx)).toThrow(message);
  });
});

describe('settings nudges, notify and show', () => {
  it('reads on and off, and nothing else', () => {
    expect(settingsNudges.parse(['on'], ctx)).toEqual({ on: true });
    expect(settingsNudges.parse(['Off'], ctx)).toEqual({ on: false });
    expect(() => settingsNudges.parse(['sometimes'], ctx)).toThrow('Say `on` or `off`');
    expect(() => settingsNudges.parse([], ctx)).toThrow(UsageError);
  });

  it('reads a platform, or auto for where the member last talked privately', () => {
    expect(settingsNotify.parse(['Telegram'], ctx)).toEqual({ platform: 'telegram' });
    expect(settingsNotify.parse(['console'], ctx)).toEqual({ platform: 'console' });
    expect(settingsNotify.parse(['auto'], ctx)).toEqual({ platform: null });
    expect(() => settingsNotify.parse(['off'], ctx)).toThrow('settings remind off');
    expect(() => settingsNotify.parse(['api'], ctx)).toThrow('Name one of slack, telegram, discord, console');
    expect(() => settingsNotify.parse(['slack', 'telegram'], ctx)).toThrow(UsageError);
  });

  it('takes no words after `settings` but names the settings there are', () => {
    expect(settingsShow.parse([], ctx)).toEqual({});
    expect(() => settingsShow.parse(['colour'], ctx)).toThrow('Settings: remind, quiet, nudges, notify');
  });
});
