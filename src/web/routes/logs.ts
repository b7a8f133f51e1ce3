/** /habits/:id/logs: one log per habit per day. */
import { z } from 'zod';
import { dateRangeSchema, localDateSchema, logImportSchema, logInputSchema } from '../../services/inputs.js';
import { importLogs, logDay } from '../../services/log-habit.js';
import { deleteLog, listLogs } from '../../services/logs.js';
import { logDto, presentLog } from '../presenters.js';
import { defineRoute, idParams } from '../route.js';

const tag = 'Logs';
const resource = 'Habit';
const dayParams = idParams.extend({ date: localDateSchema });

export const logRoutes = [
  defineRoute({
    method: 'get',
    path: '/habits/:id/logs',
    summary: "List a habit's logs, optionally between two days",
    tag,
    resource,
    params: idParams,
    query: dateRangeSchema,
    response: z.array(logDto),
    handler: async ({ services, user, params, query }) =>
      (await listLogs(services, user, params.id, query)).map(presentLog),
  }),
  defineRoute({
    method: 'put',
    path: '/habits/:id/logs/:date',
    summary: 'Log a day (idempotent: logging the same day again updates it); future days are refused',
    description:
      'Logging a day that already has a log updates it. An `amount` or `note` that is absent keeps the ' +
      "day's value; one sent as null clears it. A day before the habit's start moves the start back to it. " +
      'Days before 1970-01-01 are refused.',
    tag,
    resource,
    params: dayParams,
    body: logInputSchema,
    response: logDto,
    handler: async ({ services, user, params, body }) =>
      presentLog(await logDay(services, user, params.id, params.date, body)),
  }),
  defineRoute({
    method: 'delete',
    path: '/habits/:id/logs/:date',
    summary: "Undo a day's log",
    description:
      "Undoing the habit's earliest log moves its start back to the earlier of its declared start and the " +
      'earliest log left. A day in the future (after a time zone change) can be undone too.',
    tag,
    resource,
    params: dayParams,
    handler: async ({ services, user, params }) => deleteLog(services, user, params.id, params.date),
  }),
  defineRoute({
    method: 'post',
    path: '/habits/:id/logs',
    summary: 'Import up to 10,000 logs in one transaction, all or nothing, overwriting existing days',
    description: "An imported day replaces the day's log entirely: an absent amount or note clears it.",
    tag,
    resource,
    params: idParams,
    body: logImportSchema,
    response: z.object({ imported: z.number() }),
    handler: async ({ services, user, params, body }) => importLogs(services, user, params.id, body),
  }),
];
