/**
 * The validated shapes of what members send: habits, schedules, targets, logs, goals. The REST API
 * and the chat commands both validate with these, so a rule is stated once.
 */
import { z } from 'zod';
import { canonicalTimeZone, isValidLocalDate, isValidTimeZone } from '../domain/dates.js';
import { WEEKDAYS } from '../domain/types.js';

export const MAX_IMPORT_LOGS = 10_000;

/**
 * The earliest day anything may be dated: older dates are typos in practice, and PostgreSQL knows
 * no year 0, so a floor here keeps such dates a 400 everywhere instead of a database error.
 */
export const EARLIEST_DATE = '1970-01-01';

export const localDateSchema = z
  .string()
  .refine(isValidLocalDate, { message: 'must be a real date written YYYY-MM-DD', abort: true })
  .refine((date) => date >= EARLIEST_DATE, { message: `must be ${EARLIEST_DATE} or later` })
  .meta({ format: 'date', example: '2026-11-20' });

/** An optional `from`..`to` range of days (inclusive); a range that ends before it starts is refused. */
export const dateRangeSchema = z
  .object({ from: localDateSchema.optional(), to: localDateSchema.optional() })
  .refine((range) => !range.from || !range.to || range.from <= range.to, {
    message: 'must not be after `to`',
    path: ['from'],
  });

/** A time zone, stored as its canonical IANA name (`america/new_york` becomes `America/New_York`). */
export const timeZoneSchema = z
  .string()
  .refine(isValidTimeZone, { message: 'must be an IANA time zone such as Europe/Paris', abort: true })
  .overwrite(canonicalTimeZone)
  .meta({ example: 'Europe/Paris' });

// C0 control characters except tab and newline: never meant in a name or a note, and PostgreSQL
// refuses NUL in text outright. A carriage return goes too, so CRLF becomes LF.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f]/g;
// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Free text from members (names, titles, units, notes): control characters are stripped and a
 * lone UTF-16 surrogate (half a character, which no encoding can store) is refused, here once for
 * every text before it reaches the database. Leading and trailing spaces are trimmed.
 */
export const textSchema = (max: number) =>
  z
    .string()
    .refine((text) => !LONE_SURROGATE.test(text), { message: 'contains a broken character', abort: true })
    .overwrite((text) => text.replace(CONTROL_CHARACTERS, ''))
    .trim()
    .max(max, `must be at most ${max} characters`);

const name = (max: number) => textSchema(max).min(1, 'must not be empty');

export const scheduleSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('daily') }),
    z.strictObject({
      kind: z.literal('weekdays'),
      // Stored sorted and without repeats, so equal schedules compare equal.
      days: z
        .array(z.enum(WEEKDAYS))
        .min(1, 'must name at least one day')
        .overwrite((days) => WEEKDAYS.filter((day) => days.includes(day))),
    }),
    z.strictObject({ kind: z.literal('every_n_days'), n: z.number().int().min(1).max(365) }),
    z
      .strictObject({
        kind: z.literal('per_period'),
        times: z.number().int().min(1),
        period: z.enum(['week', 'month']),
      })
      .refine((s) => s.times <= (s.period === 'week' ? 7 : 31), {
        message: 'times must fit in the period (at most 7 a week, 31 a month)',
        path: ['times'],
      }),
  ])
  .meta({ id: 'Schedule' });

export const targetSchema = z
  .strictObject({
    amount: z.number().positive().max(1e9),
    unit: name(20),
    direction: z.enum(['at_least', 'at_most']).default('at_least'),
  })
  .meta({ id: 'Target' });

const difficultySchema = z.enum(['easy', 'medium', 'hard']);
const prioritySchema = z.enum(['low', 'medium', 'high']);

export const habitCreateSchema = z.strictObject({
  name: name(100),
  schedule: scheduleSchema,
  target: targetSchema.nullish(),
  difficulty: difficultySchema.optional(),
  priority: prioritySchema.optional(),
  startDate: localDateSchema.optional(),
  goalContribution: z.number().positive().max(1e6).optional(),
});
export type HabitCreateInput = z.infer<typeof habitCreateSchema>;

export const habitPatchSchema = z
  .strictObject({
    name: name(100),
    schedule: scheduleSchema,
    target: targetSchema.nullable(),
    difficulty: difficultySchema,
    priority: prioritySchema,
    startDate: localDateSchema,
    goalContribution: z.number().positive().max(1e6),
    /** `paused` pauses, `active` resumes (or unarchives), `archived` archives. */
    status: z.enum(['active', 'paused', 'archived']),
  })
  .partial();
export type HabitPatchInput = z.infer<typeof habitPatchSchema>;

export const logStatusSchema = z.enum(['done', 'skipped', 'missed']);

export const logInputSchema = z.strictObject({
  status: logStatusSchema,
  amount: z.number().min(0).max(1e9).nullish(),
  note: textSchema(500).nullish(),
});
export type LogInput = z.infer<typeof logInputSchema>;

export const datedLogInputSchema = logInputSchema.extend({ date: localDateSchema });
export type DatedLogInput = z.infer<typeof datedLogInputSchema>;

export const logImportSchema = z.strictObject({
  logs: z
    .array(datedLogInputSchema)
    .min(1, 'must hold at least one log')
    .max(MAX_IMPORT_LOGS, `takes at most ${MAX_IMPORT_LOGS} logs`),
});

export const goalCreateSchema = z.strictObject({
  title: name(200),
  target: z.number().positive().max(1e12),
  unit: name(30).nullish(),
  startDate: localDateSchema.optional(),
  deadline: localDateSchema.nullish(),
  habits: z.array(z.uuid()).max(50).optional(),
});
export type GoalCreateInput = z.infer<typeof goalCreateSchema>;

export const goalPatchSchema = goalCreateSchema.omit({ startDate: true }).partial();
export type GoalPatchInput = z.infer<typeof goalPatchSchema>;

export const userCreateSchema = z.strictObject({
  name: name(100),
  timezone: timeZoneSchema.default('UTC'),
  dayStartHour: z.number().int().min(0).max(12).default(0),
});
export type UserCreateInput = z.input<typeof userCreateSchema>;
