import {
  addDays,
  canonicalTimeZone,
  daysBetween,
  endOfMonth,
  fromDayNumber,
  isoWeekday,
  isValidLocalDate,
  isValidTimeZone,
  localDateAt,
  monthBoundsOfDay,
  startOfMonth,
  startOfWeek,
  toDayNumber,
} from '../../../src/domain/dates.js';

const at = (iso: string): Date => new Date(iso);

describe('isValidLocalDate', () => {
  it.each(['2026-01-01', '2028-02-29', '2000-02-29', '2026-12-31', '2026-04-30', '1999-09-09'])(
    'accepts %s',
    (d) => {
      expect(isValidLocalDate(d)).toBe(true);
    },
  );

  it.each([
    '2026-02-29',
    '2100-02-29',
    '1900-02-29',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '2026-1-01',
    '26-01-01',
    ' 2026-01-01',
    '2026-01-01T00:00',
    '2026/01/01',
    '２０２６-01-01',
    '',
  ])('refuses %j', (d) => {
    expect(isValidLocalDate(d)).toBe(false);
  });
});

describe('day numbers', () => {
  it('counts days since 1970-01-01', () => {
    expect(toDayNumber('1970-01-01')).toBe(0);
    expect(toDayNumber('1969-12-31')).toBe(-1);
    expect(toDayNumber('2000-03-01')).toBe(11017);
    expect(fromDayNumber(0)).toBe('1970-01-01');
  });

  it('agrees with Date.UTC on every day from 1900 to 2100', () => {
    const first = Date.UTC(1900, 0, 1) / 86_400_000;
    const last = Date.UTC(2100, 11, 31) / 86_400_000;
    for (let n = first; n <= last; n++) {
      const iso = new Date(n * 86_400_000).toISOString().slice(0, 10);
      if (toDayNumber(iso) !== n || fromDayNumber(n) !== iso) throw new Error(`mismatch on ${iso}`);
    }
  });

  it('pads years before 1000', () => {
    expect(fromDayNumber(toDayNumber('0999-12-31') + 1)).toBe('1000-01-01');
    expect(addDays('0001-01-02', -1)).toBe('0001-01-01');
  });
});

describe('addDays and daysBetween', () => {
  it('walks through leap days', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2028-02-29', 1)).toBe('2028-03-01');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-05-05', 0)).toBe('2026-05-05');
  });

  it('measures b - a', () => {
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(daysBetween('2026-02-28', '2026-03-01')).toBe(1);
    expect(daysBetween('2026-03-01', '2026-02-28')).toBe(-1);
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365);
    expect(daysBetween('2028-01-01', '2029-01-01')).toBe(366);
  });
});

describe('weeks and months', () => {
  it('numbers ISO weekdays from Monday', () => {
    expect(isoWeekday('2026-03-09')).toBe(1);
    expect(isoWeekday('2026-03-08')).toBe(7);
    expect(isoWeekday('1970-01-01')).toBe(4);
    expect(isoWeekday('1969-12-29')).toBe(1);
    expect(isoWeekday('2028-02-29')).toBe(2);
  });

  it('starts weeks on Monday, across month and year ends', () => {
    expect(startOfWeek('2026-03-08')).toBe('2026-03-02');
    expect(startOfWeek('2026-03-09')).toBe('2026-03-09');
    expect(startOfWeek('2027-01-01')).toBe('2026-12-28');
    expect(startOfWeek('2028-03-02')).toBe('2028-02-28');
  });

  it('finds month bounds, leap years included', () => {
    expect(startOfMonth('2028-02-17')).toBe('2028-02-01');
    expect(endOfMonth('2028-02-17')).toBe('2028-02-29');
    expect(endOfMonth('2026-02-01')).toBe('2026-02-28');
    expect(endOfMonth('2100-02-10')).toBe('2100-02-28');
    expect(endOfMonth('2026-12-31')).toBe('2026-12-31');
    expect(endOfMonth('2026-04-01')).toBe('2026-04-30');
    const [first, last] = monthBoundsOfDay(toDayNumber('2028-02-29'));
    expect([fromDayNumber(first), fromDayNumber(last)]).toEqual(['2028-02-01', '2028-02-29']);
  });
});

