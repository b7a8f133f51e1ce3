/**
 * The jobs of a process that runs them (`stride start` unless JOBS=off, and `stride worker`):
 * Agenda 6 on PostgreSQL schedules each job (its locking runs each occurrence in one process only)
 * and the delivery loop sends what the jobs enqueue. Agenda's tables come from a migration
 * (ensureSchema off): processes starting together would otherwise race on creating them.
 *
 * The scheduler's connections are ours (a pool handed to the backend), so that PostgreSQL going
 * away (a restart, a crash) is logged and outlived: an 'error' nobody listens to, on the pool or
 * on the LISTEN connection's channel, would end the process. Both reconnect by themselves.
 */
import { Agenda, type Job } from 'agenda';
import { PostgresBackend } from '@agendajs/postgres-backend';
import pg from 'pg';
import type { Logger } from '../logger.js';
import { DeliveryLoop, type OutboxDeliveryDependencies } from './delivery.js';
import { runJob, type JobRunDependencies } from './run.js';
import type { JobDefinition } from './types.js';

export interface JobSchedulerOptions {
  databaseUrl: string;
  jobs: readonly JobDefinition[];
  /**
   * How often Agenda looks for due jobs, in milliseconds (LISTEN/NOTIFY makes most pickups
   * sooner). A number, because Agenda reads a text with human-interval, which takes
   * '200 milliseconds' for 200 seconds.
   */
  processEveryMs?: number;
  /** A job locked longer than this is considered crashed and may run elsewhere. */
  lockLifetimeMs?: number;
  /** How long stop() lets running jobs finish before releasing them, when not told. */
  drainTimeoutMs?: number;
  /** How often the delivery loop polls the outbox. */
  deliveryIntervalMs?: number;
}

type Dependencies = JobRunDependencies & OutboxDeliveryDependencies & { logger: Logger };

export class JobScheduler {
  private agenda: Agenda | undefined;
  private backend: PostgresBackend | undefined;
  private pool: pg.Pool | undefined;
  /** Agenda's ids of the occurrences running in this process, to release any the drain could not wait for. */
  private readonly running = new Set<string>();
  /** Called when the last running occurrence completes (a stop is waiting). */
  private onIdle: (() => void) | undefined;
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
    const pool = new pg.Pool({ connectionString: this.options.databaseUrl, application_name: 'stride-jobs' });
    // An idle connection the server ended: the pool drops it and opens another when needed.
    pool.on('error', (error) => logger.warn({ err: error }, 'job scheduler lost a database connection'));
    const backend = new PostgresBackend({ pool, ensureSchema: false });
    // LISTEN's connection lost: Agenda polls every processEvery meanwhile, and the channel reconnects.
    backend.notificationChannel?.on('error', (error: unknown) =>
      logger.warn({ err: error }, 'job notifications interrupted; reconnecting'),
    );
    const agenda = new Agenda({
      backend,
      processEvery: this.options.processEveryMs ?? 10_000,
      defaultLockLifetime: this.options.lockLifetimeMs ?? 10 * 60 * 1000,
    });
    agenda.on('error', (error: unknown) => logger.error({ err: error }, 'job scheduler error'));
    // An occurrence runs from 'start' until 'complete', which Agenda emits once it has saved the
    // result and unlocked the job: a stop waits for that, not merely for the run to return.
    agenda.on('start', (occurrence: Job) => this.running.add(String(occurrence.attrs._id)));
    agenda.on('complete', (occurrence: Job) => {
      this.running.delete(String(occurrence.attrs._id));
      if (!this.running.size) this.onIdle?.();
    });
    for (const job of this.options.jobs) {
      // The run is recorded (and its error logged) by runJob; Agenda records the failure too.
      agenda.define(job.name, async () => {
        await runJob(this.deps, job, new Date());
      });
    }
    await agenda.start();
    this.agenda = agenda;
    this.backend = backend;
    this.pool = pool;
    for (const job of this.options.jobs) await agenda.every(job.every, job.name);
    this.unsubscribe = this.deps.outbox.onEnqueued(() => this.delivery.kick());
    this.delivery.start();
    logger.info({ jobs: this.options.jobs.map((job) => job.name) }, 'jobs started');
  }

  /**
   * Stops taking jobs and releases those locked here but not started yet; lets running ones finish
   * until `drain` aborts (the drain timeout without one), then releases those still running so
   * another process runs them; then stops delivery, letting a send in progress finish.
   */
  async stop(drain?: AbortSignal): Promise<void> {
    this.unsubscribe?.();
    const { agenda, backend, pool } = this;
    this.agenda = undefined;
    this.backend = undefined;
    this.pool = undefined;
    if (agenda && backend && pool) {
      // stop() unlocks the occurrences this process had locked ahead of their time (Agenda locks
      // what falls due within processEvery); drain() would leave them locked for a lock lifetime.
      await agenda.stop(false);
      await this.untilIdle(drain ?? AbortSignal.timeout(this.options.drainTimeoutMs ?? 30_000));
      if (this.running.size) {
        this.deps.logger.warn({ jobs: this.running.size }, 'releasing jobs still running at shutdown');
        await agenda.db.unlockJobs([...this.running]);
      }
      await backend.disconnect();
      await pool.end();
    }
    await this.delivery.stop();
  }

  /** Resolves once no occurrence runs here, or when `drain` aborts. */
  private untilIdle(drain: AbortSignal): Promise<void> {
    if (!this.running.size || drain.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        drain.removeEventListener('abort', done);
        this.onIdle = undefined;
        resolve();
      };
      this.onIdle = done;
      drain.addEventListener('abort', done, { once: true });
    });
  }
}
