/**
 * `stride worker`: the jobs and outbound delivery without the HTTP server, for operators who run
 * them apart from (or beside) `stride start` processes. It sends through every configured
 * platform but receives nothing: the servers do.
 */
import type { Config } from '../config.js';
import { openRuntime } from '../runtime.js';
import { registerSendOnlyMessengers, startJobs } from './jobs.js';
import { stopOnSignals } from './shutdown.js';

export async function startWorker(config: Config): Promise<void> {
  const runtime = await openRuntime(config);
  registerSendOnlyMessengers(runtime);
  const jobs = startJobs(runtime);
  // Installed before the jobs are up: a SIGTERM while they start waits for the start, then stops them.
  // Running jobs finish within the drain (or are released to another worker), a send in progress
  // completes, then the database closes.
  stopOnSignals(runtime.logger, async ({ drain }) => {
    await jobs.then(
      (stopJobs) => stopJobs(drain),
      () => undefined,
    );
    await runtime.close();
  });
  await jobs;
  runtime.logger.info({ platforms: runtime.messengers.platforms() }, 'Stride worker is running the jobs');
}
