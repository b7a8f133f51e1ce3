/**
 * Boots what every entry point shares: config, logger, database (embedded or configured), ORM with
 * its migrations applied, and what processes share (events, caches, limits: src/shared-state.ts).
 * The server and each CLI command open one and close it.
 */
import { createChartRenderer, type ChartRenderer } from './charts/index.js';
import { createCoach } from './coach/coach.js';
import { createGeminiModel } from './coach/gemini.js';
import type { LanguageModel } from './coach/model.js';
import { createGoalPlanner } from './coach/planner.js';
import { createChatCore, type ChatCore } from './commands/chat-core.js';
import { EventsAfterReply } from './events/after-reply.js';
import type { Config } from './config.js';
import type { EventBus } from './events/types.js';
import { createLogger, type Logger } from './logger.js';
import type { ServiceContext } from './services/context.js';
import { subscribeCelebrations } from './services/celebrations.js';
import { MessengerRegistry } from './services/messengers.js';
import { Outbox } from './services/outbox.js';
import type { DeliveryClaimsFactory } from './ports/platform.js';
import type { RedisHealth } from './redis/connection.js';
import { openSharedState } from './shared-state.js';
import { openDatabase, type DatabaseHandle } from './store/database.js';
import { connectOrm, migrate, type Orm } from './store/orm.js';

export interface Runtime {
  config: Config;
  logger: Logger;
  orm: Orm;
  /** The database's URL (the embedded server's when DATABASE_URL is unset), for the job scheduler. */
  databaseUrl: string;
  events: EventBus;
  /** Holds each chat invocation's and API request's events until its reply is on its way. */
  afterReply: EventsAfterReply;
  charts: ChartRenderer;
  /** Where platform adapters record the deliveries they take (shared between processes with Redis). */
  deliveries: DeliveryClaimsFactory;
  /** With REDIS_URL: whether Redis answers now, for /readyz. */
  redisHealth?: () => Promise<RedisHealth>;
  /** The language model when GEMINI_API_KEY is set (the coach, review summaries); none offline. */
  model?: LanguageModel;
  /** The chat core every adapter talks to. */
  chat: ChatCore;
  /** The Messengers of the adapters started in this process (empty until `stride start` starts them). */
  messengers: MessengerRegistry;
  /** Where every message Stride starts itself goes first. */
  outbox: Outbox;
  /** A fresh service context (its own EntityManager) for one unit of work; `now` pins its clock. */
  services(now?: () => Date): ServiceContext;
  close(): Promise<void>;
}

/** Opens the runtime and applies pending migrations (start, migrate and every CLI command do). */
export async function openRuntime(config: Config, logger = createLogger(config.logLevel)): Promise<Runtime> {
  const database: DatabaseHandle = await openDatabase(config, logger);
  let orm: Orm | undefined;
  try {
    orm = await connectOrm(database.url, logger);
    const applied = await migrate(orm);
    if (applied.length) logger.info({ migrations: applied }, 'migrations applied');
  } catch (error) {
    await orm?.close();
    await database.stop();
    throw error;
  }
  const shared = await openSharedState(config, logger);
  const { events } = shared;
  const connected = orm;
  const services = (now = () => new Date()): ServiceContext => ({ em: connected.em.fork(), events, now });
  const outbox = new Outbox();
  const afterReply = new EventsAfterReply(events, logger);
  // Whatever process writes a log enqueues its celebrations (JOBS=off too); a deliverer sends them.
  subscribeCelebrations({ events, services: () => services(), outbox, logger });
  const charts = createChartRenderer({ cache: shared.chartCache });
  const model = config.gemini ? createGeminiModel(config.gemini) : undefined;
  const coach = createCoach({
    model,
    planner: createGoalPlanner(model, config.coach.timeoutMs),
    limits: config.coach,
    usage: shared.coachUsage,
    logger,
  });
  return {
    config,
    logger,
    orm: connected,
    databaseUrl: database.url,
    events,
    afterReply,
    charts,
    deliveries: shared.deliveries,
    ...(shared.redisHealth && { redisHealth: shared.redisHealth }),
    ...(model && { model }),
    chat: createChatCore({
      orm: connected,
      events,
      charts,
      coach,
      logger,
      outbox,
      publicUrl: config.publicUrl,
      afterReply,
    }),
    messengers: new MessengerRegistry(),
    outbox,
    services,
    close: async () => {
      // The events of the last replies are published (their celebrations enqueued) before the
      // connections close.
      await afterReply.settled();
      await shared.close();
      await connected.close();
      await database.stop();
    },
  };
}
