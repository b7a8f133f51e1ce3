/** /habits: a member's habits. */
import { z } from 'zod';
import { createHabit, deleteHabit, getHabit, listHabits, updateHabit } from '../../services/habits.js';
import { habitCreateSchema, habitPatchSchema } from '../../services/inputs.js';
import { habitDto, presentHabit } from '../presenters.js';
import { defineRoute, idParams } from '../route.js';

const tag = 'Habits';
const resource = 'Habit';

export const habitRoutes = [
  defineRoute({
    method: 'get',
    path: '/habits',
    summary: 'List your habits (archived ones with ?archived=true)',
    tag,
    query: z.object({ archived: z.enum(['true', 'false']).optional() }),
    response: z.array(habitDto),
    handler: async ({ services, user, query }) =>
      (await listHabits(services, user, { includeArchived: query.archived === 'true' })).map(presentHabit),
  }),
  defineRoute({
    method: 'post',
    path: '/habits',
    summary: 'Create a habit',
    tag,
    conflict: 'You already have a live habit of that name (habit_exists)',
    body: habitCreateSchema,
    response: habitDto,
    status: 201,
    handler: async ({ services, user, body }) => presentHabit(await createHabit(services, user, body)),
  }),
  defineRoute({
    method: 'get',
    path: '/habits/:id',
    summary: 'Get a habit',
    tag,
    resource,
    params: idParams,
    response: habitDto,
    handler: async ({ services, user, params }) => presentHabit(await getHabit(services, user, params.id)),
  }),
  defineRoute({
    method: 'patch',
    path: '/habits/:id',
    summary: 'Edit a habit; status pauses (paused), resumes (active) or archives (archived) it',
    description:
      'A new `startDate` becomes the start that undoing backdated logs returns to; it may not come after the ' +
      "habit's first log (400 start_after_logs).",
    tag,
    conflict: 'Another live habit has that name, e.g. when renaming or unarchiving (habit_exists)',
    resource,
    params: idParams,
    body: habitPatchSchema,
    response: habitDto,
    handler: async ({ services, user, params, body }) =>
      presentHabit(await updateHabit(services, user, params.id, body)),
  }),
  defineRoute({
    method: 'delete',
    path: '/habits/:id',
    summary: 'Delete a habit and all its logs',
    tag,
    resource,
    params: idParams,
    handler: async ({ services, user, params }) => deleteHabit(services, user, params.id),
  }),
];