describe('isValidTimeZone', () => {
  it.each(['America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe', 'UTC', 'Asia/Kolkata'])(
    'accepts %s',
    (tz) => {
      expect(isValidTimeZone(tz)).toBe(true);
    },
  );

  it.each(['', 'Mars/Olympus_Mons', 'Europe/Berlinn', '+02:00', '-05:00', 'not a zone'])(
    'refuses %j',
    (tz) => {
      expect(isValidTimeZone(tz)).toBe(false);
    },
  );
});

describe('canonicalTimeZone', () => {
  it.each([
    ['america/new_york', 'America/New_York'],
    ['EUROPE/BERLIN', 'Europe/Berlin'],
    ['utc', 'UTC'],
    ['Europe/Paris', 'Europe/Paris'],
  ])('spells %s as %s', (typed, canonical) => {
    expect(canonicalTimeZone(typed)).toBe(canonical);
  });

  it('throws for an unknown zone', () => {
    expect(() => canonicalTimeZone('Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('localDateAt', () => {
  it('reads the wall-clock day in the zone', () => {
    expect(localDateAt(at('2026-06-01T03:30:00Z'), 'America/New_York')).toBe('2026-05-31');
    expect(localDateAt(at('2026-06-01T04:00:00Z'), 'America/New_York')).toBe('2026-06-01');
    expect(localDateAt(at('2026-06-01T22:30:00Z'), 'Asia/Kolkata')).toBe('2026-06-02');
    expect(localDateAt(at('2026-06-01T18:29:00Z'), 'Asia/Kolkata')).toBe('2026-06-01');
    expect(localDateAt(at('2028-02-29T23:59:59Z'), 'UTC')).toBe('2028-02-29');
  });

  it('counts hours before the day start as the day before', () => {
    // 01:30 in Berlin (CET, UTC+1) with a day starting at 03:00 belongs to the 14th.
    expect(localDateAt(at('2026-01-15T00:30:00Z'), 'Europe/Berlin', 3)).toBe('2026-01-14');
    expect(localDateAt(at('2026-01-15T01:59:59Z'), 'Europe/Berlin', 3)).toBe('2026-01-14');
    expect(localDateAt(at('2026-01-15T02:00:00Z'), 'Europe/Berlin', 3)).toBe('2026-01-15');
    expect(localDateAt(at('2026-01-15T00:30:00Z'), 'Europe/Berlin', 0)).toBe('2026-01-15');
    // Across the month end on a leap year.
    expect(localDateAt(at('2028-03-01T00:30:00Z'), 'Europe/Berlin', 3)).toBe('2028-02-29');
  });

  it('is right when New York springs forward (2026-03-08, 02:00 EST -> 03:00 EDT)', () => {
    expect(localDateAt(at('2026-03-08T06:59:00Z'), 'America/New_York', 3)).toBe('2026-03-07'); // 01:59 EST
    expect(localDateAt(at('2026-03-08T07:00:00Z'), 'America/New_York', 3)).toBe('2026-03-08'); // 03:00 EDT
    // A day start of 02:00 names an hour that does not exist that day: 03:00 EDT is past it.
    expect(localDateAt(at('2026-03-08T06:59:00Z'), 'America/New_York', 2)).toBe('2026-03-07');
    expect(localDateAt(at('2026-03-08T07:00:00Z'), 'America/New_York', 2)).toBe('2026-03-08');
    expect(localDateAt(at('2026-03-09T03:59:00Z'), 'America/New_York')).toBe('2026-03-08'); // 23:59 EDT
    expect(localDateAt(at('2026-03-09T04:00:00Z'), 'America/New_York')).toBe('2026-03-09');
  });

  it('is right when New York falls back (2026-11-01, 01:00-01:59 happens twice)', () => {
    expect(localDateAt(at('2026-11-01T05:30:00Z'), 'America/New_York', 2)).toBe('2026-10-31'); // 01:30 EDT
    expect(localDateAt(at('2026-11-01T06:30:00Z'), 'America/New_York', 2)).toBe('2026-10-31'); // 01:30 EST
    expect(localDateAt(at('2026-11-01T07:00:00Z'), 'America/New_York', 2)).toBe('2026-11-01'); // 02:00 EST
    expect(localDateAt(at('2026-11-01T04:00:00Z'), 'America/New_York')).toBe('2026-11-01'); // 00:00 EDT
    expect(localDateAt(at('2026-11-02T04:59:00Z'), 'America/New_York')).toBe('2026-11-01'); // 23:59 EST
    expect(localDateAt(at('2026-11-02T05:00:00Z'), 'America/New_York')).toBe('2026-11-02');
  });

  it('is right across Berlin DST changes', () => {
    // 2026-03-29: 02:00 CET -> 03:00 CEST.
    expect(localDateAt(at('2026-03-29T00:59:00Z'), 'Europe/Berlin', 3)).toBe('2026-03-28'); // 01:59 CET
    expect(localDateAt(at('2026-03-29T01:00:00Z'), 'Europe/Berlin', 3)).toBe('2026-03-29'); // 03:00 CEST
    expect(localDateAt(at('2026-03-29T21:59:00Z'), 'Europe/Berlin')).toBe('2026-03-29'); // 23:59 CEST
    expect(localDateAt(at('2026-03-29T22:00:00Z'), 'Europe/Berlin')).toBe('2026-03-30');
    // 2026-10-25: 03:00 CEST -> 02:00 CET; 02:30 happens twice, both before a 03:00 day start.
    expect(localDateAt(at('2026-10-25T00:30:00Z'), 'Europe/Berlin', 3)).toBe('2026-10-24'); // 02:30 CEST
    expect(localDateAt(at('2026-10-25T01:30:00Z'), 'Europe/Berlin', 3)).toBe('2026-10-24'); // 02:30 CET
    expect(localDateAt(at('2026-10-25T02:00:00Z'), 'Europe/Berlin', 3)).toBe('2026-10-25'); // 03:00 CET
  });

  it('is right across Lord Howe half-hour DST changes', () => {
    // 2026-04-05: 02:00 (+11) -> 01:30 (+10:30), so 01:30..01:59 happens twice.
    expect(localDateAt(at('2026-04-04T14:45:00Z'), 'Australia/Lord_Howe', 2)).toBe('2026-04-04'); // 01:45 +11
    expect(localDateAt(at('2026-04-04T15:15:00Z'), 'Australia/Lord_Howe', 2)).toBe('2026-04-04'); // 01:45 +10:30
    expect(localDateAt(at('2026-04-04T15:30:00Z'), 'Australia/Lord_Howe', 2)).toBe('2026-04-05'); // 02:00 +10:30
    expect(localDateAt(at('2026-04-04T12:59:00Z'), 'Australia/Lord_Howe')).toBe('2026-04-04'); // 23:59 +11
    expect(localDateAt(at('2026-04-04T13:00:00Z'), 'Australia/Lord_Howe')).toBe('2026-04-05');
    // 2026-10-04: 02:00 (+10:30) -> 02:30 (+11).
    expect(localDateAt(at('2026-10-03T15:29:00Z'), 'Australia/Lord_Howe', 2)).toBe('2026-10-03'); // 01:59 +10:30
    expect(localDateAt(at('2026-10-03T15:30:00Z'), 'Australia/Lord_Howe', 2)).toBe('2026-10-04'); // 02:30 +11
    expect(localDateAt(at('2026-10-03T13:29:00Z'), 'Australia/Lord_Howe')).toBe('2026-10-03'); // 23:59 +10:30
    expect(localDateAt(at('2026-10-03T13:30:00Z'), 'Australia/Lord_Howe')).toBe('2026-10-04');
  });

  it('follows a zone that skipped a whole day (Samoa, 2011-12-30)', () => {
    expect(localDateAt(at('2011-12-30T09:59:00Z'), 'Pacific/Apia')).toBe('2011-12-29');
    expect(localDateAt(at('2011-12-30T10:00:00Z'), 'Pacific/Apia')).toBe('2011-12-31');
  });

  it('refuses an unknown zone and a day start outside 0..23', () => {
    expect(() => localDateAt(at('2026-01-01T00:00:00Z'), 'Mars/Base')).toThrow(RangeError);
    expect(() => localDateAt(at('2026-01-01T00:00:00Z'), 'UTC', 24)).toThrow(RangeError);
    expect(() => localDateAt(at('2026-01-01T00:00:00Z'), 'UTC', 1.5)).toThrow(RangeError);
  });
});
