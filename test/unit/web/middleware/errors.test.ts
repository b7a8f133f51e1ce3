/** zodMessage: validation problems as sentences a member can act on, for the API, the chat and the CLI. */
import {
  ForeignKeyConstraintViolationException,
  ServerException,
  UniqueConstraintViolationException,
} from '@mikro-orm/core';
import type { Middleware } from 'koa';
import { z } from 'zod';
import { createLogger } from '../../../../src/logger.js';
import {
  goalCreateSchema,
  habitCreateSchema,
  habitPatchSchema,
  logImportSchema,
} from '../../../../src/services/inputs.js';
import { zodMessage } from '../../../../src/errors.js';
import { errorHandler } from '../../../../src/web/middleware/errors.js';

function messageOf(schema: z.ZodType, input: unknown): string {
  const result = schema.safeParse(input);
  if (result.success) throw new Error('expected the input to be refused');
  return zodMessage(result.error);
}

const habit = { name: 'Run', schedule: { kind: 'daily' } };

describe('zodMessage', () => {
  it.each([
    // too_small, under the chat's `patch` wrapper
    [
      z.object({ patch: habitPatchSchema }),
      { patch: { schedule: { kind: 'every_n_days', n: 0 } } },
      "The schedule's count must be at least 1.",
    ],
    // too_small, exclusive
    [
      habitCreateSchema,
      { ...habit, target: { amount: 0, unit: 'km' } },
      "The target's amount must be more than 0.",
    ],
    // too_big
    [
      habitCreateSchema,
      { ...habit, schedule: { kind: 'every_n_days', n: 400 } },
      "The schedule's count must be at most 365.",
    ],
    [habitCreateSchema, { ...habit, name: 'x'.repeat(101) }, 'The name must be at most 100 characters.'],
    // invalid_type: missing and wrong
    [habitCreateSchema, { schedule: { kind: 'daily' } }, 'The name is missing.'],
    [goalCreateSchema, { title: 'Books', target: 'twelve' }, 'The target must be a number.'],
    // invalid_value
    [
      habitCreateSchema,
      { ...habit, difficulty: 'extreme' },
      'The difficulty must be one of "easy", "medium", "hard".',
    ],
    // a discriminator no schedule has
    [
      habitCreateSchema,
      { ...habit, schedule: { kind: 'hourly' } },
      `The schedule's kind must be one of "daily", "weekdays", "every_n_days", "per_period".`,
    ],
    // unrecognized_keys
    [habitCreateSchema, { ...habit, colour: 'red' }, 'The input does not take the field "colour".'],
    // custom (refine) and schema-written messages
    [
      habitCreateSchema,
      { ...habit, startDate: '2026-02-30' },
      'The start date must be a real date written YYYY-MM-DD.',
    ],
    [
      habitCreateSchema,
      { ...habit, schedule: { kind: 'weekdays', days: [] } },
      "The schedule's days must name at least one day.",
    ],
    [habitCreateSchema, { ...habit, name: '   ' }, 'The name must not be empty.'],
    // list items
    [
      logImportSchema,
      {
        logs: [
          { date: '2026-11-01', status: 'done' },
          { date: '2026-11-31', status: 'done' },
        ],
      },
      "Log 2's date must be a real date written YYYY-MM-DD.",
    ],
    [goalCreateSchema, { title: 'Books', target: 5, habits: ['nope'] }, 'Habit 1 must be an id.'],
  ])('says %#: %s', (schema, input, sentence) => {
    expect(messageOf(schema as z.ZodType, input)).toBe(sentence);
  });

  it('joins the first three problems as sentences', () => {
    const message = messageOf(habitCreateSchema, {
      name: '',
      schedule: { kind: 'daily' },
      difficulty: 'x',
      priority: 'y',
      goalContribution: -1,
    });
    expect(message.split('. ')).toHaveLength(3);
    expect(message).not.toMatch(/Too small|Invalid|expected/);
  });
});

describe('errorHandler', () => {
  const driverError = (code: string) => Object.assign(new Error(`pg ${code}`), { code });

  async function answer(error: unknown) {
    const koa = { path: '/api/v1/x', status: 200, body: undefined as unknown, type: '' };
    await errorHandler(createLogger('silent'))(koa as unknown as Parameters<Middleware>[0], async () => {
      throw error;
    });
    return { status: koa.status, body: koa.body };
  }

  it('answers database refusals of input that escaped validation with a 4xx, not a 500', async () => {
    expect(await answer(new UniqueConstraintViolationException(driverError('23505')))).toEqual({
      status: 409,
      body: { error: { id: 'conflict', message: 'That clashes with something that already exists.' } },
    });
    expect((await answer(new ForeignKeyConstraintViolationException(driverError('23503')))).status).toBe(404);
    expect(await answer(new ServerException(driverError('22021')))).toEqual({
      status: 400,
      body: { error: { id: 'invalid_input', message: 'The request holds a value that cannot be stored.' } },
    });
  });

  it('keeps other database failures a generic 500', async () => {
    const res = await answer(new ServerException(driverError('23514')));
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: { id: 'internal_error', message: expect.any(String) } });
  });
});
