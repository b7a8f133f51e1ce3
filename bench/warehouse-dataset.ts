/**
 * The warehouse benchmark's data (issue 15 point 6): members, habits and check-ins written by
 * PostgreSQL itself (generate_series, a few set-based statements, `setseed` for the same draws on
 * every run) into a scratch database migrated like Stride's, then a mix of changes made with SQL as
 * the app would make them. The warehouse triggers capture every row written, as in production.
 *
 * The mix: members in 8 time zones (some days starting at 3 or 4 am), 2 to 4 habits each (3 on
 * average): daily 45%, weekdays 20%, every 2 or 3 days 10%, 2-5 per week 18%, 4-12 per month 7%;
 * 15% with an at_least target and 5% with an at_most one; 3% paused now and 2% archived; 6% with
 * a past pause (no check-ins inside it) and 5% edited once (daily before the edit, in
 * rule_history). Check-ins cover each member's last 120 local days up to today (half of today's
 * are in): done, skipped or missed, with amounts on numeric habits; 20% of members stopped
 * logging days or weeks ago. The candidates are thinned at random to exactly the count asked for.
 */
import type pg from 'pg';

export interface SeedOptions {
  members: number;
  checkins: number;
  /** The instant the data ends at: each member's local today as of it is their last day. */
  at: Date;
}

export interface SeededDataset {
  members: number;
  habits: number;
  checkins: number;
  habitsBySchedule: Record<string, number>;
  checkinsByStatus: Record<string, number>;
  /** Rows the warehouse triggers captured while seeding. */
  capturedChanges: number;
  seedSeconds: number;
  sizeMb: number;
}

const DAYS = 120;
const TIME_ZONES = [
  'UTC',
  'Europe/London',
  'Europe/Paris',
  'America/New_York',
  'America/Los_Angeles',
  'Asia/Kolkata',
  'Asia/Tokyo',
  'Australia/Sydney',
];
const HABIT_NAMES = [
  'Run',
  'Read',
  'Meditate',
  'Stretch',
  'Journal',
  'Water',
  'Guitar',
  'Spanish',
  'Walk',
  'Coffee',
  'Sleep early',
  'No sugar',
];

/** Members with their local today, join day, diligence and last active day. */
const MEMBERS = `
create temp table seed_members as
select m, gen_random_uuid() as id, timezone, day_start_hour, today,
  today - 150 - (random() * 200)::int as joined,
  0.4 + random() * 0.5 as diligence,
  case when activity < 0.8 then today
       when activity < 0.9 then today - 2 - (random() * 5)::int
       else today - 10 - (random() * 90)::int end as last_active
from (
  select m, timezone, day_start_hour, random() as activity,
    (($1::timestamptz at time zone timezone) - make_interval(hours => day_start_hour))::date as today
  from (
    select m, ($3::text[])[1 + m % array_length($3::text[], 1)] as timezone,
      case m % 12 when 0 then 4 when 1 then 3 else 0 end as day_start_hour
    from generate_series(1, $2::int) m
  ) g
  offset 0
) x`;

/** 2, 3 or 4 habits per member, with their rules and the days their check-ins may fall on. */
const HABITS = `
create temp table seed_habits as
select h.*,
  greatest(start_date, case status when 'active' then last_active else last_active - stop_days end) as last_day,
  case when status = 'active' and pause_r < 0.06 and pause_day > start_date then pause_day end as span_from,
  case when edit_r < 0.05 and edit_day > start_date then edit_day end as edited_until
from (
  select gen_random_uuid() as id, s.id as owner_id, s.m, k, s.timezone, s.today, s.diligence, s.last_active,
    greatest(s.joined, s.today - 10 - (random() * 240)::int) as start_date,
    ($1::text[])[1 + (s.m * 7 + k) % array_length($1::text[], 1)] as name,
    random() as kind_r, random() as target_r, random() as pause_r, random() as edit_r,
    s.today - 20 - floor(random() * 80)::int as pause_day, s.today - 10 - floor(random() * 50)::int as edit_day,
    5 + floor(random() * 30)::int as stop_days,
    case when random() < 0.95 then 'active' when random() < 0.6 then 'paused' else 'archived' end as status,
    least(0.97, greatest(0.15, s.diligence + (random() - 0.5) * 0.3)) as done_p,
    ($2::text[])[1 + s.m % array_length($2::text[], 1)] as source
  from seed_members s cross join lateral generate_series(1, 2 + s.m % 3) k
  offset 0
) h`;

