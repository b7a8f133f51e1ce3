/** /goals: targets fed by habits. */
import { z } from 'zod';
import {
  createGoal,
  deleteGoal,
  getGoal,
  habitIdsOfGoals,
  listGoals,
  progressOf,
  updateGoal,
} from '../../services/goals.js';
import type { ServiceContext } from '../../services/context.js';
import { goalCreateSchema, goalPatchSchema } from '../../services/inputs.js';
import type { Goal } from '../../store/entities/index.js';
import { goalDto, presentGoal, presentProgress, progressDto } from '../presenters.js';
import { defineRoute, idParams } from '../route.js';

const tag = 'Goals';
const resource = 'Goal';

async function present(services: ServiceContext, goal: Goal) {
  const [presented] = await presentAll(services, [goal]);
  return presented!;
}

async function presentAll(services: ServiceContext, goals: Goal[]) {
  const habitIds = await habitIdsOfGoals(services, goals);
  return goals.map((goal) => presentGoal(goal, habitIds.get(goal.id) ?? []));
}

export const goalRoutes = [
  defineRoute({
    method: 'get',
    path: '/goals',
    summary: 'List your goals',
    tag,
    response: z.array(goalDto),
    handler: async ({ services, user }) => {
      return presentAll(services, await listGoals(services, user));
    },
  }),
  defineRoute({
    method: 'post',
    path: '/goals',
    summary: 'Create a goal, optionally fed by some of your habits',
    tag,
    notFound: 'One of the habits is not found, or not yours',
    conflict: 'You already have a goal of that title (goal_exists)',
    body: goalCreateSchema,
    response: goalDto,
    status: 201,
    handler: async ({ services, user, body }) => present(services, await createGoal(services, user, body)),
  }),
  defineRoute({
    method: 'get',
    path: '/goals/:id',
    summary: 'Get a goal',
    tag,
    resource,
    params: idParams,
    response: goalDto,
    handler: async ({ services, user, params }) =>
      present(services, await getGoal(services, user, params.id)),
  }),
  defineRoute({
    method: 'patch',
    path: '/goals/:id',
    summary: 'Edit a goal; habits, when given, replaces its contributing habits',
    tag,
    conflict: 'Another of your goals has that title (goal_exists)',
    resource,
    params: idParams,
    body: goalPatchSchema,
    response: goalDto,
    handler: async ({ services, user, params, body }) =>
      present(services, await updateGoal(services, user, params.id, body)),
  }),
  defineRoute({
    method: 'delete',
    path: '/goals/:id',
    summary: 'Delete a goal (its habits stay)',
    tag,
    resource,
    params: idParams,
    handler: async ({ services, user, params }) => deleteGoal(services, user, params.id),
  }),
  defineRoute({
    method: 'get',
    path: '/goals/:id/progress',
    summary: "A goal's progress toward its target",
    tag,
    resource,
    params: idParams,
    response: progressDto,
    handler: async ({ services, user, params }) =>
      presentProgress(await progressOf(services, user, params.id)),
  }),
];
