/**
 * The warehouse sync (issue 15). Each run reads the changes captured in `warehouse_changes`
 * (migrations/Migration20261130000000WarehouseChanges.ts) after the warehouse's committed
 * position, up to a bound below which every change has committed, and moves them in batches: each
 * batch reads the changed rows' current state (a row gone is a delete), and the warehouse applies
 * it, recomputes the touched members' metrics and commits the batch's last position in one
 * transaction. Killed halfway, the next run starts after the last committed batch; a full rebuild
 * cut short leaves the position null, so the next run rebuilds again. A full rebuild into a
 * warehouse in Stride's own database copies each table inside PostgreSQL (copyWithin); rows
 * written after its bound are copied too and merged again by the next run, which changes nothing.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { toDayNumber } from '../domain/dates.js';
import { ruleSegments } from '../domain/picture.js';
import { weekdayMask } from '../domain/schedule.js';
import type { NumericTarget, PastRules, PausedSpan, Schedule } from '../domain/types.js';
import { describeError } from '../logger.js';
import { WAREHOUSE_LOCK } from '../../migrations/Migration20261130000000WarehouseChanges.js';
import type { SyncState, Warehouse, WarehouseBatch, WarehouseRow, WarehouseTable } from './port.js';

/** Changes per batch: each batch is a handful of statements with one JSON parameter per table. */
export const BATCH_SIZE = 5000;

/** The operational tables the triggers watch, and the warehouse table each one fills. */
const SOURCES: Record<string, { table: WarehouseTable; alias: string; select: string }> = {
  users: {
    alias: 'u',
    table: 'dim_users',
    select: `select u.id, u.name, u.timezone, u.day_start_hour, u.created_at from users u`,
  },
  habits: {
    alias: 'h',
    table: 'dim_habits',
    select: `select h.id, h.owner_id as user_id, h.name, h.schedule->>'kind' as schedule_kind, h.schedule,
      (h.target->>'amount')::double precision as target_amount, h.target->>'unit' as target_unit,
      h.target->>'direction' as target_direction, h.target, h.status, h.start_date::text as start_date,
      h.start_date - date '1970-01-01' as start_day, h.paused_spans, h.rule_history, h.created_at from habits h`,
  },
  goals: {
    alias: 'g',
    table: 'dim_goals',
    select: `select g.id, g.owner_id as user_id, g.parent_id, g.title, g.target, g.unit, g.start_date::text as start_date,
      g.deadline::text as deadline, g.completed_at, g.created_at from goals g`,
  },
  mentorships: {
    alias: 's',
    table: 'dim_mentorships',
    select: `select s.id, s.mentor_id, s.mentee_id, s.status, s.accepted_at from mentorships s`,
  },
  habit_logs: {
    alias: 'l',
    table: 'fact_checkins',
    select: `select l.id, l.habit_id, h.owner_id as user_id, l.date::text as local_date,
      l.date - date '1970-01-01' as day, l.status, l.amount, l.source,
      l.created_at as logged_at, l.updated_at from habit_logs l join habits h on h.id = l.habit_id`,
  },
  journal_entries: {
    alias: 'j',
    table: 'fact_journal_entries',
    select: `select j.id, j.user_id, j.date::text as local_date, j.mood, j.sentiment, j.source, j.private, j.created_at,
      j.updated_at from journal_entries j`,
  },
};

/** Parents first, so a batch never names a habit before its member when read in order. */
const ORDER = ['users', 'habits', 'goals', 'mentorships', 'habit_logs', 'journal_entries'];

export interface SyncOptions {
  full?: boolean;
  now?: Date;
  batchSize?: number;
  /** Called after each committed batch (tests simulate a crash here). */
  afterBatch?: (position: string | null) => void | Promise<void>;
}

export interface SyncResult {
  mode: 'full' | 'incremental';
  rows: number;
  batches: number;
  position: string;
}

/**
 * The highest position below which every change has committed: writers hold the advisory lock
 * shared until they commit, so holding it exclusively for an instant waits out those in flight.
 */