/** Each habit's schedule, target and past pause's end (random() in an update draws per row). */
const HABIT_RULES = `
alter table seed_habits add column schedule jsonb, add column target jsonb, add column span_to date;
update seed_habits set
  schedule = case
    when kind_r < 0.45 then '{"kind": "daily"}'::jsonb
    when kind_r < 0.65 then jsonb_build_object('kind', 'weekdays', 'days', (array[
      '["mon", "tue", "wed", "thu", "fri"]', '["mon", "wed", "fri"]', '["tue", "thu"]', '["sat", "sun"]',
      '["mon", "tue", "wed", "thu", "fri", "sat"]'])[1 + floor(random() * 5)::int]::jsonb)
    when kind_r < 0.75 then jsonb_build_object('kind', 'every_n_days', 'n', 2 + floor(random() * 2)::int)
    when kind_r < 0.93 then jsonb_build_object('kind', 'per_period', 'times', 2 + floor(random() * 4)::int, 'period', 'week')
    else jsonb_build_object('kind', 'per_period', 'times', 4 + floor(random() * 9)::int, 'period', 'month') end,
  target = case
    when target_r < 0.15 then jsonb_build_object('amount', 2 + floor(random() * 9)::int,
      'unit', (array['km', 'pages', 'glasses', 'minutes'])[1 + floor(random() * 4)::int], 'direction', 'at_least')
    when target_r < 0.2 then jsonb_build_object('amount', 1 + floor(random() * 3)::int, 'unit', 'coffees', 'direction', 'at_most')
  end,
  span_to = span_from + 4 + floor(random() * 11)::int`;

const INSERT_MEMBERS = `
insert into users (id, name, timezone, day_start_hour, created_at, updated_at)
select id, 'Bench member ' || m, timezone, day_start_hour, joined + time '12:00', joined + time '12:00'
from seed_members`;

const INSERT_HABITS = `
insert into habits (id, owner_id, name, schedule, target, status, paused_spans, start_date, declared_start_date,
  rule_history, created_at, updated_at)
select id, owner_id, name, schedule, target, status,
  case when status = 'paused' then jsonb_build_array(jsonb_build_object('from', last_day + 1, 'to', null))
       when span_from is not null then jsonb_build_array(jsonb_build_object('from', span_from, 'to', span_to))
       else '[]'::jsonb end,
  start_date, start_date,
  case when edited_until is null then '[]'::jsonb
       else jsonb_build_array(jsonb_build_object('until', edited_until, 'schedule', '{"kind": "daily"}'::jsonb,
         'target', target)) end,
  start_date + time '12:00', coalesce(edited_until + 1, start_date) + time '12:00'
from seed_habits`;

/**
 * Every day a check-in may fall on (each day for daily and per-period habits and before an edit,
 * the due days otherwise, none inside a past pause) gets one draw: done, skipped, missed or none.
 * Per-period habits are done about `times` a period. What the draws keep is thinned to `$2` rows.
 */
const INSERT_CHECKINS = `
insert into habit_logs (id, habit_id, date, status, amount, source, created_at, updated_at)
select gen_random_uuid(), id, day, status,
  case when target is null or status = 'skipped' then null
       when target->>'direction' = 'at_least' then
         round((target->>'amount')::numeric * (case when status = 'done' then 1 + draw else draw * 0.9 end)::numeric, 1)
       when status = 'done' then floor(draw * ((target->>'amount')::int + 1))
       else (target->>'amount')::int + 1 + floor(draw * 3) end,
  source, stamp, stamp
from (
  select h.id, h.day, h.target, h.source, random() as draw,
    least((h.day + time '20:00') at time zone h.timezone, $1::timestamptz) as stamp,
    case when r < pd then 'done' when r < pd + ps then 'skipped' else 'missed' end as status,
    random() as keep
  from (
    select h.*, g.d::date as day, random() as r,
      case when h.schedule->>'kind' <> 'per_period' then h.done_p
           else least(0.95, h.done_p * 1.2 * (h.schedule->>'times')::int
             / case h.schedule->>'period' when 'week' then 7.0 else 30.0 end) end
        * case when g.d::date = h.today then 0.5 else 1 end as pd,
      case when h.schedule->>'kind' = 'per_period' then 0.01 else 0.06 end as ps,
      case when h.schedule->>'kind' = 'per_period' then 0.01 else 0.05 end as pm
    from seed_habits h
    cross join lateral generate_series(greatest(h.start_date, h.today - ${DAYS - 1}), least(h.last_day, h.today),
      interval '1 day') g(d)
    where (h.span_from is null or g.d::date not between h.span_from and h.span_to)
      and (g.d::date <= h.edited_until
        or h.schedule->>'kind' in ('daily', 'per_period')
        or (h.schedule->>'kind' = 'weekdays'
            and h.schedule->'days' ? (array['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'])[extract(isodow from g.d)::int])
        or (h.schedule->>'kind' = 'every_n_days' and (g.d::date - h.start_date) % (h.schedule->>'n')::int = 0))
    offset 0
  ) h
  where r < pd + ps + pm
  offset 0
) d
order by keep
limit $2`;

