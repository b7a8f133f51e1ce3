import { clockText, parseClockTime, parseQuietHours, quietHoursText } from '../../../src/language/clock.js';
import { UsageError } from '../../../src/language/errors.js';

describe('parseClockTime', () => {
  it.each([
    ['08:00', 480],
    ['8:00', 480],
    ['7:30', 450],
    ['00:00', 0],
    ['0:05', 5],
    ['23:59', 1439],
    ['12:00', 720],
    ['8am', 480],
    ['8AM', 480],
    ['8 am', 480],
    ['8a.m.', 480],
    ['8:30pm', 1230],
    ['11:59pm', 1439],
    ['12am', 0],
    ['12:30am', 30],
    ['12pm', 720],
    ['12:15pm', 735],
    ['noon', 720],
    ['Midnight', 0],
    [' 9:05 ', 545],
  ])('%j is minute %i', (word, minute) => {
    expect(parseClockTime(word)).toBe(minute);
  });

  it.each([
    ['24:00', 'midnight is 00:00'],
    ['25:00', 'hours go from 0 to 23'],
    ['7:60', 'minutes go from 00 to 59'],
    ['13pm', 'hours go from 1 to 12'],
    ['0am', 'hours go from 1 to 12'],
    ['8:75am', 'minutes go from 00 to 59'],
    ['-1:00', 'not a time of day I understand'],
    ['0730', 'not a time of day I understand'],
    ['7:5', 'not a time of day I understand'],
    ['7.30', 'not a time of day I understand'],
    ['8', 'not a time of day I understand'],
    ['morning', 'not a time of day I understand'],
    ['', 'A time of day is missing'],
    ['   ', 'A time of day is missing'],
  ])('refuses %j, saying %j', (word, reason) => {
    expect(() => parseClockTime(word)).toThrow(UsageError);
    expect(() => parseClockTime(word)).toThrow(reason);
  });

  it('shows an example in every refusal', () => {
    expect(() => parseClockTime('tea time')).toThrow('Write it like 08:00, 7:30 or 8pm.');
    expect(() => parseClockTime('24:00')).toThrow('"24:00" is not a time of day');
  });
});

describe('parseQuietHours', () => {
  it.each([
    ['22:00-07:00', 1320, 420],
    ['22:00 - 07:00', 1320, 420],
    ['22:00 to 07:00', 1320, 420],
    ['22:00 TO 7:00', 1320, 420],
    ['22:00–07:00', 1320, 420],
    ['10pm-7am', 1320, 420],
    ['10pm - 7:30am', 1320, 450],
    ['13:00-15:00', 780, 900],
    ['midnight to noon', 0, 720],
  ])('%j is %i to %i', (text, start, end) => {
    expect(parseQuietHours(text)).toEqual({ start, end });
  });

  it('reads back what it writes', () => {
    const quiet = { start: 1320, end: 420 };
    expect(parseQuietHours(quietHoursText(quiet))).toEqual(quiet);
  });

  it('refuses a span of no length, saying why', () => {
    expect(() => parseQuietHours('22:00-22:00')).toThrow(UsageError);
    expect(() => parseQuietHours('10pm to 22:00')).toThrow('would last no time at all');
  });

  it.each([
    ['22:00', 'is not a span of quiet hours'],
    ['', 'is not a span of quiet hours'],
    ['22:00-', 'is not a span of quiet hours'],
    ['22:00-25:00', 'hours go from 0 to 23'],
    ['late to early', 'not a time of day I understand'],
  ])('refuses %j', (text, reason) => {
    expect(() => parseQuietHours(text)).toThrow(UsageError);
    expect(() => parseQuietHours(text)).toThrow(reason);
  });
});

describe('clockText and quietHoursText', () => {
  it('write 24-hour HH:MM', () => {
    expect(clockText(0)).toBe('00:00');
    expect(clockText(480)).toBe('08:00');
    expect(clockText(545)).toBe('09:05');
    expect(clockText(1439)).toBe('23:59');
    expect(quietHoursText({ start: 1320, end: 420 })).toBe('22:00–07:00');
  });

  it('refuse a minute outside the day', () => {
    expect(() => clockText(1440)).toThrow(RangeError);
    expect(() => clockText(-1)).toThrow(RangeError);
    expect(() => clockText(1.5)).toThrow(RangeError);
  });

  it('round-trip every minute of the day', () => {
    for (let minute = 0; minute < 1440; minute++) expect(parseClockTime(clockText(minute))).toBe(minute);
  });
});
