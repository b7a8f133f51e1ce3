/** Progress of one habit: stats, score series, heatmap. */
import { z } from 'zod';
import { ValidationError } from '../../errors.js';
import { todayFor } from '../../services/context.js';
import { dateRangeSchema, localDateSchema } from '../../services/inputs.js';
import { heatmapOf, scoresOf, statsOf } from '../../services/stats.js';
import { defineRoute, idParams } from '../route.js';

const tag = 'Stats';
const resource = 'Habit';
const run = z.object({ start: z.string(), end: z.string(), length: z.number() });

export const statsDto = z
  .object({
    currentStreak: z.number(),
    longestStreak: z.number(),
    bestStreaks: z.array(run),
    score: z.number(),
    adherence: z.object({
      d7: z.number().nullable(),
      d30: z.number().nullable(),
      d90: z.number().nullable(),
    }),
    consistency: z.number().nullable(),
    atRisk: z.boolean(),
    suggestions: z.array(z.object({ kind: z.string(), message: z.string() }).loose()),
  })
  .meta({ id: 'HabitStats' });

export const statsRoutes = [
  defineRoute({
    method: 'get',
    path: '/habits/:id/stats',
    summary: "A habit's streaks, strength score, adherence, risk and suggestions as of a day (default today)",
    tag,
    resource,
    params: idParams,
    query: z.object({ asOf: localDateSchema.optional() }),
    response: statsDto,
    handler: async ({ services, user, params, query }) => {
      // Stats of a day to come would judge days that have not happened as missed.
      const today = todayFor(services, user);
      if (query.asOf && query.asOf > today) {
        throw ValidationError(`asOf (${query.asOf}) is in the future; today is ${today}.`, 'future_date');
      }
      return statsOf(services, user, params.id, query.asOf);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/habits/:id/scores',
    summary: 'The habit strength score of every day in a range (default the last 90 days)',
    tag,
    resource,
    params: idParams,
    query: dateRangeSchema,
    response: z.array(z.object({ date: z.string(), score: z.number() })),
    handler: async ({ services, user, params, query }) => scoresOf(services, user, params.id, query),
  }),
  defineRoute({
    method: 'get',
    path: '/habits/:id/heatmap',
    summary: "Each day's status in a range (default the last 365 days)",
    tag,
    resource,
    params: idParams,
    query: dateRangeSchema,
    response: z.array(z.object({ date: z.string(), status: z.string(), amount: z.number().nullable() })),
    handler: async ({ services, user, params, query }) => heatmapOf(services, user, params.id, query),
  }),
];