/** Seeds members, habits and check-ins into the migrated database `client` is connected to. */
export async function seed(client: pg.Client, options: SeedOptions): Promise<SeededDataset> {
  const started = performance.now();
  await client.query(`select setseed(0.15)`);
  await client.query(`set work_mem = '256MB'`);
  await client.query(MEMBERS, [options.at, options.members, TIME_ZONES]);
  await client.query(HABITS, [HABIT_NAMES, ['slack', 'telegram', 'discord', 'api', 'console']]);
  await client.query(HABIT_RULES);
  await client.query(INSERT_MEMBERS);
  await client.query(INSERT_HABITS);
  const inserted = await client.query(INSERT_CHECKINS, [options.at, options.checkins]);
  if (inserted.rowCount !== options.checkins)
    throw new Error(`Only ${inserted.rowCount} check-ins drawn of the ${options.checkins} asked for.`);
  await client.query(`drop table seed_members, seed_habits`);
  await client.query(`vacuum analyze`);
  const seedSeconds = Math.round((performance.now() - started) / 10) / 100;
  return {
    members: await count(client, `select count(*) as n from users`),
    habits: await count(client, `select count(*) as n from habits`),
    checkins: await count(client, `select count(*) as n from habit_logs`),
    habitsBySchedule: await tally(
      client,
      `select schedule->>'kind' || coalesce('/' || (schedule->>'period'), '') as key, count(*) as n from habits group by 1`,
    ),
    checkinsByStatus: await tally(client, `select status as key, count(*) as n from habit_logs group by 1`),
    capturedChanges: await count(client, `select count(*) as n from warehouse_changes`),
    seedSeconds,
    sizeMb: await count(client, `select pg_database_size(current_database()) / 1000000 as n`),
  };
}

export interface ChangeMix {
  /** Rows the warehouse triggers captured: what the incremental sync moves. */
  captured: number;
  newCheckins: number;
  editedCheckins: number;
  deletedCheckins: number;
  editedHabits: number;
  deletedHabit: { habits: number; checkins: number };
  forgottenMember: { habits: number; checkins: number };
}

/** A member's local today as of `$1`, for the users row aliased `u`. */
const TODAY = `((($1::timestamptz) at time zone u.timezone) - make_interval(hours => u.day_start_hour))::date`;

/**
 * Makes changes as the app would at `at` until the triggers have captured `total`: two habit
 * edits (a schedule, a target; the old rules kept in rule_history), one habit deleted and one
 * member forgotten (their check-ins go with them), then check-ins edited, undone and logged today,
 * 3:2:5, for the rest. Rows changed here carry `updated_at = at`, so no row is changed twice.
 */
