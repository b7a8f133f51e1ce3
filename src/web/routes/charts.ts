/** Chart images of a habit or a goal, as PNG. */
import { z } from 'zod';
import type { ChartRenderer } from '../../charts/index.js';
import type { Context } from 'koa';
import {
  allHabitsChart,
  goalChart,
  HABIT_CHART_KINDS,
  habitChart,
  type ChartImage,
} from '../../services/charts.js';
import { defineRoute, idParams } from '../route.js';

const tag = 'Charts';
const png = 'image/png';

/** Charts change as logs come in: a browser may keep one a minute, a shared cache never. */
function privatePng(koa: Context, image: ChartImage): Buffer {
  koa.set('Cache-Control', 'private, max-age=60');
  return image.png;
}

/** The chart routes, drawing with the app's renderer (and its cache). */
export function chartRoutes(charts: ChartRenderer) {
  return [
    defineRoute({
      method: 'get',
      path: '/habits/:id/charts/:kind.png',
      summary:
        "A habit's chart: the heatmap over the habit's life (12 to 53 weeks), the last 12 weeks' bars, or the 90-day strength trend",
      tag,
      resource: 'Habit',
      params: idParams.extend({ kind: z.enum(HABIT_CHART_KINDS) }),
      produces: png,
      handler: async ({ services, user, params, koa }) => {
        return privatePng(koa, await habitChart(services, charts, user, params.id, params.kind));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/me/charts/heatmap.png',
      summary:
        'All your current habits over the last 52 weeks, each day coloured by the share of due habits done',
      tag,
      produces: png,
      handler: async ({ services, user, koa }) => {
        return privatePng(koa, await allHabitsChart(services, charts, user));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/goals/:id/chart.png',
      summary: "A goal's progress toward its target, with the pace line to its deadline",
      tag,
      resource: 'Goal',
      params: idParams,
      produces: png,
      handler: async ({ services, user, params, koa }) => {
        return privatePng(koa, await goalChart(services, charts, user, params.id));
      },
    }),
  ];
}
