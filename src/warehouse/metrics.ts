/**
 * The warehouse's metrics, computed set-based in SQL from the facts with the domain's own rules
 * (DESIGN.md section 3; src/domain/picture.ts, adherence.ts, streaks.ts, periods.ts, risk.ts), so
 * the numbers an analyst reads equal the ones the API and the chat show. The statements are plain
 * SQL that PostgreSQL and Snowflake both read: integer day numbers instead of date arithmetic, CASE
 * instead of FILTER, temporary tables instead of CTEs inside INSERT. Each implementation supplies
 * the few words that differ (schema.ts MetricDialect).
 *
 * No statement walks a habit day by day: the rows are the check-ins, the spans of rules between
 * pauses, and the weeks or months of per-period habits; the due days in a span are counted with
 * arithmetic (a weekday rule from its mask, an every-N-days rule from its anchor). A grid of every
 * habit's days since its start had four times as many rows and took most of a recompute's time.
 *
 * The steps, each a temporary table:
 * 1. metric_members: the members recomputed, with their local today; metric_keys, those of their
 *    habits whose tallies in metrics_habit are not as of that today (a batch that writes a habit's
 *    facts deletes its tallies), numbered (`hk`), with the rules in force today. The members'
 *    other habits are not recomputed: their tallies and streaks stand.
 * 2. metric_pieces: per habit, its days from its start date through today that no pause covers,
 *    cut where its rules change (dim_habit_rules), so that one schedule and target judge each
 *    piece; with its due days before today, and those of the pieces before it.
 * 3. metric_logs: the check-ins up to today, each with its piece (none on a paused day or before
 *    the start), whether that day was due, and its outcome code:
 *      1 done, 2 skipped, 3 missed (or an at_most amount over the limit),
 *      4 short (a done log below an at_least target: a miss on a past day, progress today).
 *    A past due day without a check-in was kept (done) under an at_most target, and missed under
 *    any other: the pieces count those days, the check-ins on due days are taken out of them.
 * 4. metric_periods_calendar, metric_periods: per-period habits, one row per calendar week or
 *    month: its active and done days overall (streaks) and inside each window (adherence).
 * 5. metric_habits: per habit, credited and expected over 7, 30 and 90 days, settled due days and
 *    misses over 3 and 7 days (day-based habits only, as the risk counts them), and its last
 *    check-in and last done day; kept in metrics_habit.
 * 6. metric_runs: per habit, the current and longest streak. A break (a missed due day, or a past
 *    period short of its count) restarts the run; a run counts done due days or full periods.
 * Then metrics_adherence (pooled over each member's active habits in metrics_habit) and
 * metrics_risk (the formula of domain/risk.ts memberRisk) are replaced for those members, and
 * metrics_streak for the habits recomputed.
 */
import type { MetricDialect } from './schema.js';

const DONE = 1;
const SKIPPED = 2;
const MISSED = 3;
const SHORT = 4;

/** Adherence windows, in days ending today (the risk also counts misses over 3 and 7). */
const WINDOWS = [7, 30, 90] as const;
/** Every window a count is kept for: the adherence windows and the risk's. */
const ALL_WINDOWS = [3, 7, 30, 90] as const;

/** A piece's columns that say which of its days, through `to_day`, are due. */
const RULE_COLUMNS = ['kind', 'weekdays', 'every_n', 'anchor', 'to_day'] as const;

/** ISO weekday (1 Monday … 7 Sunday) of a day number: day 0, 1970-01-01, was a Thursday. */
const isoWeekday = (day: string) => `(mod(${day} + 3, 7) + 1)`;

/**
 * The SQL helpers below read a rule's columns (RULE_COLUMNS) by a prefix: `p.` for a piece's own
 * (p.kind, p.weekdays, …), `c.gap_` for the rule of the days before a streak step.
 *
 * Whether the rule schedules day `day`: its weekday in the mask (Monday first), or a whole number
 * of N-day steps from the day the rule took effect (`anchor`).
 */
