/**
 * Reading raw rows: MikroORM's pg driver hands timestamps back as strings, not Dates; and a habit's
 * rules, which several scans select, map to the domain's in one place.
 */
import type {
  Difficulty,
  HabitRules,
  NumericTarget,
  PastRules,
  PausedSpan,
  Schedule,
} from '../../domain/types.js';

/** A timestamp column's value as a Date (null stays null). */
export function dateOf(value: Date | string): Date;
export function dateOf(value: Date | string | null): Date | null;
export function dateOf(value: Date | string | null): Date | null {
  return value === null ? null : value instanceof Date ? value : new Date(value);
}

/** A habit's rules as the scans select them (HABIT_RULE_COLUMNS, habits aliased `h`). */
export interface HabitRulesRow {
  schedule: Schedule;
  target: NumericTarget | null;
  start_date: string;
  paused_spans: PausedSpan[];
  rule_history: PastRules[];
  difficulty: Difficulty;
}

export const HABIT_RULE_COLUMNS = `h.schedule, h.target, h.start_date::text as start_date, h.paused_spans,
  h.rule_history, h.difficulty`;

/** The domain's rules of a habit read as a row, without loading the entity. */
export function habitRulesOf(row: HabitRulesRow): HabitRules {
  return {
    schedule: row.schedule,
    target: row.target,
    startDate: row.start_date,
    pausedSpans: row.paused_spans,
    difficulty: row.difficulty,
    history: row.rule_history,
  };
}
