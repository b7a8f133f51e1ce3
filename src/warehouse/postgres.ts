/**
 * The PostgreSQL warehouse: a star schema (`analytics` by default) in Stride's own database or in
 * ANALYTICS_DATABASE_URL's. Batches arrive as one JSON parameter per table
 * (jsonb_populate_recordset), so no batch comes near the driver's 65,535 bind limit, and metrics
 * are recomputed set-based in SQL from the facts for the touched members only.
 *
 * The metrics follow the domain rules (src/domain/adherence.ts, streaks.ts, risk.ts) simplified to
 * what SQL says plainly: a done check-in is one with status `done` (numeric targets are not
 * re-judged), paused spans are not excused, per-period habits expect `times / 7` (week) or
 * `times / 30` (month) a day and are credited at most that over a window, and a streak is a run of
 * consecutive done days whatever the schedule (current when it reaches today or yesterday).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { SyncState, Warehouse, WarehouseBatch, WarehouseTable } from './port.js';

/** Each table's columns besides `id`, in DDL order (the upsert replaces them all). */
const COLUMNS: Record<WarehouseTable, [string, string][]> = {
  dim_users: [
    ['name', 'text not null'],
    ['timezone', 'text not null'],
    ['day_start_hour', 'smallint not null'],
    ['created_at', 'timestamptz not null'],
  ],
  dim_habits: [
    ['user_id', 'uuid not null'],
    ['name', 'text not null'],
    ['schedule_kind', 'text not null'],
    ['schedule', 'jsonb not null'],
    ['target_amount', 'double precision'],
    ['target_unit', 'text'],
    ['target_direction', 'text'],
    ['status', 'text not null'],
    ['start_date', 'date not null'],
    ['created_at', 'timestamptz not null'],
  ],
  dim_goals: [
    ['user_id', 'uuid not null'],
    ['parent_id', 'uuid'],
    ['title', 'text not null'],
    ['target', 'double precision not null'],
    ['unit', 'text'],
    ['start_date', 'date not null'],
    ['deadline', 'date'],
    ['completed_at', 'timestamptz'],
    ['created_at', 'timestamptz not null'],
  ],
  dim_mentorships: [
    ['mentor_id', 'uuid not null'],
    ['mentee_id', 'uuid not null'],
    ['status', 'text not null'],
    ['accepted_at', 'timestamptz'],
  ],
  fact_checkins: [
    ['habit_id', 'uuid not null'],
    ['user_id', 'uuid not null'],
    ['local_date', 'date not null'],
    ['status', 'text not null'],
    ['amount', 'double precision'],
    ['source', 'text not null'],
    ['logged_at', 'timestamptz not null'],
    ['updated_at', 'timestamptz not null'],
  ],
  // Journal text stays in Stride: the warehouse keeps mood and sentiment, not what was written.
  fact_journal_entries: [
    ['user_id', 'uuid not null'],
    ['local_date', 'date not null'],
    ['mood', 'smallint'],
    ['sentiment', 'double precision not null'],
    ['source', 'text not null'],
    ['private', 'boolean not null'],
    ['created_at', 'timestamptz not null'],
    ['updated_at', 'timestamptz not null'],
  ],
};

/** The column naming the member a row belongs to (its metrics are recomputed when it changes). */
const MEMBER_COLUMN: Record<WarehouseTable, string> = {
  dim_users: 'id',
  dim_habits: 'user_id',
  dim_goals: 'user_id',
  dim_mentorships: 'mentee_id',
  fact_checkins: 'user_id',
  fact_journal_entries: 'user_id',
};

const TABLES = Object.keys(COLUMNS) as WarehouseTable[];

export class PostgresWarehouse implements Warehouse {
  readonly kind = 'postgres';

