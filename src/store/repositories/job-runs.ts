/** Queries over job runs (job_runs) and Agenda's schedule (agenda_jobs), for operators and /metrics. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { dateOf } from './rows.js';

export interface JobStatus {
  job: string;
  lastRunAt: Date | null;
  lastAsOf: Date | null;
  lastResult: Record<string, unknown> | null;
  lastError: string | null;
  /** When Agenda runs it next; null before any scheduler has started. */
  nextRunAt: Date | null;
}

/** Each named job's latest run and next scheduled run, in one query. */
export async function jobStatuses(em: EntityManager, jobs: readonly string[]): Promise<JobStatus[]> {
  const rows = await em.getConnection().execute<
    {
      job: string;
      started_at: Date | null;
      as_of: Date | null;
      result: Record<string, unknown> | null;
      error: string | null;
      next_run_at: Date | null;
    }[]
  >(
    `select j.job, r.started_at, r.as_of, r.result, r.error, a.next_run_at
     from unnest(?::text[]) as j(job)
     left join lateral (select started_at, as_of, result, error from job_runs
                        where job_runs.job = j.job order by started_at desc limit 1) r on true
     left join lateral (select next_run_at from agenda_jobs where agenda_jobs.name = j.job
                        order by next_run_at limit 1) a on true`,
    [`{${jobs.join(',')}}`],
  );
  return rows.map((row) => ({
    job: row.job,
    lastRunAt: dateOf(row.started_at),
    lastAsOf: dateOf(row.as_of),
    lastResult: row.result,
    lastError: row.error,
    nextRunAt: dateOf(row.next_run_at),
  }));
}

/** Runs, failures and total seconds per job since the runs were kept, for /metrics. */
export async function jobRunTotals(
  em: EntityManager,
): Promise<{ job: string; runs: number; failures: number; seconds: number }[]> {
  return em.getConnection().execute(
    `select job, count(*)::int as runs, count(error)::int as failures,
            coalesce(sum(extract(epoch from finished_at - started_at)), 0)::float as seconds
     from job_runs where finished_at is not null group by job order by job`,
  );
}
