/**
 * The warehouse's metrics, computed set-based in SQL from the facts with the domain's own rules
 * (DESIGN.md section 3; src/domain/picture.ts, adherence.ts, streaks.ts, risk.ts), so the numbers
 * an analyst reads equal the ones the API and the chat show. The statements are plain SQL that
 * PostgreSQL and Snowflake both read: integer day numbers instead of date arithmetic, CASE instead
 * of FILTER, temporary tables instead of CTEs inside INSERT. Each implementation supplies the few
 * words that differ (schema.ts MetricDialect).
 *
 * The steps, each a temporary table:
 * 1. metric_members: the members recomputed, with their local today; metric_keys, their habits,
 *    numbered; metric_checkins, the habits' check-ins up to today; metric_paused_days.
 * 2. metric_habit_days, then metric_grid: one row per habit and day from its start date through
 *    today (the domain's "picture"): the rules in force that day (dim_habit_rules), paused or
 *    not, due or not, and the day's outcome code:
 *      0 none, 1 done, 2 skipped, 3 missed (or an at_most amount over the limit),
 *      4 short (a done log below an at_least target: a miss on a past day, progress today).
 *    A due past day of an at_most habit without a log was kept: done. `counted` marks a settled
 *    due day (not skipped, not today while it is open), what adherence and misses count.
 * 3. metric_periods: per_period habits, one row per calendar week or month: its active and done
 *    days overall (streaks) and inside each window (adherence).
 * 4. metric_habits: per habit, credited and expected over 7, 30 and 90 days, and settled due days
 *    and misses over 3 and 7 days (day-based habits only, as the risk counts them).
 * 5. metric_runs: per habit, the current and longest streak. A break (a missed due day, or a past
 *    period short of its count) restarts the run; a run counts done due days or full periods.
 * Then metrics_adherence (pooled over active habits), metrics_risk (the formula of
 * domain/risk.ts memberRisk) and metrics_streak are replaced for those members.
 */
import type { MetricDialect } from './schema.js';

const NONE = 0;
const DONE = 1;
const SKIPPED = 2;
const MISSED = 3;
const SHORT = 4;

/** Adherence windows, in days ending today (the risk also counts misses over 3 and 7). */
const WINDOWS = [7, 30, 90] as const;

/**
 * The statements that recompute metrics_adherence, metrics_streak and metrics_risk for the members
 * chosen, in order, to run in one transaction. The first takes [asOf] (scoped false: every
 * member) or [asOf, JSON array of member ids]; the others take no parameters. `table(name)` is a
 * warehouse table's qualified name.
 */