export async function changeBound(em: EntityManager): Promise<string> {
  return em.fork().transactional(async (tx) => {
    await tx.execute(`set local lock_timeout = '10s'`);
    await tx.execute(`select pg_advisory_xact_lock(${WAREHOUSE_LOCK})`);
    const [row] = await tx.execute<{ bound: string }[]>(
      `select coalesce(max(id), 0)::text as bound from warehouse_changes`,
    );
    return row!.bound;
  });
}

/** Runs one sync; the error of a failed run is recorded on the warehouse and rethrown. */
export async function syncWarehouse(
  em: EntityManager,
  warehouse: Warehouse,
  options: SyncOptions = {},
): Promise<SyncResult> {
  const now = options.now ?? new Date();
  try {
    await warehouse.prepare();
    const result = await runSync(em, warehouse, options, now);
    await warehouse.recordRun(result.rows, new Date());
    return result;
  } catch (error) {
    await warehouse
      // As the log has it: a failed statement's values (names, notes) are never kept.
      .recordError(describeError(error), new Date())
      .catch(() => undefined);
    throw error;
  }
}

async function runSync(
  em: EntityManager,
  warehouse: Warehouse,
  options: SyncOptions,
  now: Date,
): Promise<SyncResult> {
  const size = options.batchSize ?? BATCH_SIZE;
  const state = await warehouse.state();
  const bound = await changeBound(em);
  if (options.full || state.position === null) {
    await warehouse.reset();
    let rows = 0;
    let batches = 0;
    for (const source of ORDER) {
      const { table, alias, select } = SOURCES[source]!;
      // Habits are shaped here (their rules and pauses become rows), so they always travel.
      if (warehouse.copyWithin && table !== 'dim_habits') {
        rows += await warehouse.copyWithin(table, select);
        batches++;
        await options.afterBatch?.(null);
        continue;
      }
      let after = '00000000-0000-0000-0000-000000000000';
      for (;;) {
        const found = await em
          .fork()
          .execute<WarehouseRow[]>(`${select} where ${alias}.id > ? order by ${alias}.id limit ?`, [
            after,
            size,
          ]);
        if (found.length === 0) break;
        await warehouse.apply(
          withHabitChildren({ upserts: { [table]: found }, deletes: {}, members: [] }),
          now,
        );
        rows += found.length;
        batches++;
        after = String(found[found.length - 1]!.id);
        await options.afterBatch?.(null);
        if (found.length < size) break;
      }
    }
    await warehouse.finishFull(now, bound);
    return { mode: 'full', rows, batches, position: bound };
  }
  let position = state.position;
  let rows = 0;
  let batches = 0;
  for (;;) {
    // Ordered by the column, not by the text alias of the same name: as text, '1000' sorts before
    // '996', and a batch would take the wrong changes and end at the wrong position.
    const changes = await em
      .fork()
      .execute<{ id: string; table_name: string; row_id: string }[]>(
        `select id::text as id, table_name, row_id from warehouse_changes where id > ? and id <= ? order by warehouse_changes.id limit ?`,
        [position, bound, size],
      );
    if (changes.length === 0) break;
    const batch = await readBatch(em, changes);
    const last = changes[changes.length - 1]!.id;
    await warehouse.apply(batch, now, last);
    rows += changes.length;
    batches++;
    position = last;
    await options.afterBatch?.(position);
    if (changes.length < size) break;
  }
  await warehouse.refreshStale(now);
  return { mode: 'incremental', rows, batches, position };
}

/** The changed rows' current state: present rows are upserted, missing ones deleted. */
async function readBatch(
  em: EntityManager,
  changes: readonly { table_name: string; row_id: string }[],
): Promise<WarehouseBatch> {
  const batch: WarehouseBatch = { upserts: {}, deletes: {}, members: [] };
  for (const source of ORDER) {
    const ids = [...new Set(changes.filter((c) => c.table_name === source).map((c) => c.row_id))];
    if (ids.length === 0) continue;
    const { table, alias, select } = SOURCES[source]!;
    const found = await em
      .fork()
      .execute<WarehouseRow[]>(
        `${select} where ${alias}.id in (select value::uuid from jsonb_array_elements_text(?::jsonb))`,
        [JSON.stringify(ids)],
      );
    const present = new Set(found.map((row) => String(row.id)));
    if (found.length > 0) batch.upserts[table] = found;
    const gone = ids.filter((id) => !present.has(id));
    if (gone.length > 0) batch.deletes[table] = gone;
  }
  return withHabitChildren(batch);
}

