/**
 * The warehouse's metrics, computed set-based in SQL from the facts with the domain's own rules
 * (DESIGN.md section 3; src/domain/picture.ts, adherence.ts, streaks.ts, risk.ts), so the numbers
 * an analyst reads equal the ones the API and the chat show. The statements are plain SQL that
 * PostgreSQL and Snowflake both read: integer day numbers instead of date arithmetic, CASE instead
 * of FILTER, temporary tables instead of CTEs inside INSERT. Each implementation supplies the few
 * words that differ (schema.ts MetricDialect).
 *
 * The steps, each a temporary table:
 * 1. metric_members: the members recomputed, with their local today; metric_checkins, their
 *    check-ins up to it; metric_paused_days, their habits' paused days.
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
 * 5. metric_runs: streak runs by gaps and islands: a break (a missed due day, or a past period
 *    short of its count) starts a new island; a run's length is its done days or full periods.
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

  // The members' check-ins up to their today, read once through the member index.
  const checkins = `select c.habit_id, c.day, c.status, c.amount
    from metric_members m join ${t('fact_checkins')} c on c.user_id = m.user_id and c.day <= m.today`;
  const pausedDays = `select distinct p.habit_id, d.day_number as day
    from metric_members m
    join ${t('dim_habit_pauses')} p on p.user_id = m.user_id
    join ${t('dim_dates')} d on d.day_number >= p.from_day and d.day_number <= coalesce(p.to_day, m.today) and d.day_number <= m.today`;

  // The habit-days and the rules in force each day; analyzed before the logs and pauses join it,
  // as no planner can guess how many days lie between each start date and today.
  const habitDays = `select m.user_id, h.id as habit_id, m.today, d.day_number as day, d.iso_weekday,
      case when h.status = 'active' then 1 else 0 end as active,
      case when cur.schedule_kind = 'per_period' then 1 else 0 end as per_period,
      cur.times,
      case when cur.period = 'week' then d.week_first else d.month_first end as period_first,
      case when cur.period = 'week' then d.week_first + 6 else d.month_last end as period_last,
      r.schedule_kind, r.weekdays, r.every_n, r.from_day, r.target_amount, r.target_direction
    from metric_members m
    join ${t('dim_habits')} h on h.user_id = m.user_id
    join ${t('dim_habit_rules')} cur on cur.habit_id = h.id and cur.to_day is null
    join ${t('dim_habit_rules')} r on r.habit_id = h.id
    join ${t('dim_dates')} d on d.day_number >= h.start_day and d.day_number <= m.today
      and d.day_number >= r.from_day and (r.to_day is null or d.day_number <= r.to_day)`;
  const days = `select hd.user_id, hd.habit_id, hd.today, hd.day, hd.active, hd.per_period, hd.times,
      hd.period_first, hd.period_last,
      case when pd.habit_id is null then 0 else 1 end as paused,
      case when pd.habit_id is null and (
          hd.schedule_kind = 'daily'
          or (hd.schedule_kind = 'weekdays' and substr(hd.weekdays, hd.iso_weekday, 1) = '1')
          or (hd.schedule_kind = 'every_n_days' and mod(hd.day - hd.from_day, hd.every_n) = 0)
        ) then 1 else 0 end as due,
      hd.target_amount, hd.target_direction, c.status, c.amount
    from metric_habit_days hd
    left join metric_paused_days pd on pd.habit_id = hd.habit_id and pd.day = hd.day
    left join metric_checkins c on c.habit_id = hd.habit_id and c.day = hd.day`;
  const judged = `select x.user_id, x.habit_id, x.today, x.day, x.active, x.per_period, x.times,
      x.period_first, x.period_last, x.paused, x.due,
      case
        when x.status is null then
          case when x.due = 1 and x.target_direction = 'at_most' and x.day < x.today then ${DONE} else ${NONE} end
        when x.status = 'skipped' then ${SKIPPED}
        when x.status = 'missed' then ${MISSED}
        when x.target_amount is null or x.amount is null then ${DONE}
        when x.target_direction = 'at_least' then
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
  const periods = `select g.user_id, g.habit_id, g.today, g.active, g.times, g.period_first,
      max(g.period_last) as period_last,
      sum(case when g.paused = 0 and g.outcome <> ${SKIPPED} then 1 else 0 end) as active_days,
      sum(case when g.paused = 0 and g.outcome = ${DONE} then 1 else 0 end) as done_days,
      ${WINDOWS.map(
        (
          n,
        ) => `${inWindow(n, `g.paused = 0 and g.outcome <> ${SKIPPED} and not ${openToday('g')}`)} as active_${n},
      ${inWindow(n, `g.paused = 0 and g.outcome = ${DONE}`)} as done_${n}`,
      ).join(',\n      ')}
    from metric_grid g where g.per_period = 1
    group by g.user_id, g.habit_id, g.today, g.active, g.times, g.period_first`;

  const double = (sql: string) => `cast(${sql} as double precision)`;
  const habits = `select user_id, habit_id, active,
      ${WINDOWS.map((n) => `sum(expected_${n}) as expected_${n}, sum(credited_${n}) as credited_${n}`).join(', ')},
      sum(due_3) as due_3, sum(misses_3) as misses_3, sum(due_7) as due_7, sum(misses_7) as misses_7
    from (
      select g.user_id, g.habit_id, g.active,
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
      group by g.user_id, g.habit_id, g.active
      union all
      select p.user_id, p.habit_id, p.active,
        ${WINDOWS.map(
          (n) =>
            `sum(${double(`p.times * p.active_${n}`)} / (p.period_last - p.period_first + 1)) as expected_${n}, ${double(`sum(least(p.done_${n}, p.times))`)} as credited_${n}`,
        ).join(',\n        ')},
        0 as due_3, 0 as misses_3, 0 as due_7, 0 as misses_7
      from metric_periods p
      group by p.user_id, p.habit_id, p.active
    ) both_kinds
    group by user_id, habit_id, active`;

  // Islands: a break starts the next island, so each island holds at most one run.
  const island = (breaks: string, partition = 'habit_id', order = 'day') =>
    `sum(${breaks}) over (partition by ${partition} order by ${order} rows between unbounded preceding and current row)`;
  const required = `case when p.active_days + greatest(p.period_last - p.today, 0) = p.period_last - p.period_first + 1
      then p.times
      else ceil(p.times * ${double('p.active_days + greatest(p.period_last - p.today, 0)')} / (p.period_last - p.period_first + 1) - 0.000000001)
    end`;
  const runs = `select user_id, habit_id, island, sum(done) as length, max(island) over (partition by habit_id) as last_island
    from (
      select g.user_id, g.habit_id, case when g.outcome = ${DONE} then 1 else 0 end as done,
        ${island(`case when g.outcome in (${DONE}, ${SKIPPED}) or ${openToday('g')} then 0 else 1 end`, 'g.habit_id', 'g.day')} as island
      from metric_grid g where g.per_period = 0 and g.due = 1
      union all
      select q.user_id, q.habit_id, q.reached as done,
        ${island('case when q.reached = 1 then 0 when q.period_last < q.today then 1 else 0 end', 'q.habit_id', 'q.period_first')} as island
      from (
        select p.user_id, p.habit_id, p.today, p.period_first, p.period_last,
          case when p.done_days >= ${required} then 1 else 0 end as reached, ${required} as required
        from metric_periods p
      ) q where q.required > 0
    ) marked
    group by user_id, habit_id, island`;

  const memberScope = (name: string) =>
    `delete from ${t(name)} using metric_members m where ${t(name)}.user_id = m.user_id`;

  const adherence = (n: number) =>
    `case when sum(h.expected_${n}) > 0 then least(1, sum(h.credited_${n}) / sum(h.expected_${n})) end`;
  const memberTotals = `select m.user_id, m.today, m.today_date,
      count(h.habit_id) as habits,
      ${WINDOWS.map((n) => `${adherence(n)} as adherence_${n}`).join(', ')},
      coalesce(sum(h.misses_3), 0) as misses_3, coalesce(sum(h.misses_7), 0) as misses_7,
      coalesce(sum(h.due_3), 0) as due_3, coalesce(sum(h.due_7), 0) as due_7
    from metric_members m left join metric_habits h on h.user_id = m.user_id and h.active = 1
    group by m.user_id, m.today, m.today_date`;
  const lastLogs = `select h.user_id, max(c.day) as last_day
    from metric_checkins c join ${t('dim_habits')} h on h.id = c.habit_id and h.status = 'active'
    group by h.user_id`;
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
      select h.user_id, h.id, coalesce(x.current_length, 0), coalesce(x.longest, 0),
        case when cur.schedule_kind <> 'per_period' then 'days' when cur.period = 'week' then 'weeks' else 'months' end,
        last_done.date
      from metric_members m
      join ${t('dim_habits')} h on h.user_id = m.user_id
      join ${t('dim_habit_rules')} cur on cur.habit_id = h.id and cur.to_day is null
      left join (
        select habit_id, max(case when island = last_island then length end) as current_length, max(length) as longest
        from metric_runs group by habit_id
      ) x on x.habit_id = h.id
      left join (
        select g.habit_id, max(g.day) as day from metric_grid g
        where g.outcome = ${DONE} and ((g.per_period = 0 and g.due = 1) or (g.per_period = 1 and g.paused = 0))
        group by g.habit_id
      ) done_day on done_day.habit_id = h.id
      left join ${t('dim_dates')} last_done on last_done.day_number = done_day.day`,
  ];
}