export function metricStatements(
  dialect: MetricDialect,
  table: (name: string) => string,
  scoped: boolean,
): string[] {
  const t = table;
  const openToday = (alias: string) =>
    `(${alias}.day = ${alias}.today and ${alias}.outcome in (${NONE}, ${SHORT}))`;
  const members = `select u.id as user_id, d.day_number as today, d.date as today_date
    from ${t('dim_users')} u join ${t('dim_dates')} d on d.date = ${dialect.localDate('u.timezone', 'u.day_start_hour')}
    ${scoped ? `where u.id in ${dialect.idsIn()}` : ''}`;

  // The members' habits, each numbered (`hk`): the grid joins, sorts and groups on that small
  // integer rather than on the habit's uuid, which costs several times more per row.
  const keys = `select row_number() over (order by h.id) as hk, h.id as habit_id, m.user_id, m.today,
      case when h.status = 'active' then 1 else 0 end as active,
      case when cur.schedule_kind = 'per_period' then 1 else 0 end as per_period,
      cur.times, cur.period, h.start_day,
      case when cur.schedule_kind <> 'per_period' then 'days' when cur.period = 'week' then 'weeks' else 'months' end as unit
    from metric_members m
    join ${t('dim_habits')} h on h.user_id = m.user_id
    join ${t('dim_habit_rules')} cur on cur.habit_id = h.id and cur.to_day is null`;
  // Their check-ins up to their today, and their paused days.
  const checkins = `select k.hk, c.day, c.status, c.amount
    from metric_keys k join ${t('fact_checkins')} c on c.habit_id = k.habit_id and c.day <= k.today`;
  const pausedDays = `select distinct k.hk, d.day_number as day
    from metric_keys k
    join ${t('dim_habit_pauses')} p on p.habit_id = k.habit_id
    join ${t('dim_dates')} d on d.day_number >= p.from_day and d.day_number <= coalesce(p.to_day, k.today) and d.day_number <= k.today`;

  // The habit-days and what the rules in force each day say of it (before pauses and logs);
  // analyzed before those join it, as no planner can guess how many days lie between each start
  // date and today. direction: 1 at_most, 2 at_least, 0 no target.
  const habitDays = `select k.hk, d.day_number as day, k.today, k.per_period,
      case when r.schedule_kind = 'daily'
          or (r.schedule_kind = 'weekdays' and substr(r.weekdays, d.iso_weekday, 1) = '1')
          or (r.schedule_kind = 'every_n_days' and mod(d.day_number - r.from_day, r.every_n) = 0)
        then 1 else 0 end as scheduled,
      case when r.target_direction = 'at_most' then 1 when r.target_direction = 'at_least' then 2 else 0 end as direction,
      r.target_amount,
      case when k.period = 'week' then d.week_first else d.month_first end as period_first
    from metric_keys k
    join ${t('dim_habit_rules')} r on r.habit_id = k.habit_id
    join ${t('dim_dates')} d on d.day_number >= k.start_day and d.day_number <= k.today
      and d.day_number >= r.from_day and (r.to_day is null or d.day_number <= r.to_day)`;
  const days = `select hd.hk, hd.day, hd.today, hd.per_period, hd.period_first,
      case when pd.hk is null then 0 else 1 end as paused,
      case when pd.hk is null and hd.scheduled = 1 then 1 else 0 end as due,
      hd.direction, hd.target_amount, c.status, c.amount
    from metric_habit_days hd
    left join metric_paused_days pd on pd.hk = hd.hk and pd.day = hd.day
    left join metric_checkins c on c.hk = hd.hk and c.day = hd.day`;
  const judged = `select x.hk, x.day, x.today, x.per_period, x.period_first, x.paused, x.due,
      case
        when x.status is null then
          case when x.due = 1 and x.direction = 1 and x.day < x.today then ${DONE} else ${NONE} end
        when x.status = 'skipped' then ${SKIPPED}
        when x.status = 'missed' then ${MISSED}
        when x.target_amount is null or x.amount is null then ${DONE}
        when x.direction = 2 then
          case when x.amount >= x.target_amount then ${DONE} else ${SHORT} end
        when x.amount <= x.target_amount then ${DONE}
        else ${MISSED}
      end as outcome
    from (${days}) x`;
  const grid = `select j.*,
      case when j.due = 1 and j.outcome <> ${SKIPPED} and not ${openToday('j')} then 1 else 0 end as counted
    from (${judged}) j`;

  const inWindow = (n: number, condition: string) =>
    `sum(case when g.day > g.today - ${n} and ${condition} then 1 else 0 end)`;
  const periods = `select a.*, k.today, k.times,
      case when k.period = 'week' then a.period_first + 6 else first_day.month_last end as period_last
    from (
      select g.hk, g.period_first,
        sum(case when g.paused = 0 and g.outcome <> ${SKIPPED} then 1 else 0 end) as active_days,
        sum(case when g.paused = 0 and g.outcome = ${DONE} then 1 else 0 end) as done_days,
        ${WINDOWS.map(
          (n) =>
            `${inWindow(n, `g.paused = 0 and g.outcome <> ${SKIPPED} and not ${openToday('g')}`)} as active_${n},
        ${inWindow(n, `g.paused = 0 and g.outcome = ${DONE}`)} as done_${n}`,
        ).join(',\n        ')}
      from metric_grid g where g.per_period = 1
      group by g.hk, g.period_first
    ) a
    join metric_keys k on k.hk = a.hk
    join ${t('dim_dates')} first_day on first_day.day_number = a.period_first`;

  const double = (sql: string) => `cast(${sql} as double precision)`;
  const habits = `select k.user_id, k.active, both_kinds.*
    from (
      select g.hk,
        ${WINDOWS.map(
          (n) =>
            `${double(inWindow(n, 'g.counted = 1'))} as expected_${n}, ${double(inWindow(n, `g.counted = 1 and g.outcome = ${DONE}`))} as credited_${n}`,
        ).join(',\n        ')},
        ${[3, 7]
          .map(
            (n) =>
              `${inWindow(n, 'g.counted = 1')} as due_${n}, ${inWindow(n, `g.counted = 1 and g.outcome <> ${DONE}`)} as misses_${n}`,
          )
          .join(', ')}
      from metric_grid g where g.per_period = 0
      group by g.hk
      union all
      select p.hk,
        ${WINDOWS.map(
          (n) =>
            `sum(${double(`p.times * p.active_${n}`)} / (p.period_last - p.period_first + 1)) as expected_${n}, ${double(`sum(least(p.done_${n}, p.times))`)} as credited_${n}`,
        ).join(',\n        ')},
        0 as due_3, 0 as misses_3, 0 as due_7, 0 as misses_7
      from metric_periods p
      group by p.hk
    ) both_kinds
    join metric_keys k on k.hk = both_kinds.hk`;

  // Streaks without grouping islands: along each habit's days (or periods), `done_so_far` counts
  // the done ones; at a break the run restarts, so a run's length at any point is done_so_far minus
  // its value at the last break (`base`). The longest is the largest such length; the current one
  // is the total minus the value at the last break.
  const upTo = 'rows between unbounded preceding and current row';
  const required = `case when p.active_days + greatest(p.period_last - p.today, 0) = p.period_last - p.period_first + 1
      then p.times
      else ceil(p.times * ${double('p.active_days + greatest(p.period_last - p.today, 0)')} / (p.period_last - p.period_first + 1) - 0.000000001)
    end`;
  const steps = `select g.hk, g.day as position, case when g.outcome = ${DONE} then 1 else 0 end as done,
        case when g.outcome in (${DONE}, ${SKIPPED}) or ${openToday('g')} then 0 else 1 end as broken
      from metric_grid g where g.per_period = 0 and g.due = 1
      union all
      select q.hk, q.period_first, q.reached,
        case when q.reached = 1 then 0 when q.period_last < q.today then 1 else 0 end
      from (
        select p.hk, p.today, p.period_first, p.period_last,
          case when p.done_days >= ${required} then 1 else 0 end as reached, ${required} as required
        from metric_periods p
      ) q where q.required > 0`;
  const runs = `select hk, max(done_so_far - coalesce(base, 0)) as longest,
      max(done_so_far) - coalesce(max(case when broken = 1 then done_so_far end), 0) as current_length
    from (
      select hk, broken, done_so_far,
        max(case when broken = 1 then done_so_far end) over (partition by hk order by position ${upTo}) as base
      from (
        select hk, position, broken, sum(done) over (partition by hk order by position ${upTo}) as done_so_far
        from (${steps}) step
      ) counted
    ) based
    group by hk`;

  const memberScope = (name: string) =>
    `delete from ${t(name)} using metric_members m where ${t(name)}.user_id = m.user_id`;

  const adherence = (n: number) =>
    `case when sum(h.expected_${n}) > 0 then least(1, sum(h.credited_${n}) / sum(h.expected_${n})) end`;
  const memberTotals = `select m.user_id, m.today, m.today_date,
      count(h.hk) as habits,
      ${WINDOWS.map((n) => `${adherence(n)} as adherence_${n}`).join(', ')},
      coalesce(sum(h.misses_3), 0) as misses_3, coalesce(sum(h.misses_7), 0) as misses_7,
      coalesce(sum(h.due_3), 0) as due_3, coalesce(sum(h.due_7), 0) as due_7
    from metric_members m left join metric_habits h on h.user_id = m.user_id and h.active = 1
    group by m.user_id, m.today, m.today_date`;
  const lastLogs = `select k.user_id, max(c.day) as last_day
    from metric_checkins c join metric_keys k on k.hk = c.hk and k.active = 1
    group by k.user_id`;
  // domain/risk.ts memberRisk: 0.25 missRate3 + 0.20 missRate7 + 0.20 drop + 0.20 (1 - adherence30)
  // + 0.15 min(1, daysSinceLastLog / 7); 0 without active habits.
  const score = `case when s.habits = 0 then 0 else
      0.25 * case when s.due_3 > 0 then s.misses_3 / ${double('s.due_3')} else 0 end
      + 0.2 * case when s.due_7 > 0 then s.misses_7 / ${double('s.due_7')} else 0 end
      + 0.2 * case when s.adherence_7 is not null and s.adherence_30 is not null
          then greatest(0, s.adherence_30 - s.adherence_7) else 0 end
      + 0.2 * (1 - coalesce(s.adherence_30, 1))
      + 0.15 * case when l.last_day is null then 1 else least(1, (s.today - l.last_day) / 7.0) end
    end`;

  const temps = Object.entries({
    metric_members: members,
    metric_keys: keys,
    metric_checkins: checkins,
    metric_paused_days: pausedDays,
    metric_habit_days: habitDays,
    metric_grid: grid,
    metric_periods: periods,
    metric_habits: habits,
    metric_runs: runs,
  }).flatMap(([name, query]) => [
    dialect.createTemp(name, query),
    ...(dialect.analyze ? [dialect.analyze(name)] : []),
  ]);
  return [
    ...temps,
    `delete from ${t('metrics_adherence')} using metric_members m
      where ${t('metrics_adherence')}.user_id = m.user_id and ${t('metrics_adherence')}.date = m.today_date`,
    `insert into ${t('metrics_adherence')} (user_id, date, adherence_7, adherence_30, adherence_90)
      select s.user_id, s.today_date, s.adherence_7, s.adherence_30, s.adherence_90 from (${memberTotals}) s`,
    memberScope('metrics_risk'),
    `insert into ${t('metrics_risk')} (user_id, date, level, score, misses_3, misses_7, days_since_last_log)
      select r.user_id, r.today_date,
        case when r.score >= 0.67 then 'high' when r.score >= 0.34 then 'medium' else 'low' end,
        r.score, r.misses_3, r.misses_7, r.days_since_last_log
      from (
        select s.user_id, s.today_date, s.misses_3, s.misses_7, s.today - l.last_day as days_since_last_log, ${score} as score
        from (${memberTotals}) s left join (${lastLogs}) l on l.user_id = s.user_id
      ) r`,
    memberScope('metrics_streak'),
    `insert into ${t('metrics_streak')} (user_id, habit_id, current_streak, longest_streak, unit, last_completion)
      select k.user_id, k.habit_id, coalesce(x.current_length, 0), coalesce(x.longest, 0), k.unit, last_done.date
      from metric_keys k
      left join metric_runs x on x.hk = k.hk
      left join (
        select g.hk, max(g.day) as day from metric_grid g
        where g.outcome = ${DONE} and ((g.per_period = 0 and g.due = 1) or (g.per_period = 1 and g.paused = 0))
        group by g.hk
      ) done_day on done_day.hk = k.hk
      left join ${t('dim_dates')} last_done on last_done.day_number = done_day.day`,
  ];
}
