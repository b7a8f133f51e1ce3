/**
 * The jobs of a process that runs them (`stride start` unless JOBS=off, and `stride worker`):
 * Agenda 6 on PostgreSQL schedules each job (its locking runs each occurrence in one process only)
 * and the delivery loop sends what the jobs enqueue. Agenda's tables come from a migration
 * (ensureSchema off): processes starting together would otherwise race on creating them.
 */
import { Agenda } from 'agenda';
import { PostgresBackend } from '@agendajs/postgres-backend';
import type { Logger } from '../logger.js';
import { DeliveryLoop, type OutboxDeliveryDependencies } from './delivery.js';
import { runJob, type JobRunDependencies } from './run.js';
import type { JobDefinition } from './types.js';

export interface JobSchedulerOptions {
  databaseUrl: string;
  jobs: readonly JobDefinition[];
  /** How often Agenda looks for due jobs (LISTEN/NOTIFY makes most pickups sooner). */
  processEvery?: string;
  /** A job locked longer than this is considered crashed and may run elsewhere. */
  lockLifetimeMs?: number;
  /** How long stop() lets running jobs finish before releasing them. */
  drainTimeoutMs?: number;
  /** How often the delivery loop polls the outbox. */
  deliveryIntervalMs?: number;
}

type Dependencies = JobRunDependencies & OutboxDeliveryDependencies & { logger: Logger };

export class JobScheduler {
  private agenda: Agenda | undefined;
  private backend: PostgresBackend | undefined;
  /** Agenda's ids of the jobs running in this process, to release any the drain could not wait for. */
  private readonly running = new Set<string>();
  private readonly delivery: DeliveryLoop;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly deps: Dependencies,
    private readonly options: JobSchedulerOptions,
  ) {
    this.delivery = new DeliveryLoop(deps, options.deliveryIntervalMs);
  }

  async start(): Promise<void> {
    const { logger } = this.deps;
    const backend = new PostgresBackend({ connectionString: this.options.databaseUrl, ensureSchema: false });
    const agenda = new Agenda({
      backend,
      processEvery: this.options.processEvery ?? '10 seconds',
      defaultLockLifetime: this.options.lockLifetimeMs ?? 10 * 60 * 1000,
    });
    agenda.on('error', (error: unknown) => logger.error({ err: error }, 'job scheduler error'));
    for (const job of this.options.jobs) {
      // The run is recorded (and its error logged) by runJob; Agenda records the failure too.
      agenda.define(job.name, async (occurrence) => {
        const id = String(occurrence.attrs._id);
        this.running.add(id);
        try {
          await runJob(this.deps, job, new Date());
        } finally {
          this.running.delete(id);
        }
      });
    }
    await agenda.start();
    this.agenda = agenda;
    this.backend = backend;
    for (const job of this.options.jobs) await agenda.every(job.every, job.name);
    this.unsubscribe = this.deps.outbox.onEnqueued(() => this.delivery.kick());
    this.delivery.start();
    logger.info({ jobs: this.options.jobs.map((job) => job.name) }, 'jobs started');
  }

  /** Lets running jobs finish (releasing any still running after the drain timeout), then stops delivery. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    const { agenda, backend } = this;
    this.agenda = undefined;
    this.backend = undefined;
    if (agenda && backend) {
      // drain() stops picking up jobs and waits for the running ones, but leaves locked any it
      // gave up on: release those, so another process runs them, then close the connections.
      const drained = await agenda.drain({
        timeout: this.options.drainTimeoutMs ?? 30_000,
        closeConnection: false,
      });
      if (drained.timedOut && this.running.size) {
        this.deps.logger.warn({ jobs: this.running.size }, 'releasing jobs still running at shutdown');
        await agenda.db.unlockJobs([...this.running]);
      }
      await backend.disconnect();
    }
    await this.delivery.stop();
  }
}
