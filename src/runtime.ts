/**
 * Boots what every entry point shares: config, logger, database (embedded or configured), ORM with
 * its migrations applied, and the event bus. The server and each CLI command open one and close it.
 */
import { createChartRenderer, type ChartRenderer } from './charts/index.js';
import { createCoach } from './coach/coach.js';
import { createGeminiModel } from './coach/gemini.js';
import type { LanguageModel } from './coach/model.js';
import { createGoalPlanner } from './coach/planner.js';
import { createChatCore, type ChatCore } from './commands/chat-core.js';
import type { Config } from './config.js';
import { InProcessEventBus } from './events/in-process.js';
import type { EventBus } from './events/types.js';
import { createLogger, type Logger } from './logger.js';
import type { ServiceContext } from './services/context.js';
import { subscribeCelebrations } from './services/celebrations.js';
import { MessengerRegistry } from './services/messengers.js';
import { Outbox } from './services/outbox.js';
import { openDatabase, type DatabaseHandle } from './store/database.js';
import { connectOrm, migrate, type Orm } from './store/orm.js';

export interface Runtime {
  config: Config;
  logger: Logger;
  orm: Orm;
  /** The database's URL (the embedded server's when DATABASE_URL is unset), for the job scheduler. */
  databaseUrl: string;
  events: EventBus;
  charts: ChartRenderer;
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
  const events = new InProcessEventBus(logger);
  const connected = orm;
  const services = (now = () => new Date()): ServiceContext => ({ em: connected.em.fork(), events, now });
  const outbox = new Outbox();
  // Whatever process writes a log enqueues its celebrations (JOBS=off too); a deliverer sends them.
  subscribeCelebrations({ events, services: () => services(), outbox, logger });
  const charts = createChartRenderer();
  const model = config.gemini ? createGeminiModel(config.gemini) : undefined;
  const coach = createCoach({
    model,
    planner: createGoalPlanner(model, config.coach.timeoutMs),
    limits: config.coach,
    logger,
  });
  return {
    config,
    logger,
    orm: connected,
    databaseUrl: database.url,
    events,
    charts,
    ...(model && { model }),
    chat: createChatCore({
      orm: connected,
      events,
      charts,
      coach,
      logger,
      outbox,
      publicUrl: config.publicUrl,
    }),
    messengers: new MessengerRegistry(),
    outbox,
    services,
    close: async () => {
      await connected.close();
      await database.stop();
    },
  };
}