  /**
   * `base` is an EntityManager of Stride's own database or of ANALYTICS_DATABASE_URL's (each
   * statement forks it); `onClose` releases a connection opened for the warehouse alone.
   */
  constructor(
    private readonly base: EntityManager,
    private readonly schema = 'analytics',
    private readonly onClose?: () => Promise<void>,
  ) {
    if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`Invalid warehouse schema name: ${schema}`);
  }

  private em(): EntityManager {
    return this.base.fork();
  }

  private t(name: string): string {
    return `"${this.schema}"."${name}"`;
  }

  async prepare(): Promise<void> {
    const statements = [`create schema if not exists "${this.schema}"`];
    for (const table of TABLES) {
      const columns = COLUMNS[table].map(([name, type]) => `"${name}" ${type}`).join(', ');
      statements.push(`create table if not exists ${this.t(table)} ("id" uuid primary key, ${columns})`);
      if (table !== 'dim_users')
        statements.push(
          `create index if not exists "${table}_member_index" on ${this.t(table)} ("${MEMBER_COLUMN[table]}")`,
        );
    }
    statements.push(
      `create index if not exists "fact_checkins_habit_date_index" on ${this.t('fact_checkins')} ("habit_id", "local_date")`,
      `create table if not exists ${this.t('metrics_adherence')} ("user_id" uuid not null, "date" date not null, "adherence_7" double precision, "adherence_30" double precision, "adherence_90" double precision, primary key ("user_id", "date"))`,
      `create table if not exists ${this.t('metrics_streak')} ("user_id" uuid not null, "habit_id" uuid not null, "current" int not null, "longest" int not null, "last_completion" date, primary key ("user_id", "habit_id"))`,
      `create table if not exists ${this.t('metrics_risk')} ("user_id" uuid primary key, "date" date not null, "level" text not null, "score" double precision not null, "misses_3" int not null, "misses_7" int not null)`,
      `create table if not exists ${this.t('sync_state')} ("id" smallint primary key default 1 check ("id" = 1), "position" bigint, "last_run_at" timestamptz, "last_rows" bigint not null default 0, "last_error" text, "last_error_at" timestamptz)`,
      `insert into ${this.t('sync_state')} ("id") values (1) on conflict do nothing`,
      `create or replace view ${this.t('mentor_dashboard')} as
         select ms.mentor_id, mentor.name as mentor_name, ms.mentee_id, mentee.name as mentee_name,
                r.level as risk_level, r.score as risk_score, r.misses_3, r.misses_7,
                a.adherence_7, a.adherence_30, a.adherence_90,
                (select max(s.current) from ${this.t('metrics_streak')} s where s.user_id = ms.mentee_id) as best_current_streak,
                (select max(c.local_date) from ${this.t('fact_checkins')} c where c.user_id = ms.mentee_id) as last_checkin
         from ${this.t('dim_mentorships')} ms
         join ${this.t('dim_users')} mentor on mentor.id = ms.mentor_id
         join ${this.t('dim_users')} mentee on mentee.id = ms.mentee_id
         left join ${this.t('metrics_risk')} r on r.user_id = ms.mentee_id
         left join lateral (select * from ${this.t('metrics_adherence')} x where x.user_id = ms.mentee_id order by x.date desc limit 1) a on true
         where ms.status = 'active'
         order by r.score desc nulls last, mentee.name`,
    );
    const em = this.em();
    // Two processes preparing at once would race on `create … if not exists`: serialise them.
    await em.transactional(async (tx) => {
      await tx.execute(`select pg_advisory_xact_lock(hashtext(?))`, [`stride-warehouse:${this.schema}`]);
      for (const sql of statements) await tx.execute(sql);
    });
  }

  async state(): Promise<SyncState> {
    const [row] = await this.em().execute<
      {
        position: string | null;
        last_run_at: Date | null;
        last_rows: string;
        last_error: string | null;
        last_error_at: Date | null;
      }[]
    >(`select * from ${this.t('sync_state')} where id = 1`);
    return {
      position: row?.position ?? null,
      lastRunAt: row?.last_run_at ?? null,
      lastRows: Number(row?.last_rows ?? 0),
      lastError: row?.last_error ?? null,
      lastErrorAt: row?.last_error_at ?? null,
    };
  }

  async reset(): Promise<void> {
    await this.em().transactional(async (tx) => {
      const all = [...TABLES, 'metrics_adherence', 'metrics_streak', 'metrics_risk'];
      await tx.execute(`truncate ${all.map((table) => this.t(table)).join(', ')}`);
      await tx.execute(`update ${this.t('sync_state')} set position = null where id = 1`);
    });
  }

  async apply(batch: WarehouseBatch, asOf: Date, position?: string): Promise<void> {
    await this.em().transactional(async (tx) => {
      const members = new Set(batch.members);
      for (const table of TABLES) {
        const ids = batch.deletes[table] ?? [];
        if (ids.length === 0) continue;
        const gone = await tx.execute<{ member: string }[]>(
          `delete from ${this.t(table)} where id in (select value::uuid from jsonb_array_elements_text(?::jsonb)) returning "${MEMBER_COLUMN[table]}" as member`,
          [JSON.stringify(ids)],
        );
        for (const { member } of gone) members.add(member);
        // A deleted member or habit takes everything under it, whatever order the changes came in.
        if (table === 'dim_users') await this.forgetMembers(tx, ids);
        if (table === 'dim_habits') {
          const list = JSON.stringify(ids);
          const where = `habit_id in (select value::uuid from jsonb_array_elements_text(?::jsonb))`;
          await tx.execute(`delete from ${this.t('fact_checkins')} where ${where}`, [list]);
          await tx.execute(`delete from ${this.t('metrics_streak')} where ${where}`, [list]);
        }
      }
      for (const table of TABLES) {
        const rows = batch.upserts[table] ?? [];
        if (rows.length === 0) continue;
        const names = ['id', ...COLUMNS[table].map(([name]) => name)];
        const list = names.map((name) => `"${name}"`).join(', ');
        const set = names
          .slice(1)
          .map((name) => `"${name}" = excluded."${name}"`)
          .join(', ');
        await tx.execute(
          `insert into ${this.t(table)} (${list}) select ${list} from jsonb_populate_recordset(null::${this.t(table)}, ?::jsonb) on conflict ("id") do update set ${set}`,
          [JSON.stringify(rows)],
        );
        for (const row of rows) members.add(String(row[MEMBER_COLUMN[table]]));
        if (table === 'dim_mentorships') for (const row of rows) members.add(String(row.mentor_id));
      }
      // A full rebuild recomputes everyone once at its end (finishFull), not batch by batch.
      if (position === undefined) return;
      await this.recompute(tx, asOf, [...members]);
      await tx.execute(`update ${this.t('sync_state')} set position = ? where id = 1`, [position]);
    });
  }

  async finishFull(asOf: Date, position: string): Promise<void> {
    await this.em().transactional(async (tx) => {
      await this.recompute(tx, asOf, null);
      await tx.execute(`update ${this.t('sync_state')} set position = ? where id = 1`, [position]);
    });
  }

  async refreshStale(asOf: Date): Promise<number> {
    return this.em().transactional(async (tx) => {
      const rows = await tx.execute<{ id: string }[]>(
        `select u.id from ${this.t('dim_users')} u
         where not exists (select 1 from ${this.t('metrics_adherence')} a where a.user_id = u.id and a.date = ${this.today('u')})`,
        [asOf],
      );
      if (rows.length > 0)
        await this.recompute(
          tx,
          asOf,
          rows.map((row) => row.id),
        );
      return rows.length;
    });
  }

  async recordRun(rows: number, at: Date): Promise<void> {
    await this.em().execute(
      `update ${this.t('sync_state')} set last_run_at = ?, last_rows = ?, last_error = null, last_error_at = null where id = 1`,
      [at, rows],
    );
  }

  async recordError(message: string, at: Date): Promise<void> {
    await this.em().execute(
      `update ${this.t('sync_state')} set last_error = ?, last_error_at = ? where id = 1`,
      [message.slice(0, 1000), at],
    );
  }

  async close(): Promise<void> {
    await this.onClose?.();
  }

  private async forgetMembers(tx: EntityManager, ids: readonly string[]): Promise<void> {
    const list = JSON.stringify(ids);
    const members = `(select value::uuid from jsonb_array_elements_text(?::jsonb))`;
    for (const table of TABLES) {
      if (table === 'dim_users') continue;
      await tx.execute(`delete from ${this.t(table)} where "${MEMBER_COLUMN[table]}" in ${members}`, [list]);
    }
    await tx.execute(`delete from ${this.t('dim_mentorships')} where mentor_id in ${members}`, [list]);
    for (const table of ['metrics_adherence', 'metrics_streak', 'metrics_risk'])
      await tx.execute(`delete from ${this.t(table)} where user_id in ${members}`, [list]);
  }

  /** A member's local today as of the bound `?` timestamp (their day starts at day_start_hour). */
  private today(alias: string): string {
    return `((?::timestamptz at time zone ${alias}.timezone) - make_interval(hours => ${alias}.day_start_hour))::date`;
  }

  /**
   * Recomputes adherence (today's row), streaks and risk for `members` (null: everyone) from the
   * facts, in three set-based statements. Members no longer in dim_users are skipped.
   */
  private async recompute(tx: EntityManager, asOf: Date, members: string[] | null): Promise<void> {
    if (members !== null && members.length === 0) return;
    const chosen =
      members === null ? 'true' : `u.id in (select value::uuid from jsonb_array_elements_text(?::jsonb))`;
    const params = (...rest: unknown[]) => [
      asOf,
      ...(members === null ? [] : [JSON.stringify(members)]),
      ...rest,
    ];
    const scope = `m as (select u.id, ${this.today('u')} as today from ${this.t('dim_users')} u where ${chosen})`;
    const judged = `${scope},
      days as (
        select m.id as user_id, m.today, h.id as habit_id, h.schedule, h.start_date, d::date as day
        from m join ${this.t('dim_habits')} h on h.user_id = m.id and h.status = 'active'
        cross join lateral generate_series(greatest(h.start_date, m.today - 89), m.today, interval '1 day') d
      ),
      judged as (
        select days.user_id, days.habit_id, days.today, days.day, days.schedule->>'kind' = 'per_period' as per_period,
          case
            when c.status = 'skipped' then 0
            when days.day = days.today and coalesce(c.status, '') not in ('done', 'missed') then 0
            when days.schedule->>'kind' = 'daily' then 1
            when days.schedule->>'kind' = 'weekdays' then
              case when days.schedule->'days' @> to_jsonb((array['mon','tue','wed','thu','fri','sat','sun'])[extract(isodow from days.day)::int]) then 1 else 0 end
            when days.schedule->>'kind' = 'every_n_days' then
              case when (days.day - days.start_date) % greatest((days.schedule->>'n')::int, 1) = 0 then 1 else 0 end
            when days.schedule->>'kind' = 'per_period' then
              (days.schedule->>'times')::double precision / case when days.schedule->>'period' = 'week' then 7 else 30 end
            else 0
          end::double precision as expected,
          case when c.status = 'done' then 1 else 0 end as done
        from days left join ${this.t('fact_checkins')} c on c.habit_id = days.habit_id and c.local_date = days.day
      )`;
    const window = (n: number) => `
      habit_${n} as (
        select user_id, habit_id, sum(expected) as expected,
          case when bool_or(per_period) then least(sum(done), sum(expected))
               else sum(case when expected > 0 then done else 0 end) end as credited
        from judged where day > today - ${n} group by user_id, habit_id
      ),
      member_${n} as (
        select m.id as user_id, sum(h.credited) / nullif(sum(h.expected), 0) as adherence
        from m left join habit_${n} h on h.user_id = m.id group by m.id
      )`;
    await tx.execute(
      `with ${judged}, ${window(7)}, ${window(30)}, ${window(90)}
       insert into ${this.t('metrics_adherence')} (user_id, date, adherence_7, adherence_30, adherence_90)
       select m.id, m.today, a7.adherence, a30.adherence, a90.adherence
       from m join member_7 a7 on a7.user_id = m.id join member_30 a30 on a30.user_id = m.id join member_90 a90 on a90.user_id = m.id
       on conflict (user_id, date) do update set adherence_7 = excluded.adherence_7, adherence_30 = excluded.adherence_30, adherence_90 = excluded.adherence_90`,
      params(),
    );
    await tx.execute(
      `with ${judged}, ${window(7)}, ${window(30)},
       misses as (
         select m.id as user_id,
           count(*) filter (where j.day > j.today - 3 and j.day < j.today and j.expected = 1 and not j.per_period) as due_3,
           count(*) filter (where j.day > j.today - 3 and j.day < j.today and j.expected = 1 and not j.per_period and j.done = 0) as misses_3,
           count(*) filter (where j.day > j.today - 7 and j.day < j.today and j.expected = 1 and not j.per_period) as due_7,
           count(*) filter (where j.day > j.today - 7 and j.day < j.today and j.expected = 1 and not j.per_period and j.done = 0) as misses_7,
           count(distinct j.habit_id) as habits
         from m left join judged j on j.user_id = m.id group by m.id
       ),
       scored as (
         select m.id as user_id, m.today, x.misses_3, x.misses_7,
           case when x.habits = 0 then 0 else
             0.25 * coalesce(x.misses_3::double precision / nullif(x.due_3, 0), 0)
             + 0.2 * coalesce(x.misses_7::double precision / nullif(x.due_7, 0), 0)
             + 0.2 * greatest(0, coalesce(a30.adherence - a7.adherence, 0))
             + 0.2 * (1 - coalesce(a30.adherence, 1))
             + 0.15 * coalesce(least(1, (m.today - (select max(c.local_date) from ${this.t('fact_checkins')} c where c.user_id = m.id)) / 7.0), 1)
           end as score
         from m join misses x on x.user_id = m.id join member_7 a7 on a7.user_id = m.id join member_30 a30 on a30.user_id = m.id
       )
       insert into ${this.t('metrics_risk')} (user_id, date, level, score, misses_3, misses_7)
       select user_id, today, case when score >= 0.67 then 'high' when score >= 0.34 then 'medium' else 'low' end, score, misses_3, misses_7
       from scored
       on conflict (user_id) do update set date = excluded.date, level = excluded.level, score = excluded.score, misses_3 = excluded.misses_3, misses_7 = excluded.misses_7`,
      params(),
    );
    await tx.execute(
      `with ${scope} delete from ${this.t('metrics_streak')} s using m where s.user_id = m.id`,
      params(),
    );
    await tx.execute(
      `with ${scope},
       done as (
         select c.user_id, c.habit_id, c.local_date, m.today,
           c.local_date - (row_number() over (partition by c.habit_id order by c.local_date))::int as island
         from m join ${this.t('fact_checkins')} c on c.user_id = m.id and c.status = 'done' and c.local_date <= m.today
       ),
       runs as (
         select user_id, habit_id, today, count(*) as length, max(local_date) as last from done group by user_id, habit_id, today, island
       )
       insert into ${this.t('metrics_streak')} (user_id, habit_id, current, longest, last_completion)
       select h.user_id, h.id,
         coalesce(max(r.length) filter (where r.last >= r.today - 1), 0), coalesce(max(r.length), 0), max(r.last)
       from m join ${this.t('dim_habits')} h on h.user_id = m.id left join runs r on r.habit_id = h.id
       group by h.user_id, h.id`,
      params(),
    );
  }
}