const scheduledOn = (r: string, day: string) => `case ${r}kind
    when 'daily' then 1
    when 'weekdays' then case when substr(${r}weekdays, ${isoWeekday(day)}, 1) = '1' then 1 else 0 end
    when 'every_n_days' then case when mod(${day} - ${r}anchor, ${r}every_n) = 0 then 1 else 0 end
    else 0 end`;

/**
 * How many days of [from, to] the rule schedules (0 when the span is empty, or the rule is
 * per-period); `from` is never before the anchor. Weekdays: the mask's days per whole week, plus
 * those of the remaining days, read from the mask written twice.
 */
const dueDays = (r: string, from: string, to: string) => `cast(case
    when ${to} < ${from} then 0
    when ${r}kind = 'daily' then ${to} - ${from} + 1
    when ${r}kind = 'weekdays' then floor((${to} - ${from} + 1) / 7) * length(replace(${r}weekdays, '0', ''))
      + length(replace(substr(${r}weekdays || ${r}weekdays, ${isoWeekday(from)}, mod(${to} - ${from} + 1, 7)), '0', ''))
    when ${r}kind = 'every_n_days' then floor((${to} - ${r}anchor) / ${r}every_n)
      - floor((${from} - ${r}anchor + ${r}every_n - 1) / ${r}every_n) + 1
    else 0 end as integer)`;

/**
 * The last day on or before `day` that a day-based rule schedules. Weekdays: the mask read
 * backwards from `day`'s weekday over the week ending on it.
 */
