import fc from 'fast-check';
import { addDays, daysBetween } from '../../../src/domain/dates.js';
import type { FiringWindow } from '../../../src/domain/wall-clock.js';
import {
  firingWindows,
  isQuietAt,
  localWallAt,
  quietUntil,
  wallInstant,
} from '../../../src/domain/wall-clock.js';

const at = (iso: string): Date => new Date(iso);
/** "08:30" → 510. */
const hm = (clock: string): number => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The windows as "date hh:mm-hh:mm" strings, easier to read in a failure than objects. */
const windowsOf = (timeZone: string, from: string, to: string): string[] =>
  firingWindows(timeZone, at(from), at(to)).map(
    ({ date, fromMinute, toMinute }) => `${date} ${clock(fromMinute)}-${clock(toMinute)}`,
  );
const clock = (minute: number): string =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/** Every (date, minute) the windows name, as "date hh:mm". */
const remindersIn = (windows: readonly FiringWindow[]): string[] =>
  windows.flatMap(({ date, fromMinute, toMinute }) =>
    Array.from({ length: toMinute - fromMinute + 1 }, (_, i) => `${date} ${clock(fromMinute + i)}`),
  );

describe('localWallAt', () => {
  it.each([
    ['2026-01-15T07:00:00Z', 'Europe/Paris', '2026-01-15', '08:00'],
    ['2026-07-15T07:00:00Z', 'Europe/Paris', '2026-07-15', '09:00'],
    ['2026-07-15T03:59:59Z', 'America/New_York', '2026-07-14', '23:59'],
    ['2026-04-04T18:30:00Z', 'Asia/Kolkata', '2026-04-05', '00:00'],
    ['2026-04-04T02:15:00Z', 'Asia/Kathmandu', '2026-04-04', '08:00'],
    ['2026-12-31T23:59:30Z', 'UTC', '2026-12-31', '23:59'],
    ['2027-01-01T00:00:00Z', 'UTC', '2027-01-01', '00:00'],
  ])('%s in %s is %s %s', (instant, zone, date, time) => {
    expect(localWallAt(at(instant), zone)).toEqual({ date, minute: hm(time) });
  });

  it('reads midnight as minute 0, never as hour 24', () => {
    for (let day = 1; day <= 28; day++) {
      const instant = new Date(Date.UTC(2026, 1, day, 5));
      expect(localWallAt(instant, 'America/New_York').minute).toBe(0);
    }
  });

  it('shows the repeated hour twice, as the wall clock does', () => {
    expect(localWallAt(at('2026-10-25T00:30:00Z'), 'Europe/Paris')).toEqual({
      date: '2026-10-25',
      minute: hm('02:30'),
    });
    expect(localWallAt(at('2026-10-25T01:30:00Z'), 'Europe/Paris')).toEqual({
      date: '2026-10-25',
      minute: hm('02:30'),
    });
  });

  it('refuses an unknown zone', () => {
    expect(() => localWallAt(at('2026-01-01T00:00:00Z'), 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('wallInstant', () => {
  it.each([
    // Ordinary days, whole and fractional offsets.
    ['UTC', '2026-06-01', '08:00', '2026-06-01T08:00:00Z'],
    ['Europe/Paris', '2026-01-15', '08:00', '2026-01-15T07:00:00Z'],
    ['Europe/Paris', '2026-07-15', '08:00', '2026-07-15T06:00:00Z'],
    ['America/New_York', '2026-07-15', '23:30', '2026-07-16T03:30:00Z'],
    ['Asia/Kolkata', '2026-04-04', '08:00', '2026-04-04T02:30:00Z'],
    ['Asia/Kathmandu', '2026-04-04', '08:00', '2026-04-04T02:15:00Z'],
    ['Asia/Kathmandu', '2026-04-04', '00:00', '2026-04-03T18:15:00Z'],
    // Paris springs forward 02:00 -> 03:00: the gap fires when the clock jumps past it.
    ['Europe/Paris', '2026-03-29', '01:59', '2026-03-29T00:59:00Z'],
    ['Europe/Paris', '2026-03-29', '02:00', '2026-03-29T01:00:00Z'],
    ['Europe/Paris', '2026-03-29', '02:30', '2026-03-29T01:00:00Z'],
    ['Europe/Paris', '2026-03-29', '03:00', '2026-03-29T01:00:00Z'],
    ['Europe/Paris', '2026-03-29', '03:01', '2026-03-29T01:01:00Z'],
    // Paris falls back 03:00 CEST -> 02:00 CET: the repeated hour fires the first time round.
    ['Europe/Paris', '2026-10-25', '02:00', '2026-10-25T00:00:00Z'],
    ['Europe/Paris', '2026-10-25', '02:30', '2026-10-25T00:30:00Z'],
    ['Europe/Paris', '2026-10-25', '02:59', '2026-10-25T00:59:00Z'],
    ['Europe/Paris', '2026-10-25', '03:00', '2026-10-25T02:00:00Z'],
    // New York: gap 02:00-03:00 on 8 March, 01:00-02:00 repeated on 1 November.
    ['America/New_York', '2026-03-08', '01:59', '2026-03-08T06:59:00Z'],
    ['America/New_York', '2026-03-08', '02:30', '2026-03-08T07:00:00Z'],
    ['America/New_York', '2026-03-08', '03:00', '2026-03-08T07:00:00Z'],
    ['America/New_York', '2026-11-01', '01:00', '2026-11-01T05:00:00Z'],
    ['America/New_York', '2026-11-01', '01:30', '2026-11-01T05:30:00Z'],
    ['America/New_York', '2026-11-01', '02:00', '2026-11-01T07:00:00Z'],
    // Lord Howe moves by half an hour: 02:00 -> 02:30 in October, 02:00 -> 01:30 in April.
    ['Australia/Lord_Howe', '2026-04-05', '01:30', '2026-04-04T14:30:00Z'],
    ['Australia/Lord_Howe', '2026-04-05', '01:59', '2026-04-04T14:59:00Z'],
    ['Australia/Lord_Howe', '2026-04-05', '02:00', '2026-04-04T15:30:00Z'],
    ['Australia/Lord_Howe', '2026-10-04', '01:59', '2026-10-03T15:29:00Z'],
    ['Australia/Lord_Howe', '2026-10-04', '02:15', '2026-10-03T15:30:00Z'],
    ['Australia/Lord_Howe', '2026-10-04', '02:30', '2026-10-03T15:30:00Z'],
  ])('%s %s %s fires at %s', (zone, date, time, instant) => {
    expect(wallInstant(date, hm(time), zone).toISOString()).toBe(new Date(instant).toISOString());
  });

  it('refuses a date, minute or zone that is not one', () => {
    expect(() => wallInstant('2026-02-30', 0, 'UTC')).toThrow(RangeError);
    expect(() => wallInstant('2026-02-01', 1440, 'UTC')).toThrow(RangeError);
    expect(() => wallInstant('2026-02-01', -1, 'UTC')).toThrow(RangeError);
    expect(() => wallInstant('2026-02-01', 7.5, 'UTC')).toThrow(RangeError);
    expect(() => wallInstant('2026-02-01', 0, 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('firingWindows', () => {
  it('reports the one minute that came in an ordinary minute, with seconds rounded down', () => {
    expect(windowsOf('Europe/Paris', '2026-01-15T07:00:00Z', '2026-01-15T07:01:00Z')).toEqual([
      '2026-01-15 08:01-08:01',
    ]);
    expect(windowsOf('Europe/Paris', '2026-01-15T07:00:59Z', '2026-01-15T07:01:30Z')).toEqual([
      '2026-01-15 08:01-08:01',
    ]);
    expect(windowsOf('Asia/Kathmandu', '2026-04-04T02:14:00Z', '2026-04-04T02:15:00Z')).toEqual([
      '2026-04-04 08:00-08:00',
    ]);
  });

  it('reports nothing for an empty or backward span', () => {
    expect(firingWindows('UTC', at('2026-01-15T07:00:00Z'), at('2026-01-15T07:00:00Z'))).toEqual([]);
    expect(firingWindows('UTC', at('2026-01-15T07:00:10Z'), at('2026-01-15T07:00:50Z'))).toEqual([]);
    expect(firingWindows('UTC', at('2026-01-15T08:00:00Z'), at('2026-01-15T07:00:00Z'))).toEqual([]);
  });

  it('splits a span that crosses midnight into two dates', () => {
    expect(windowsOf('Asia/Kolkata', '2026-04-04T18:00:00Z', '2026-04-04T19:00:00Z')).toEqual([
      '2026-04-04 23:31-23:59',
      '2026-04-05 00:00-00:30',
    ]);
    expect(windowsOf('UTC', '2026-12-31T23:59:00Z', '2027-01-01T00:00:00Z')).toEqual([
      '2027-01-01 00:00-00:00',
    ]);
  });

  it('replays long spans, a whole date per window', () => {
    expect(windowsOf('UTC', '2026-01-01T00:00:00Z', '2026-01-03T00:00:00Z')).toEqual([
      '2026-01-01 00:01-23:59',
      '2026-01-02 00:00-23:59',
      '2026-01-03 00:00-00:00',
    ]);
    // 48 hours over the Paris spring change: 49 hours of wall clock, the gap included.
    const reminders = remindersIn(
      firingWindows('Europe/Paris', at('2026-03-28T00:00:00Z'), at('2026-03-30T00:00:00Z')),
    );
    expect(reminders).toHaveLength(49 * 60);
    expect(reminders).toContain('2026-03-29 02:30');
  });

  it('fires the spring-forward gap together with the minute the clock jumps to', () => {
    expect(windowsOf('Europe/Paris', '2026-03-29T00:58:00Z', '2026-03-29T00:59:00Z')).toEqual([
      '2026-03-29 01:59-01:59',
    ]);
    expect(windowsOf('Europe/Paris', '2026-03-29T00:59:00Z', '2026-03-29T01:00:00Z')).toEqual([
      '2026-03-29 02:00-03:00',
    ]);
    expect(windowsOf('Europe/Paris', '2026-03-29T01:00:00Z', '2026-03-29T01:01:00Z')).toEqual([
      '2026-03-29 03:01-03:01',
    ]);
    expect(windowsOf('America/New_York', '2026-03-08T06:59:00Z', '2026-03-08T07:00:00Z')).toEqual([
      '2026-03-08 02:00-03:00',
    ]);
    expect(windowsOf('Australia/Lord_Howe', '2026-10-03T15:29:00Z', '2026-10-03T15:30:00Z')).toEqual([
      '2026-10-04 02:00-02:30',
    ]);
  });

  it.each([
    // zone, the last minute of the first pass, the instant the clock falls back, the first new minute
    ['Europe/Paris', '2026-10-25T00:59:00Z', '2026-10-25T01:00:00Z', 60, '2026-10-25 03:00'],
    ['America/New_York', '2026-11-01T05:59:00Z', '2026-11-01T06:00:00Z', 60, '2026-11-01 02:00'],
    ['Australia/Lord_Howe', '2026-04-04T14:59:00Z', '2026-04-04T15:00:00Z', 30, '2026-04-05 02:00'],
  ])('stays silent through the repeated time in %s', (zone, lastFirst, fallBack, repeated, next) => {
    const fallBackMs = at(fallBack).getTime();
    expect(firingWindows(zone, new Date(fallBackMs - 2 * MINUTE), at(lastFirst))).toHaveLength(1);
    for (let minute = 0; minute < repeated; minute++) {
      const to = new Date(fallBackMs + minute * MINUTE);
      expect(firingWindows(zone, new Date(to.getTime() - MINUTE), to)).toEqual([]);
    }
    const after = new Date(fallBackMs + repeated * MINUTE);
    expect(remindersIn(firingWindows(zone, new Date(after.getTime() - MINUTE), after))).toEqual([next]);
  });

  it.each([
    ['Europe/Paris', '2026-03-29', 23],
    ['Europe/Paris', '2026-10-25', 25],
    ['America/New_York', '2026-03-08', 23],
    ['America/New_York', '2026-11-01', 25],
    ['Australia/Lord_Howe', '2026-10-04', 23.5],
    ['Australia/Lord_Howe', '2026-04-05', 24.5],
    ['Asia/Kathmandu', '2026-04-04', 24],
  ])('reports every minute of %s %s once over its %d hours', (zone, date, hours) => {
    const from = wallInstant(date, 0, zone);
    const to = wallInstant(addDays(date, 1), 0, zone);
    expect(to.getTime() - from.getTime()).toBe(hours * HOUR);
    const reminders = remindersIn(
      firingWindows(zone, new Date(from.getTime() - MINUTE), new Date(to.getTime() - MINUTE)),
    );
    expect(reminders).toEqual(Array.from({ length: 1440 }, (_, minute) => `${date} ${clock(minute)}`));
  });

  it('reports each minute of the day once in any 24 hours without a change', () => {
    for (const zone of ['UTC', 'Asia/Kolkata', 'Asia/Kathmandu', 'Europe/Paris', 'America/New_York']) {
      const from = at('2026-06-10T13:17:00Z');
      const reminders = remindersIn(firingWindows(zone, from, new Date(from.getTime() + 24 * HOUR)));
      const minutes = reminders.map((reminder) => hm(reminder.slice(11))).sort((a, b) => a - b);
      expect(minutes).toEqual(Array.from({ length: 1440 }, (_, minute) => minute));
    }
  });

  it('reports, in every zone Intl knows, the minute its clock has just shown', () => {
    const to = at('2026-06-15T12:00:00Z');
    for (const zone of Intl.supportedValuesOf('timeZone')) {
      const { date, minute } = localWallAt(to, zone);
      expect([zone, firingWindows(zone, new Date(to.getTime() - MINUTE), to)]).toEqual([
        zone,
        [{ date, fromMinute: minute, toMinute: minute }],
      ]);
    }
  });

  describe('over 72 consecutive hours', () => {
    const zones = [
      'UTC',
      'Europe/Paris',
      'America/New_York',
      'Asia/Kolkata',
      'Asia/Kathmandu',
      'Australia/Lord_Howe',
      'Pacific/Chatham', // +12:45 / +13:45
      'America/St_Johns', // -03:30 / -02:30
      'Antarctica/Troll', // +00 / +02: a two-hour change
    ];
    // Starts near 2026's changes, where the property has the most to check.
    const changes = [
      '2026-03-08T07:00:00Z',
      '2026-03-29T01:00:00Z',
      '2026-04-04T15:00:00Z',
      '2026-10-03T15:30:00Z',
      '2026-10-25T01:00:00Z',
      '2026-11-01T06:00:00Z',
    ].map((iso) => at(iso).getTime());
    const startArb = fc.oneof(
      fc.integer({ min: at('2020-01-01T00:00:00Z').getTime(), max: at('2030-12-31T00:00:00Z').getTime() }),
      fc
        .tuple(fc.constantFrom(...changes), fc.integer({ min: -72 * HOUR, max: 24 * HOUR }))
        .map(([change, shift]) => change + shift),
    );

    it('reports each reminder exactly once, in the hour its fire instant falls in', () => {
      fc.assert(
        fc.property(fc.constantFrom(...zones), startArb, (zone, start) => {
          const hours = 72;
          const reportedIn = new Map<string, number>();
          for (let hour = 0; hour < hours; hour++) {
            const windows = firingWindows(
              zone,
              new Date(start + hour * HOUR),
              new Date(start + (hour + 1) * HOUR),
            );
            for (const reminder of remindersIn(windows)) {
              if (reportedIn.has(reminder)) throw new Error(`${reminder} reported twice in ${zone}`);
              reportedIn.set(reminder, hour);
            }
          }
          // Reminders firing in the span are on the dates the clock shows in it, or (after a
          // fall-back over midnight) the day after.
          const firstDate = localWallAt(new Date(start), zone).date;
          const days = daysBetween(firstDate, localWallAt(new Date(start + hours * HOUR), zone).date) + 1;
          let inSpan = 0;
          for (let day = 0; day <= days; day++) {
            const date = addDays(firstDate, day);
            for (let minute = 0; minute < 1440; minute++) {
              const fire = wallInstant(date, minute, zone).getTime();
              // Fire instants are whole minutes, so comparing them with the unrounded ends is exact.
              const hour =
                fire > start && fire <= start + hours * HOUR
                  ? Math.ceil((fire - start) / HOUR) - 1
                  : undefined;
              const reminder = `${date} ${clock(minute)}`;
              if (reportedIn.get(reminder) !== hour)
                throw new Error(
                  `${zone} ${reminder} fires at ${new Date(fire).toISOString()}, hour ${hour}, reported in ${reportedIn.get(reminder)}`,
                );
              if (hour !== undefined) inSpan++;
            }
          }
          expect(inSpan).toBe(reportedIn.size);
        }),
        // Each run checks some 6,000 reminders; a few runs near the changes cover the odd nights.
        { numRuns: 8 },
      );
    });
  });
});

describe('isQuietAt', () => {
  const night = { start: hm('22:00'), end: hm('07:00') };
  const afternoon = { start: hm('13:00'), end: hm('15:00') };

  it.each([
    [night, '22:00', true],
    [night, '23:59', true],
    [night, '00:00', true],
    [night, '06:59', true],
    [night, '07:00', false],
    [night, '21:59', false],
    [night, '12:00', false],
    [afternoon, '13:00', true],
    [afternoon, '14:59', true],
    [afternoon, '15:00', false],
    [afternoon, '12:59', false],
    [afternoon, '23:00', false],
  ])('%j at %s is %s', (quiet, time, expected) => {
    expect(isQuietAt(hm(time), quiet)).toBe(expected);
  });
});

describe('quietUntil', () => {
  const night = { start: hm('22:00'), end: hm('07:00') };
  const until = (instant: string, zone: string, quiet = night) =>
    quietUntil(at(instant), zone, quiet)?.toISOString();

  it('ends quiet hours that span midnight on the right date', () => {
    // 23:30 and 06:00 in Paris in January are both quiet until 07:00 on the 16th.
    expect(until('2026-01-15T22:30:00Z', 'Europe/Paris')).toBe('2026-01-16T06:00:00.000Z');
    expect(until('2026-01-16T05:00:00Z', 'Europe/Paris')).toBe('2026-01-16T06:00:00.000Z');
    expect(until('2026-01-15T21:00:00Z', 'Europe/Paris')).toBe('2026-01-16T06:00:00.000Z');
    expect(until('2026-01-16T05:59:59Z', 'Europe/Paris')).toBe('2026-01-16T06:00:00.000Z');
  });

  it('is undefined outside quiet hours, their end included', () => {
    expect(until('2026-01-16T06:00:00Z', 'Europe/Paris')).toBeUndefined();
    expect(until('2026-01-15T20:59:59Z', 'Europe/Paris')).toBeUndefined();
    expect(until('2026-01-15T12:00:00Z', 'Europe/Paris')).toBeUndefined();
  });

  it('handles quiet hours within one day and fractional offsets', () => {
    const afternoon = { start: hm('13:00'), end: hm('15:00') };
    expect(until('2026-04-04T08:00:00Z', 'Asia/Kathmandu', afternoon)).toBe('2026-04-04T09:15:00.000Z');
    expect(until('2026-04-04T09:15:00Z', 'Asia/Kathmandu', afternoon)).toBeUndefined();
  });

  it('ends quiet hours whose end is in a spring-forward gap when the clock jumps', () => {
    const early = { start: hm('22:00'), end: hm('02:30') };
    expect(until('2026-03-29T00:30:00Z', 'Europe/Paris', early)).toBe('2026-03-29T01:00:00.000Z');
    expect(until('2026-03-29T01:00:00Z', 'Europe/Paris', early)).toBeUndefined();
  });

  it('ends quiet hours the first time their end comes round, and always after the instant', () => {
    const early = { start: hm('22:00'), end: hm('01:30') };
    // New York, 1 November: 01:15 EDT is quiet until 01:30 EDT; 01:15 EST, the second time round, is not quiet.
    expect(until('2026-11-01T05:15:00Z', 'America/New_York', early)).toBe('2026-11-01T05:30:00.000Z');
    expect(until('2026-11-01T06:15:00Z', 'America/New_York', early)).toBeUndefined();
    // Quiet until 07:00 EST, which comes 25 hours after the previous midnight.
    expect(until('2026-11-01T06:15:00Z', 'America/New_York')).toBe('2026-11-01T12:00:00.000Z');
  });
});
