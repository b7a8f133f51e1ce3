/** /me: the member behind the token. */
import { z } from 'zod';
import { dashboardOf } from '../../services/stats.js';
import { habitDto, presentHabit, presentUser, userDto } from '../presenters.js';
import { defineRoute } from '../route.js';
import { statsDto } from './stats.js';

const tag = 'Me';

export const meRoutes = [
  defineRoute({
    method: 'get',
    path: '/me',
    summary: 'Who you are',
    tag,
    response: userDto,
    handler: async ({ user }) => presentUser(user),
  }),
  defineRoute({
    method: 'get',
    path: '/me/dashboard',
    summary: "Every current habit with today's status, streaks and score, plus your risk",
    tag,
    response: z.object({
      today: z.string(),
      habits: z.array(
        z.object({ habit: habitDto, today: z.object({ status: z.string() }).loose(), stats: statsDto }),
      ),
      risk: z.object({ score: z.number(), level: z.enum(['low', 'medium', 'high']) }).loose(),
    }),
    handler: async ({ services, user }) => {
      const dashboard = await dashboardOf(services, user);
      return {
        today: dashboard.today,
        habits: dashboard.habits.map((entry) => ({
          habit: presentHabit(entry.habit),
          today: entry.today,
          stats: entry.stats,
        })),
        risk: dashboard.risk,
      };
    },
  }),
];