export async function makeChanges(client: pg.Client, at: Date, total: number): Promise<ChangeMix> {
  await client.query(`select setseed(0.51)`);
  const before = await count(client, `select coalesce(max(id), 0) as n from warehouse_changes`);
  const captured = () => count(client, `select count(*) as n from warehouse_changes where id > ${before}`);
  const rememberRules = `rule_history = h.rule_history || jsonb_build_array(jsonb_build_object(
    'until', ${TODAY} - 1, 'schedule', h.schedule, 'target', h.target)), updated_at = $1`;
  const schedule = await client.query(
    `update habits h set schedule = '{"kind": "weekdays", "days": ["mon", "wed", "fri"]}', ${rememberRules}
     from users u where u.id = h.owner_id and h.id = (
       select id from habits where status = 'active' and schedule->>'kind' = 'daily' order by random() limit 1)`,
    [at],
  );
  const target = await client.query(
    `update habits h set target = jsonb_set(h.target, '{amount}', to_jsonb((h.target->>'amount')::int + 1)), ${rememberRules}
     from users u where u.id = h.owner_id and h.id = (
       select id from habits where status = 'active' and target->>'direction' = 'at_least' and updated_at < $1
       order by random() limit 1)`,
    [at],
  );
  const deletedHabit = await withCheckins(
    client,
    `select h.id from habits h where status = 'active' and updated_at < $1 order by random() limit 1`,
    at,
    (id) => client.query(`delete from habits where id = $1`, [id]),
  );
  const forgottenMember = await withCheckins(
    client,
    `select u.id from users u where (select count(*) from habits h where h.owner_id = u.id) = 3
       and not exists (select 1 from habits h where h.owner_id = u.id and h.updated_at >= $1)
     order by random() limit 1`,
    at,
    (id) => client.query(`delete from users where id = $1`, [id]),
  );
  const rest = total - (await captured());
  const edits = Math.round(rest * 0.3);
  const undos = Math.round(rest * 0.2);
  const recent = (days: number, n: number) =>
    `select id from habit_logs where date >= $1::timestamptz::date - ${days} and updated_at < $1 order by random() limit ${n}`;
  const edited = await client.query(
    `update habit_logs set status = case status when 'done' then 'missed' else 'done' end,
       amount = amount + 1, updated_at = $1
     where id in (${recent(7, edits)})`,
    [at],
  );
  const undone = await client.query(`delete from habit_logs where id in (${recent(3, undos)})`, [at]);
  const logged = await client.query(
    `insert into habit_logs (id, habit_id, date, status, amount, source, created_at, updated_at)
     select gen_random_uuid(), h.id, ${TODAY}, 'done', (h.target->>'amount')::double precision, 'slack', $1, $1
     from habits h join users u on u.id = h.owner_id
     where h.status = 'active' and h.updated_at < $1
       and not exists (select 1 from habit_logs l where l.habit_id = h.id and l.date = ${TODAY})
     order by random() limit ${rest - edits - undos}`,
    [at],
  );
  const mix: ChangeMix = {
    captured: await captured(),
    newCheckins: logged.rowCount ?? 0,
    editedCheckins: edited.rowCount ?? 0,
    deletedCheckins: undone.rowCount ?? 0,
    editedHabits: (schedule.rowCount ?? 0) + (target.rowCount ?? 0),
    deletedHabit,
    forgottenMember,
  };
  if (mix.captured !== total)
    throw new Error(`Made ${mix.captured} changes, not ${total}: ${JSON.stringify(mix)}`);
  return mix;
}

/** Runs `remove` on the row `pick` finds; reports the habits and check-ins it took with it. */
async function withCheckins(
  client: pg.Client,
  pick: string,
  at: Date,
  remove: (id: string) => Promise<unknown>,
): Promise<{ habits: number; checkins: number }> {
  const found = await client.query<{ id: string }>(pick, [at]);
  const id = found.rows[0]?.id;
  if (!id) throw new Error(`Nothing to delete for: ${pick}`);
  const sizes = await client.query<{ habits: string; checkins: string }>(
    `select count(distinct h.id) as habits, count(l.id) as checkins
     from habits h left join habit_logs l on l.habit_id = h.id where h.id = $1 or h.owner_id = $1`,
    [id],
  );
  await remove(id);
  return { habits: Number(sizes.rows[0]!.habits), checkins: Number(sizes.rows[0]!.checkins) };
}

async function count(client: pg.Client, sql: string): Promise<number> {
  const result = await client.query<{ n: string }>(sql);
  return Number(result.rows[0]!.n);
}

async function tally(client: pg.Client, sql: string): Promise<Record<string, number>> {
  const result = await client.query<{ key: string; n: string }>(`${sql} order by 1`);
  return Object.fromEntries(result.rows.map((row) => [row.key, Number(row.n)]));
}