const lastDueDay = (r: string, day: string) => `cast(case ${r}kind
    when 'daily' then ${day}
    when 'weekdays' then ${day} + 1 - position('1' in reverse(substr(${r}weekdays || ${r}weekdays, ${isoWeekday(day)} + 1, 7)))
    else ${r}anchor + floor((${day} - ${r}anchor) / ${r}every_n) * ${r}every_n end as integer)`;

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
  const double = (sql: string) => `cast(${sql} as double precision)`;
  const upTo = 'rows between unbounded preceding and current row';
  const members = `select u.id as user_id, d.day_number as today, d.date as today_date
    from ${t('dim_users')} u join ${t('dim_dates')} d on d.date = ${dialect.localDate('u.timezone', 'u.day_start_hour')}
    ${scoped ? `where u.id in ${dialect.idsIn()}` : ''}`;

  // The members' habits to recompute (step 1). Each is numbered (`hk`): the later steps join, sort
  // and group on that small integer rather than on the habit's uuid, which costs several times
  // more per row.
  const keys = `select row_number() over (order by h.id) as hk, h.id as habit_id, m.user_id, m.today,
      case when h.status = 'active' then 1 else 0 end as active,
      case when cur.schedule_kind = 'per_period' then 1 else 0 end as per_period,
      cur.times, cur.period, h.start_day,
      case when cur.schedule_kind <> 'per_period' then 'days' when cur.period = 'week' then 'weeks' else 'months' end as unit
    from metric_members m
    join ${t('dim_habits')} h on h.user_id = m.user_id
    join ${t('dim_habit_rules')} cur on cur.habit_id = h.id and cur.to_day is null
    left join ${t('metrics_habit')} kept on kept.habit_id = h.id and kept.today = m.today
    where kept.habit_id is null`;

  // The unpaused days from the start through today: after each pause (and after a stand-in one
  // ending the day before the start), the days up to the next pause, or through today. Pauses are
  // cut to those days first; the running maximum of their ends lets overlapping pauses merge.
  const pauses = `select k.hk, k.habit_id, k.today, k.per_period, k.start_day - 1 as from_day, k.start_day - 1 as to_day
      from metric_keys k
      union all
      select k.hk, k.habit_id, k.today, k.per_period, greatest(p.from_day, k.start_day), least(coalesce(p.to_day, k.today), k.today)
      from metric_keys k join ${t('dim_habit_pauses')} p on p.habit_id = k.habit_id
      where p.from_day <= k.today and coalesce(p.to_day, k.today) >= k.start_day`;
  const unpaused = `select w.hk, w.habit_id, w.today, w.per_period, w.reach + 1 as from_day, coalesce(w.next_from - 1, w.today) as to_day
    from (
      select s.hk, s.habit_id, s.today, s.per_period,
        max(s.to_day) over (partition by s.hk order by s.from_day, s.to_day ${upTo}) as reach,
        lead(s.from_day) over (partition by s.hk order by s.from_day, s.to_day) as next_from
      from (${pauses}) s
    ) w
    where w.reach + 1 <= coalesce(w.next_from - 1, w.today)`;
  // direction: 1 at_most, 2 at_least, 0 no target. `past_due`: the piece's due days before today.
  // The streak steps also read the rules of the piece before (`prev_`), whether it is the habit's
  // last, and the past due days of the pieces before it (`_before`) and through it (`_through`):
  // under at_most rules (kept unless a check-in says otherwise), and under the others (missed
  // unless one says otherwise).
  const ruleSpans = `select f.hk, f.today, f.per_period,
      greatest(f.from_day, r.from_day) as from_day, least(f.to_day, coalesce(r.to_day, f.to_day)) as to_day,
      r.from_day as anchor, r.schedule_kind as kind, r.weekdays, r.every_n,
      case when r.target_direction = 'at_most' then 1 when r.target_direction = 'at_least' then 2 else 0 end as direction,
      r.target_amount
    from (${unpaused}) f
    join ${t('dim_habit_rules')} r on r.habit_id = f.habit_id
      and r.from_day <= f.to_day and (r.to_day is null or r.to_day >= f.from_day)`;
  const pieceOrder = 'over (partition by x.hk order by x.from_day';
  const keptDue = (a: string) => `case when ${a}.direction = 1 then ${a}.past_due else 0 end`;
  const missableDue = (a: string) => `case when ${a}.direction = 1 then 0 else ${a}.past_due end`;
  const pieces = `select z.*, z.kept_through - ${keptDue('z')} as kept_before,
      z.missable_through - ${missableDue('z')} as missable_before
    from (
      select x.*,
        ${RULE_COLUMNS.map((name) => `lag(x.${name}) ${pieceOrder}) as prev_${name}`).join(', ')},
        case when lead(x.from_day) ${pieceOrder}) is null then 1 else 0 end as last_piece,
        sum(${keptDue('x')}) ${pieceOrder} ${upTo}) as kept_through,
        sum(${missableDue('x')}) ${pieceOrder} ${upTo}) as missable_through
      from (
        select y.*, ${dueDays('y.', 'y.from_day', 'least(y.to_day, y.today - 1)')} as past_due from (${ruleSpans}) y
      ) x
    ) z`;

  // Every check-in up to today (the risk counts days since the last one, wherever it falls), with
  // its piece's rules: `counted` when it has a piece, `due` when those rules schedule the day. For
  // the streak steps, the past due days before it (kept ones, missable ones), and under an at_most
  // rule the rule itself.
  const dueBefore = dueDays('p.', 'p.from_day', 'least(c.day - 1, p.to_day, k.today - 1)');
  const logs = `select k.hk, k.today, k.per_period, c.day,
      case when p.hk is null then 0 else 1 end as counted,
      case when p.hk is null then 0 else ${scheduledOn('p.', 'c.day')} end as due,
      case
        when c.status = 'skipped' then ${SKIPPED}
        when c.status = 'missed' then ${MISSED}
        when p.target_amount is null or c.amount is null then ${DONE}
        when p.direction = 2 then case when c.amount >= p.target_amount then ${DONE} else ${SHORT} end
        when c.amount <= p.target_amount then ${DONE}
        else ${MISSED}
      end as outcome,
      p.direction,
      p.kept_before + case when p.direction = 1 then ${dueBefore} else 0 end as kept_before,
      p.missable_before + case when p.direction = 1 then 0 else ${dueBefore} end as missable_before,
      ${RULE_COLUMNS.map((name) => `case when p.direction = 1 then p.${name} end as kept_${name}`).join(', ')}
    from metric_members m
    join ${t('fact_checkins')} c on c.user_id = m.user_id and c.day <= m.today
    join metric_keys k on k.habit_id = c.habit_id
    left join metric_pieces p on p.hk = k.hk and c.day >= p.from_day and c.day <= p.to_day`;

  // Per-period habits: each calendar week or month from the one holding the start date through
  // today's. Its days are tallied from two sources, summed: the pieces give its unpaused days and
  // the due days of an earlier at_most rule (kept: done unless a check-in says otherwise); its
  // check-ins take skipped days out of the active ones, count done ones, and replace the kept
  // day they fall on by their own outcome. A window counts days since its first; today counts
  // only once settled (done or missed), so the pieces give the windows their past days only.
  const periodFirst = (k: string, d: string) =>
    `case when ${k}.period = 'week' then ${d}.week_first else ${d}.month_first end`;
  const calendar = `select k.hk, k.today, k.times, ${periodFirst('k', 'd')} as period_first,
      case when k.period = 'week' then d.week_first + 6 else d.month_last end as period_last
    from metric_keys k
    join ${t('dim_dates')} d on d.day_number >= k.start_day and d.day_number <= k.today
      and (d.day_number = k.start_day or d.day_number = ${periodFirst('k', 'd')})
    where k.per_period = 1`;
  const overlap = (from: string, to: string) => `greatest(0, ${to} - ${from} + 1)`;
  const past = 'least(p.to_day, c.period_last, c.today - 1)';
  const pieceDays = (name: string, from: string, activeTo: string) =>
    `${overlap(from, activeTo)} as active_${name},
      case when p.direction = 1 then ${dueDays('p.', from, past)} else 0 end as done_${name}`;
  const fromPieces = `select c.hk, c.period_first,
      ${pieceDays('days', 'greatest(p.from_day, c.period_first)', 'least(p.to_day, c.period_last)')},
      ${WINDOWS.map((n) => pieceDays(`${n}`, `greatest(p.from_day, c.period_first, c.today - ${n} + 1)`, past)).join(',\n      ')}
    from metric_periods_calendar c
    join metric_pieces p on p.hk = c.hk and p.from_day <= c.period_last and p.to_day >= c.period_first`;
  // A check-in's share of its period's days: a skipped one is not active; a done one is done,
  // and one on a past due at_most day takes out the kept day the pieces counted there. In a
  // window, today is active once done or missed.
  const doneShare = `case when l.outcome = ${DONE} then 1 else 0 end
        - case when l.due = 1 and l.direction = 1 and l.day < l.today then 1 else 0 end`;
  const fromLogs = `select c.hk, c.period_first,
      case when l.outcome = ${SKIPPED} then -1 else 0 end, ${doneShare},
      ${WINDOWS.map(
        (n) => `case when l.day <= l.today - ${n} then 0
          when l.day = l.today then case when l.outcome in (${DONE}, ${MISSED}) then 1 else 0 end
          when l.outcome = ${SKIPPED} then -1 else 0 end,
        case when l.day <= l.today - ${n} then 0 else ${doneShare} end`,
      ).join(',\n      ')}
    from metric_logs l
    join metric_periods_calendar c on c.hk = l.hk and l.day >= c.period_first and l.day <= c.period_last
    where l.per_period = 1 and l.counted = 1`;
  const tallied = ['active_days', 'done_days', ...WINDOWS.flatMap((n) => [`active_${n}`, `done_${n}`])];
  const periods = `select c.hk, c.period_first, c.period_last, c.today, c.times,
      ${tallied.map((name) => `coalesce(sum(s.${name}), 0) as ${name}`).join(', ')}
    from metric_periods_calendar c
    left join (${fromPieces} union all ${fromLogs}) s on s.hk = c.hk and s.period_first = c.period_first
    group by c.hk, c.period_first, c.period_last, c.today, c.times`;

  // Day-based habits: a window's settled due days are its past due days (the pieces) less the
  // skipped ones, plus today once done or missed; its done ones, the done check-ins plus the
  // past due days of at_most rules without a check-in.
  const pieceWindows = `select p.hk,
      ${ALL_WINDOWS.map((n) => {
        const from = `greatest(p.from_day, p.today - ${n} + 1)`;
        const past = `least(p.to_day, p.today - 1)`;
        return `sum(${dueDays('p.', from, past)}) as due_${n},
        sum(case when p.direction = 1 then ${dueDays('p.', from, past)} else 0 end) as kept_${n}`;
      }).join(',\n      ')}
    from metric_pieces p
    group by p.hk`;
  const inWindow = (n: number, condition: string) =>
    `sum(case when l.day > l.today - ${n} and ${condition} then 1 else 0 end)`;
  // One pass over the check-ins: the day-based windows (due ones), the last check-in (the risk),
  // and the last done one (a due day's, or any unpaused day's per period).
  const logTotals = `select l.hk,
      ${ALL_WINDOWS.map(
        (n) => `${inWindow(n, `l.due = 1 and l.day < l.today and l.outcome = ${SKIPPED}`)} as skipped_${n},
        ${inWindow(n, `l.due = 1 and l.outcome = ${DONE}`)} as done_${n},
        ${inWindow(n, 'l.due = 1 and l.day < l.today and l.direction = 1')} as logged_kept_${n}`,
      ).join(',\n      ')},
      sum(case when l.due = 1 and l.day = l.today and l.outcome in (${DONE}, ${MISSED}) then 1 else 0 end) as settled_today,
      max(l.day) as last_log,
      max(case when l.outcome = ${DONE} and (l.due = 1 or (l.per_period = 1 and l.counted = 1)) then l.day end) as last_done
    from metric_logs l
    group by l.hk`;
  const periodTotals = `select p.hk,
      ${WINDOWS.map(
        (n) =>
          `sum(${double(`p.times * p.active_${n}`)} / (p.period_last - p.period_first + 1)) as expected_${n}, ${double(`sum(least(p.done_${n}, p.times))`)} as credited_${n}`,
      ).join(',\n      ')}
    from metric_periods p
    group by p.hk`;
  const settled = (n: number) =>
    `coalesce(pw.due_${n}, 0) - coalesce(lw.skipped_${n}, 0) + coalesce(lw.settled_today, 0)`;
  const credited = (n: number) =>
    `coalesce(lw.done_${n}, 0) + coalesce(pw.kept_${n}, 0) - coalesce(lw.logged_kept_${n}, 0)`;
  const dayBased = 'case when k.per_period = 0 then';
  // Per habit: `began` once its start date has come (only then is it counted as one of the
  // member's habits), its tallies (zero before it began), and its last check-ins.
  const habits = `select k.hk, k.user_id, k.active, case when k.start_day <= k.today then 1 else 0 end as began,
      ${WINDOWS.map(
        (n) => `${dayBased} ${double(settled(n))} else coalesce(pt.expected_${n}, 0) end as expected_${n},
      ${dayBased} ${double(credited(n))} else coalesce(pt.credited_${n}, 0) end as credited_${n}`,
      ).join(',\n      ')},
      ${[3, 7]
        .map(
          (n) => `${dayBased} ${settled(n)} else 0 end as due_${n},
      ${dayBased} ${settled(n)} - (${credited(n)}) else 0 end as misses_${n}`,
        )
        .join(',\n      ')},
      lw.last_log, lw.last_done
    from metric_keys k
    left join (${pieceWindows}) pw on pw.hk = k.hk
    left join (${logTotals}) lw on lw.hk = k.hk
    left join (${periodTotals}) pt on pt.hk = k.hk`;

  // Streaks. A run is a stretch of steps between two breaks, and its length the done days (or
  // full periods) in it. A day-based habit's steps are its due check-ins, each piece's first day,
  // and a closing step the day after today. The due days between two steps carry no check-in and
  // fall under one piece, the earlier step's: kept days (done) under an at_most target, missed
  // days (breaks) under any other. One window along the steps counts, for each, `done_so_far`
  // (through its own outcome) and `breaks` (before its own outcome, which counts from the next
  // step on: kept days after a missed check-in belong to the next run), from the pieces' past due
  // days before it less the check-ins on them. The steps sharing a `breaks` value form a run, from
  // the done days before its first step's gap to its last step's done_so_far; the current streak
  // is the run holding the closing step. Per-period habits step through their periods (source 1):
  // a period that reached its count is done, a past one short of it breaks the run. Their day
  // steps (source 0) only find the last kept day.
  const required = `case when p.active_days + greatest(p.period_last - p.today, 0) = p.period_last - p.period_first + 1
      then p.times
      else ceil(p.times * ${double('p.active_days + greatest(p.period_last - p.today, 0)')} / (p.period_last - p.period_first + 1) - 0.000000001)
    end`;
  const noRule = RULE_COLUMNS.map(() => 'null').join(', ');
  const rule = (prefix: string) => RULE_COLUMNS.map((name) => `${prefix}${name}`).join(', ');
  const steps = `select l.hk, l.today, l.per_period, 0 as source, l.day as position, 1 as consumes,
        case when l.outcome = ${DONE} then 1 else 0 end as own_done,
        case when l.outcome = ${MISSED} or (l.outcome = ${SHORT} and l.day < l.today) then 1 else 0 end as own_break,
        case when l.direction = 1 and l.day < l.today then 1 else 0 end as kept_log,
        case when l.direction <> 1 and l.day < l.today then 1 else 0 end as missable_log,
        l.kept_before, l.missable_before, ${RULE_COLUMNS.map((name) => `l.kept_${name} as gap_${name}`).join(', ')}
      from metric_logs l where l.due = 1
      union all
      select p.hk, p.today, p.per_period, 0, p.from_day, 0, 0, 0, 0, 0, p.kept_before, p.missable_before, ${rule('p.prev_')}
      from metric_pieces p
      union all
      select k.hk, k.today, k.per_period, 0, k.today + 1, 0, 0, 0, 0, 0,
        coalesce(p.kept_through, 0), coalesce(p.missable_through, 0), ${rule('p.')}
      from metric_keys k left join metric_pieces p on p.hk = k.hk and p.last_piece = 1
      union all
      select q.hk, q.today, 1, 1, q.period_first, 1, q.reached,
        case when q.reached = 1 then 0 when q.period_last < q.today then 1 else 0 end, 0, 0, 0, 0, ${noRule}
      from (
        select p.hk, p.today, p.period_first, p.period_last,
          case when p.done_days >= ${required} then 1 else 0 end as reached, ${required} as required
        from metric_periods p
      ) q where q.required > 0
      union all
      select k.hk, k.today, k.per_period, 1, k.today + 1, 0, 0, 0, 0, 0, 0, 0, ${noRule} from metric_keys k where k.per_period = 1`;
  // The window keeps its default frame (through the current row, as positions are unique within a
  // habit's steps), so that its sums and its lag are computed together.
  const along = 'over (partition by s.hk, s.source order by s.position, s.consumes)';
  const counted = `select s.hk, s.source, s.per_period, s.today, s.position, s.own_done, ${rule('s.gap_')},
      sum(s.own_done - s.kept_log) ${along} + s.kept_log + s.kept_before as done_so_far,
      sum(s.own_break - s.missable_log) ${along} - s.own_break + s.missable_log + s.missable_before as breaks,
      s.kept_before - lag(s.kept_before + s.kept_log, 1, 0) ${along} as kept_gap,
      case when s.position > s.today then 1 else 0 end as closing
    from (${steps}) s`;
  const spans = `select c.hk, c.source, c.per_period, max(c.closing) as closing,
      max(c.done_so_far) - min(c.done_so_far - c.own_done - c.kept_gap) as length,
      max(case when c.kept_gap > 0 then ${lastDueDay('c.gap_', 'least(c.position - 1, c.gap_to_day, c.today - 1)')} end) as last_kept
    from (${counted}) c
    group by c.hk, c.source, c.per_period, c.breaks`;
  const runs = `select hk,
      max(case when source = per_period then length end) as longest,
      max(case when source = per_period and closing = 1 then length end) as current_length,
      max(last_kept) as last_kept
    from (${spans}) run
    group by hk`;

  const memberScope = (name: string) =>
    `delete from ${t(name)} using metric_members m where ${t(name)}.user_id = m.user_id`;
  const recomputed = (name: string) =>
    `delete from ${t(name)} using metric_keys k where ${t(name)}.habit_id = k.habit_id`;
  const tallies = [
    'active',
    'began',
    ...WINDOWS.flatMap((n) => [`expected_${n}`, `credited_${n}`]),
    ...[3, 7].flatMap((n) => [`due_${n}`, `misses_${n}`]),
    'last_log',
  ];

  const adherence = (n: number) =>
    `case when sum(h.expected_${n}) > 0 then least(1, sum(h.credited_${n}) / sum(h.expected_${n})) end`;
  const memberTotals = `select m.user_id, m.today, m.today_date,
      coalesce(sum(h.began), 0) as habits,
      ${WINDOWS.map((n) => `${adherence(n)} as adherence_${n}`).join(', ')},
      coalesce(sum(h.misses_3), 0) as misses_3, coalesce(sum(h.misses_7), 0) as misses_7,
      coalesce(sum(h.due_3), 0) as due_3, coalesce(sum(h.due_7), 0) as due_7,
      max(h.last_log) as last_day
    from metric_members m left join ${t('metrics_habit')} h on h.user_id = m.user_id and h.active = 1
    group by m.user_id, m.today, m.today_date`;
  // domain/risk.ts memberRisk: 0.25 missRate3 + 0.20 missRate7 + 0.20 drop + 0.20 (1 - adherence30)
  // + 0.15 min(1, daysSinceLastLog / 7); 0 without active habits.
  const score = `case when s.habits = 0 then 0 else
      0.25 * case when s.due_3 > 0 then s.misses_3 / ${double('s.due_3')} else 0 end
      + 0.2 * case when s.due_7 > 0 then s.misses_7 / ${double('s.due_7')} else 0 end
      + 0.2 * case when s.adherence_7 is not null and s.adherence_30 is not null
          then greatest(0, s.adherence_30 - s.adherence_7) else 0 end
      + 0.2 * (1 - coalesce(s.adherence_30, 1))
      + 0.15 * case when s.last_day is null then 1 else least(1, (s.today - s.last_day) / 7.0) end
    end`;
  const temps = Object.entries({
    metric_members: members,
    metric_keys: keys,
    metric_pieces: pieces,
    metric_logs: logs,
    metric_periods_calendar: calendar,
    metric_periods: periods,
    metric_habits: habits,
    metric_runs: runs,
  }).flatMap(([name, query]) => [
    dialect.createTemp(name, query),
    ...(dialect.analyze ? [dialect.analyze(name)] : []),
  ]);
  return [
    ...temps,
    recomputed('metrics_habit'),
    `insert into ${t('metrics_habit')} (habit_id, user_id, today, ${tallies.join(', ')})
      select k.habit_id, k.user_id, k.today, ${tallies.map((name) => `h.${name}`).join(', ')}
      from metric_keys k join metric_habits h on h.hk = k.hk`,
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
        select s.user_id, s.today_date, s.misses_3, s.misses_7, s.today - s.last_day as days_since_last_log, ${score} as score
        from (${memberTotals}) s
      ) r`,
    recomputed('metrics_streak'),
    `insert into ${t('metrics_streak')} (user_id, habit_id, current_streak, longest_streak, unit, last_completion)
      select k.user_id, k.habit_id, x.current_length, x.longest, k.unit, last_done.date
      from metric_keys k
      join metric_runs x on x.hk = k.hk
      join metric_habits h on h.hk = k.hk
      left join ${t('dim_dates')} last_done
        on last_done.day_number = coalesce(greatest(h.last_done, x.last_kept), h.last_done, x.last_kept)`,
  ];
}
