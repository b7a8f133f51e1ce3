/** `stride start`: the long-running server, with every configured chat platform and the jobs. */
import type { Server } from 'node:http';
import { createAdapters } from '../../adapters/index.js';
import type { Config } from '../config.js';
import { createSentimentScorer, SENTIMENT_TIMEOUT_MS } from '../coach/sentiment.js';
import { openRuntime } from '../runtime.js';
import { openWarehouse, shareWarehouse } from '../warehouse/index.js';
import { createApp } from '../web/app.js';
import { startJobs } from './jobs.js';
import { stopOnSignals } from './shutdown.js';

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
  const app = createApp({
    orm: runtime.orm,
    events: runtime.events,
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
  });
  // Signals are ours from here on: a SIGTERM while the platforms or jobs are still starting stops
  // what has started, in order, instead of killing the process where it stands.
  let stopping = false;
  /** The jobs once they start (a stop during their start waits for it, then stops them). */
  let jobs: Promise<() => Promise<void>> | undefined = undefined;
  const server: Server = app.listen(config.port, config.host);
  stopOnSignals(logger, async () => {
    stopping = true;
    server.close();
    server.closeAllConnections();
    // Running jobs finish (or are released) while the platforms can still send what they enqueue.
    await jobs?.then(
      (stopJobs) => stopJobs(),
      () => undefined,
    );
    // Every adapter, started or not: one that failed to start may still have messages queued.
    for (const adapter of adapters)
      await adapter.stop().catch((error: unknown) => logger.warn({ err: error }, 'adapter stop failed'));
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
