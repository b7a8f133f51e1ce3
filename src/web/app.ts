/**
 * The Koa application: health, metrics, the platform webhooks, the mentor pages under /mentor, the
 * REST API under /api/v1 and its OpenAPI document.
 */
import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import Koa, { type Middleware } from 'koa';
import { createChartRenderer, type ChartRenderer } from '../charts/index.js';
import type { LanguageModel } from '../coach/model.js';
import type { ChatCore } from '../commands/chat-core.js';
import { EventsAfterReply } from '../events/after-reply.js';
import type { EventBus } from '../events/types.js';
import type { Logger } from '../logger.js';
import type { ServiceContext } from '../services/context.js';
import { Outbox } from '../services/outbox.js';
import type { SentimentScorer } from '../services/journal.js';
import type { RedisHealth } from '../redis/connection.js';
import type { Orm } from '../store/orm.js';
import type { Warehouse } from '../warehouse/index.js';
import { mentorPages } from './mentor/routes.js';
import { createMetrics } from './metrics.js';
import { errorHandler } from './middleware/errors.js';
import { openApiDocument } from './openapi.js';
import { mountRoutes, type RouteDefinition } from './route.js';
import { chartRoutes } from './routes/charts.js';
import { chatRoutes } from './routes/chat.js';
import { eventStreamRoutes } from './routes/events.js';
import { goalRoutes } from './routes/goals.js';
import { habitRoutes } from './routes/habits.js';
import { journalRoutes } from './routes/journal.js';
import { healthRouter } from './routes/health.js';
import { logRoutes } from './routes/logs.js';
import { meRoutes } from './routes/me.js';
import { statsRoutes } from './routes/stats.js';
import { closeConnectionsWhenStopping } from './stopping.js';

export const API_PREFIX = '/api/v1';
const VERSION = '0.1.0';

export interface AppDependencies {
  orm: Orm;
  events: EventBus;
  logger: Logger;
  /** Draws chart images; defaults to a renderer with its own in-memory cache. */
  charts?: ChartRenderer;
  /** The clock; tests pin it. */
  now?: () => Date;
  /** Platform webhooks (Slack, Telegram); mounted before the body parser, as they verify raw bodies. */
  webhooks?: Middleware[];
  /** The chat core behind POST /chat; without it that route answers 503. */
  chat?: ChatCore;
  /** How often /me/events sends a heartbeat comment; tests shorten it. */
  eventStreamHeartbeatMs?: number;
  /** Where the mentor page's nudges go; a private outbox when not given. */
  outbox?: Outbox;
  /** Holds each API request's events until its response is on its way; one over `events` when not given. */
  afterReply?: EventsAfterReply;
  /** Where members reach this server (PUBLIC_URL); http://localhost:3000 when not given. */
  publicUrl?: string;
  /** The language model behind the mentor page's Ask the AI; offline answers without one. */
  model?: LanguageModel;
  /** Scores journal entries (PUT /me/journal); the local lexicon when not given. */
  sentiment?: SentimentScorer;
  /** The warehouse whose sync /metrics reports, opened and prepared (shareWarehouse); none: left out. */
  warehouse?: () => Promise<Warehouse>;
  /** How long a /metrics scrape waits for the warehouse; tests shorten it. */
  warehouseScrapeTimeoutMs?: number;
  /** With REDIS_URL: whether Redis answers, which /readyz reports. */
  redisHealth?: () => Promise<RedisHealth>;
  /** Aborted when the server begins to stop (src/web/stopping.ts); never, when not given. */
  stopping?: AbortSignal;
}

/** The parts of the app that live routes answer through. */
export interface LiveRouteDependencies {
  chat?: ChatCore;
  eventStreamHeartbeatMs?: number;
  sentiment?: SentimentScorer;
  /** Ends the event streams when the server stops. */
  stopping?: AbortSignal;
}

/** Every route of the REST API. */
export function apiRoutes(charts: ChartRenderer, live: LiveRouteDependencies = {}): RouteDefinition[] {
  return [
    ...habitRoutes,
    ...logRoutes,
    ...statsRoutes,
    ...chartRoutes(charts),
    ...goalRoutes,
    ...meRoutes,
    ...journalRoutes(live.sentiment),
    ...eventStreamRoutes(live.eventStreamHeartbeatMs, live.stopping),
    ...chatRoutes(live.chat),
  ] as RouteDefinition[];
}

/** Builds the HTTP application (it does not listen). */
export function createApp(deps: AppDependencies): Koa {
  const app = new Koa();
  app.proxy = true;
  const metrics = createMetrics(
    deps.orm,
    deps.warehouse && {
      warehouse: deps.warehouse,
      timeoutMs: deps.warehouseScrapeTimeoutMs,
      logger: deps.logger,
    },
  );
  const now = deps.now ?? (() => new Date());

  // Errors after the response has started (a streamed body) reach the app, not errorHandler. A
  // client that leaves an event stream is how such a stream ends, not a failure.
  app.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'ERR_STREAM_PREMATURE_CLOSE') return;
    deps.logger.error({ err: error }, 'response failed');
  });
  if (deps.stopping) app.use(closeConnectionsWhenStopping(deps.stopping));
  app.use(errorHandler(deps.logger));
  app.use(metrics.middleware);
  app.use(healthRouter(deps.orm, { redisHealth: deps.redisHealth, stopping: deps.stopping }).routes());
  for (const webhook of deps.webhooks ?? []) app.use(webhook);

  const charts = deps.charts ?? createChartRenderer();
  app.use(
    mentorPages({
      orm: deps.orm,
      events: deps.events,
      logger: deps.logger,
      charts,
      now,
      outbox: deps.outbox ?? new Outbox(),
      publicUrl: deps.publicUrl ?? 'http://localhost:3000',
      model: deps.model,
      heartbeatMs: deps.eventStreamHeartbeatMs,
      stopping: deps.stopping,
    }),
  );

  const routes = apiRoutes(charts, deps);
  const document = openApiDocument(routes, API_PREFIX, VERSION);
  const api = new Router({ prefix: API_PREFIX });
  api.get('/openapi.json', (koa) => {
    koa.body = document;
  });
  // Each request gets its own EntityManager: no identity map is ever shared between requests. Its
  // events are published once its response is on its way.
  const afterReply = deps.afterReply ?? new EventsAfterReply(deps.events, deps.logger);
  api.use(async (koa, next) => {
    const events = afterReply.hold();
    koa.state.services = { em: deps.orm.em.fork(), events, now } satisfies ServiceContext;
    try {
      await next();
    } finally {
      events.release();
    }
  });
  mountRoutes(api, routes);

  app.use(bodyParser({ enableTypes: ['json'], jsonLimit: '5mb', encoding: 'utf-8' }));
  app.use(api.routes());
  app.use(api.allowedMethods({ throw: true }));
  return app;
}
