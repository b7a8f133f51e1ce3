/** `stride start`: the long-running server, with every configured chat platform and the jobs. */
import type { Server } from 'node:http';
import { createAdapters } from '../../adapters/index.js';
import type { Config } from '../config.js';
import { createSentimentScorer, SENTIMENT_TIMEOUT_MS } from '../coach/sentiment.js';
import { openRuntime } from '../runtime.js';
import { openWarehouse, shareWarehouse } from '../warehouse/index.js';
import { createApp } from '../web/app.js';
import { createStopping } from '../web/stopping.js';
import type { Logger } from '../logger.js';
import { startJobs } from './jobs.js';
import { finishesBefore, stopOnSignals } from './shutdown.js';

/** Boots Stride, listens on PORT, starts the platforms, and shuts down cleanly on SIGINT or SIGTERM. */
export async function startServer(config: Config): Promise<void> {
  const runtime = await openRuntime(config);
  const { logger } = runtime;
  const adapters = createAdapters(config, {
    core: runtime.chat,
    charts: runtime.charts,
    logger,
    deliveries: runtime.deliveries,
  });
  // Opened at the first /metrics scrape, not at boot: a warehouse that is down never stops the server.
  const warehouse = shareWarehouse(() => openWarehouse(config, runtime.orm.em.fork()));
  const stoppingServer = createStopping();
  const app = createApp({
    orm: runtime.orm,
    events: runtime.events,
    afterReply: runtime.afterReply,
    logger,
    charts: runtime.charts,
    chat: runtime.chat,
    outbox: runtime.outbox,
    publicUrl: config.publicUrl,
    model: runtime.model,
    // Journal lines over the API are scored like those in chat: the model if any, else the lexicon.
    sentiment: createSentimentScorer(
      runtime.model,
      logger,
      Math.min(config.coach.timeoutMs, SENTIMENT_TIMEOUT_MS),
    ),
    webhooks: adapters.flatMap((adapter) => (adapter.middleware ? [adapter.middleware] : [])),
    warehouse: warehouse.get,
    redisHealth: runtime.redisHealth,
    stopping: stoppingServer.signal,
  });
  // Signals are ours from here on: a SIGTERM while the platforms or jobs are still starting stops
  // what has started, in order, instead of killing the process where it stands.
  let stopping = false;
  /** The jobs once they start (a stop during their start waits for it, then stops them). */
  let jobs: ReturnType<typeof startJobs> | undefined = undefined;
  const server: Server = app.listen(config.port, config.host);
  stopOnSignals(logger, async ({ drain, grace }) => {
    stopping = true;
    // /readyz answers 503 from now on, answers close their connections and event streams end.
    stoppingServer.abort();
    // No new connections; requests in flight finish, and so do running jobs, while the platforms
    // can still send what they enqueue. What outlasts the drain is cut (requests) or released (jobs).
    await Promise.all([
      closeServer(server, drain, logger),
      jobs?.then(
        (stopJobs) => stopJobs(drain),
        () => undefined,
      ),
    ]);
    // The platforms stop taking messages, finish those in hand and send what they hold: every
    // adapter, started or not, as one that failed to start may still have messages queued.
    const platforms = Promise.all(
      adapters.map((adapter) =>
        adapter.stop().catch((error: unknown) => logger.warn({ err: error }, 'adapter stop failed')),
      ),
    );
    if (!(await finishesBefore(platforms, grace)))
      logger.warn('platforms still sending at the end of the grace period were left');
    await warehouse.close().catch((error: unknown) => logger.warn({ err: error }, 'warehouse close failed'));
    await runtime.close();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  }).catch(async (error: unknown) => {
    await runtime.close();
    throw error;
  });
  logger.info(`Stride is listening on http://localhost:${config.port} (API at /api/v1)`);

  // A platform that cannot start (a revoked token, an outage) must not take the others down. Its
  // Messenger is registered all the same, as `stride worker` registers every configured one without
  // starting it: sending needs only the platform's API. Otherwise this process, delivering the
  // outbox, would fail that platform's messages (spending their attempts) while another process
  // could send them; a send that cannot work fails with the platform's own error instead.
  for (const adapter of adapters) {
    if (stopping) return;
    runtime.messengers.register(adapter.platform, adapter.messenger);
    try {
      await adapter.start();
      logger.info({ platform: adapter.platform }, 'platform adapter started');
    } catch (error) {
      logger.error(
        { platform: adapter.platform, err: error },
        'platform adapter failed to start; continuing without receiving from it',
      );
    }
  }

  // Jobs start once the platforms can send; JOBS=off leaves them to another process.
  if (stopping) return;
  if (!config.jobs) {
    logger.info('jobs are off in this process (JOBS=off)');
    return;
  }
  jobs = startJobs(runtime);
  await jobs;
}

/**
 * Stops accepting connections and closes the idle ones (keep-alive between requests); requests in
 * flight finish, each closing its connection, until `drain` aborts; then what is left is cut.
 */
function closeServer(server: Server, drain: AbortSignal, logger: Logger): Promise<void> {
  return new Promise((resolve) => {
    const cut = () => {
      logger.warn('requests still in flight at the end of the drain were cut');
      server.closeAllConnections();
    };
    drain.addEventListener('abort', cut, { once: true });
    // close() refuses new connections at once and, since Node 19, closes the idle ones.
    server.close(() => {
      drain.removeEventListener('abort', cut);
      resolve();
    });
  });
}
