/**
 * Times of day as people write them: 08:00, 7:30, 8am, 8:30pm, noon, midnight; and quiet hours
 * such as 22:00-07:00, 22:00 to 07:00 or 10pm-7am. Written back as 24-hour HH:MM, which reads the
 * same everywhere.
 */
import { MINUTES_PER_DAY } from '../domain/dates.js';
import type { QuietHours, WallMinute } from '../domain/wall-clock.js';
import { UsageError } from './errors.js';

const TWENTY_FOUR_HOUR = /^(\d{1,2}):(\d{2})$/;
const TWELVE_HOUR = /^(\d{1,2})(?::(\d{2}))?\s*([ap])\.?m\.?$/;
// A dash of any kind or "to" between two times; the times themselves never contain one.
const QUIET_HOURS = /^(.+?)\s*(?:-|–|—|\bto\b)\s*(.+)$/i;
const EXAMPLE = 'Write it like 08:00, 7:30 or 8pm.';

function notATime(word: string, why: string): UsageError {
  return new UsageError(`"${word}" is not a time of day: ${why}. ${EXAMPLE}`);
}

/** The minutes past midnight a time of day names. Throws UsageError for anything else. */
export function parseClockTime(word: string): WallMinute {
  const text = word.trim().toLowerCase();
  if (text === '') throw new UsageError(`A time of day is missing. ${EXAMPLE}`);
  if (text === 'midnight') return 0;
  if (text === 'noon' || text === 'midday') return 12 * 60;
  const twentyFour = TWENTY_FOUR_HOUR.exec(text);
  if (twentyFour) {
    const [hour, minute] = [Number(twentyFour[1]), Number(twentyFour[2])];
    if (hour > 23) throw notATime(word, 'hours go from 0 to 23, and midnight is 00:00');
    if (minute > 59) throw notATime(word, 'minutes go from 00 to 59');
    return hour * 60 + minute;
  }
  const twelve = TWELVE_HOUR.exec(text);
  if (twelve) {
    const [hour, minute] = [Number(twelve[1]), Number(twelve[2] ?? 0)];
    if (hour < 1 || hour > 12) throw notATime(word, 'with am or pm, hours go from 1 to 12');
    if (minute > 59) throw notATime(word, 'minutes go from 00 to 59');
    // 12am is midnight and 12pm is noon: the 12 counts as 0 before adding the afternoon.
    return ((hour % 12) + (twelve[3] === 'p' ? 12 : 0)) * 60 + minute;
  }
  throw new UsageError(`"${word}" is not a time of day I understand. ${EXAMPLE}`);
}

/** Quiet hours from a start and an end time: "22:00-07:00", "22:00 to 07:00", "10pm-7am". */
export function parseQuietHours(text: string): QuietHours {
  const parts = QUIET_HOURS.exec(text.trim());
  if (!parts) {
    throw new UsageError(
      `"${text}" is not a span of quiet hours. Give a start and an end, like 22:00-07:00 or 10pm to 7am.`,
    );
  }
  const start = parseClockTime(parts[1]!);
  const end = parseClockTime(parts[2]!);
  if (start === end) {
    throw new UsageError(
      `Quiet hours from ${clockText(start)} to ${clockText(end)} would last no time at all. Give an end that differs from the start, like 22:00-07:00.`,
    );
  }
  return { start, end };
}

/** 480 → "08:00". */
export function clockText(minute: WallMinute): string {
  if (!Number.isInteger(minute) || minute < 0 || minute >= MINUTES_PER_DAY) {
    throw new RangeError(`A wall minute must be an integer 0..1439, got ${minute}`);
  }
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(minute / 60))}:${pad(minute % 60)}`;
}

/** { start: 1320, end: 420 } → "22:00–07:00". */
export function quietHoursText(quiet: QuietHours): string {
  return `${clockText(quiet.start)}–${clockText(quiet.end)}`;
}