/**
 * Adds each habit's rules over time and paused spans as rows of their own (dim_habit_rules,
 * dim_habit_pauses), in day numbers, so the warehouse's SQL judges each day by the rules in force
 * that day without reading JSON. The spans are the domain's own (picture.ts ruleSegments), cut to
 * the habit's start date.
 */
export function withHabitChildren(batch: WarehouseBatch): WarehouseBatch {
  const habits = batch.upserts.dim_habits;
  if (!habits?.length) return batch;
  const rules: WarehouseRow[] = [];
  const pauses: WarehouseRow[] = [];
  for (const habit of habits) {
    const start = Number(habit.start_day);
    const segments = ruleSegments({
      schedule: habit.schedule as Schedule,
      target: habit.target as NumericTarget | null,
      startDate: String(habit.start_date),
      pausedSpans: habit.paused_spans as PausedSpan[],
      difficulty: 'medium',
      history: habit.rule_history as PastRules[],
    });
    for (const { from, to, rules: segment } of segments) {
      if (to < start) continue;
      const schedule = segment.schedule;
      rules.push({
        habit_id: habit.id,
        user_id: habit.user_id,
        from_day: Math.max(from, start),
        to_day: Number.isFinite(to) ? to : null,
        schedule_kind: schedule.kind,
        weekdays:
          schedule.kind === 'weekdays'
            ? weekdayMask(schedule.days)
                .slice(1)
                .map((on) => (on ? '1' : '0'))
                .join('')
            : null,
        every_n: schedule.kind === 'every_n_days' ? schedule.n : null,
        times: schedule.kind === 'per_period' ? schedule.times : null,
        period: schedule.kind === 'per_period' ? schedule.period : null,
        target_amount: segment.target?.amount ?? null,
        target_direction: segment.target?.direction ?? null,
      });
    }
    const seen = new Set<number>();
    for (const span of habit.paused_spans as PausedSpan[]) {
      const from = toDayNumber(span.from);
      if (seen.has(from)) continue;
      seen.add(from);
      pauses.push({
        habit_id: habit.id,
        user_id: habit.user_id,
        from_day: from,
        to_day: span.to === null ? null : toDayNumber(span.to),
      });
    }
  }
  return {
    ...batch,
    upserts: { ...batch.upserts, dim_habit_rules: rules, dim_habit_pauses: pauses },
  };
}

/** Positions not yet synced, and how old the oldest is (for `stride sync status` and /metrics). */
export async function syncLag(
  em: EntityManager,
  position: string | null,
): Promise<{ pending: number; oldest: Date | null }> {
  const [row] = await em
    .fork()
    .execute<{ pending: string; oldest: Date | string | null }[]>(
      `select count(*)::text as pending, min(changed_at) as oldest from warehouse_changes where id > ?`,
      [position ?? '0'],
    );
  return { pending: Number(row?.pending ?? 0), oldest: asDate(row?.oldest ?? null) };
}

/** Raw queries through MikroORM hand timestamps back as text: a Date either way. */
function asDate(value: Date | string | null): Date | null {
  return value === null ? null : new Date(value);
}

/** What operators watch (`stride sync status`, /metrics): the warehouse's state and its lag. */
export interface WarehouseStatus extends SyncState {
  /** Changes captured but not yet synced. */
  pending: number;
  /** Age of the oldest change not yet synced, in whole seconds; 0 when none is pending. */
  lagSeconds: number;
}

/** Reads the warehouse's state, then how far the change log has run ahead of its position. */
export async function warehouseStatus(
  em: EntityManager,
  warehouse: Warehouse,
  now = new Date(),
): Promise<WarehouseStatus> {
  const state = await warehouse.state();
  const lag = await syncLag(em, state.position);
  const lagSeconds = lag.oldest ? Math.max(0, Math.round((now.getTime() - lag.oldest.getTime()) / 1000)) : 0;
  return {
    ...state,
    // A warehouse reading its state with raw SQL may hand its timestamps back as text.
    lastRunAt: asDate(state.lastRunAt),
    lastErrorAt: asDate(state.lastErrorAt),
    pending: lag.pending,
    lagSeconds,
  };
}
