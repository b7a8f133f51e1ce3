/** Queries over habit logs. */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { DayLog } from '../../domain/types.js';
import { queryPrepared } from '../prepared.js';

interface LogRow {
  habit_id: string;
  date: string;
  status: DayLog['status'];
  amount: number | null;
}

/**
 * Every log of the given habits (up to `until`, a local date, when given), grouped by habit and
 * oldest first: one query over the `habit_logs_habit_id_date_unique` index, so lists and dashboards
 * never query per habit. Every habit asked about has an entry, empty when it has no logs.
 */
export async function dayLogsOfHabits(
  em: EntityManager,
  habitIds: string[],
  until?: string,
): Promise<Map<string, DayLog[]>> {
  const byHabit = new Map<string, DayLog[]>(habitIds.map((id) => [id, []]));
  if (habitIds.length === 0) return byHabit;
  // The ids travel as one text, so the statement's text is the same for any number of habits.
  const rows = await queryPrepared<LogRow>(
    em,
    `select habit_id, date::text as date, status, amount from habit_logs
     where habit_id = any(string_to_array(?, ',')::uuid[]) ${until ? 'and date <= ?' : ''}
     order by habit_id, date`,
    until ? [habitIds.join(','), until] : [habitIds.join(',')],
  );
  for (const row of rows) {
    byHabit.get(row.habit_id)?.push({ date: row.date, status: row.status, amount: row.amount });
  }
  return byHabit;
}
