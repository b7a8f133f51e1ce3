/** The Snowflake warehouse's SQL pieces that need no server: binds, instants and the dialect. */
import {
  CALENDAR_DAYS,
  ident,
  instant,
  jsonChunks,
  lastPerKey,
  MAX_BIND_BYTES,
  snowflakeDialect,
} from '../../../src/warehouse/snowflake-sql.js';
import { TABLES } from '../../../src/warehouse/schema.js';

describe('jsonChunks', () => {
  it('splits by size before Snowflake would refuse a value, keeping every row once and in order', () => {
    const big = 'x'.repeat(1_500_000);
    const rows = Array.from({ length: 7 }, (_, i) => ({ i, big }));

    const chunks = jsonChunks(rows);

    expect(chunks.map((chunk) => JSON.parse(chunk).map((row: { i: number }) => row.i))).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
      [6],
    ]);
    for (const chunk of chunks) expect(Buffer.byteLength(chunk)).toBeLessThanOrEqual(MAX_BIND_BYTES);
  });

  it('counts bytes, not characters, and sends nothing for no rows', () => {
    const wide = '€'.repeat(700_000); // 2.1 MB in UTF-8, 0.7 M characters
    expect(jsonChunks([wide, wide]).map((chunk) => JSON.parse(chunk).length)).toEqual([1, 1]);
    expect(jsonChunks([])).toEqual([]);
  });

  it('writes instants with an explicit UTC offset, nested ones too', () => {
    const at = new Date('2026-11-20T12:00:00.250Z');
    expect(JSON.parse(jsonChunks([{ at, nested: { at } }])[0]!)).toEqual([
      { at: '2026-11-20T12:00:00.250+00:00', nested: { at: '2026-11-20T12:00:00.250+00:00' } },
    ]);
    expect(instant(at)).toBe('2026-11-20T12:00:00.250+00:00');
  });
});

describe('lastPerKey', () => {
  it('keeps the last row of each key, composite keys included (a MERGE refuses duplicates)', () => {
    const rules = [
      { habit_id: 'h', from_day: 1, schedule_kind: 'daily' },
      { habit_id: 'h', from_day: 2, schedule_kind: 'daily' },
      { habit_id: 'h', from_day: 1, schedule_kind: 'weekdays' },
    ];
    expect(lastPerKey(rules, TABLES.dim_habit_rules)).toEqual([
      { habit_id: 'h', from_day: 1, schedule_kind: 'weekdays' },
      { habit_id: 'h', from_day: 2, schedule_kind: 'daily' },
    ]);
  });
});

describe('the Snowflake dialect', () => {
  it('reads a member’s local date, ids and temporary tables as Snowflake does', () => {
    expect(snowflakeDialect.localDate('u.timezone', 'u.day_start_hour')).toBe(
      'to_date(dateadd(hour, -(u.day_start_hour), convert_timezone(u.timezone, ?::timestamp_tz)))',
    );
    expect(snowflakeDialect.idsIn()).toBe(
      '(select value::string as value from table(flatten(input => parse_json(?))))',
    );
    expect(snowflakeDialect.createTemp('metric_days', 'select 1 as x')).toBe(
      'create or replace temporary table metric_days as select 1 as x',
    );
  });

  it('quotes names as Snowflake stores unquoted ones, and counts the calendar’s days', () => {
    expect(ident('current')).toBe('"CURRENT"');
    expect(ident('we"ird')).toBe('"WE""IRD"');
    expect(CALENDAR_DAYS).toBe(40542); // 1990-01-01 … 2100-12-31
  });
});
