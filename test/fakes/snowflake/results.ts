/**
 * Snowflake's JSON result format, both ways: a test's rows turned into `rowtype` + `rowset` (every
 * cell a string, as the server sends them), and the driver's `bindings` map turned back into rows.
 */
import type { Cell, RecordedStatement, Reply } from './types.js';

/** Statement types the driver reads `getNumUpdatedRows` from (its statement_type.js). */
export const STATEMENT_TYPE = {
  SELECT: 0x1000,
  INSERT: 0x3100,
  UPDATE: 0x3200,
  DELETE: 0x3300,
  MERGE: 0x3400,
  DDL: 0x6000,
};

export interface ColumnMeta {
  name: string;
  type: string;
  scale: number | null;
  precision: number | null;
  length: number | null;
  byteLength: number | null;
  nullable: boolean;
  database: string;
  schema: string;
  table: string;
  collation: null;
}

/** The `data` of a successful query-request answer. */
export function resultData(
  reply: Extract<Reply, { rows: unknown }>,
  queryId: string,
): Record<string, unknown> {
  const names = reply.columns ?? Object.keys(reply.rows[0] ?? {});
  const rowtype = names.map((name) =>
    columnMeta(
      name,
      reply.rows.map((row) => row[name]),
    ),
  );
  const rowset = reply.rows.map((row) => names.map((name, i) => cellText(row[name], rowtype[i]!.type)));
  return {
    parameters: [],
    rowtype,
    rowset,
    total: rowset.length,
    returned: rowset.length,
    queryId,
    version: 1,
    queryResultFormat: 'json',
    statementTypeId: reply.statementTypeId ?? STATEMENT_TYPE.SELECT,
  };
}

/** A column's Snowflake type, from its first non-null value (all null: TEXT). */
function columnMeta(name: string, values: (Cell | undefined)[]): ColumnMeta {
  const sample = values.find((value) => value !== null && value !== undefined);
  const base = { name, nullable: true, database: '', schema: '', table: '', collation: null };
  const none = { scale: null, precision: null, length: null, byteLength: null };
  if (typeof sample === 'number') {
    const integral = values.every((value) => typeof value !== 'number' || Number.isInteger(value));
    return integral
      ? { ...base, ...none, type: 'fixed', scale: 0, precision: 38 }
      : { ...base, ...none, type: 'real' };
  }
  if (typeof sample === 'boolean') return { ...base, ...none, type: 'boolean' };
  if (sample instanceof Date) return { ...base, ...none, type: 'timestamp_ntz', scale: 3, precision: 0 };
  if (typeof sample === 'object' && sample !== undefined) return { ...base, ...none, type: 'variant' };
  return { ...base, ...none, type: 'text', length: 16_777_216, byteLength: 16_777_216 };
}

function cellText(value: Cell | undefined, type: string): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) {
    if (type !== 'timestamp_ntz') return value.toISOString();
    // Epoch seconds with the column's scale (3) in fractions, as Snowflake's JSON rowset has it.
    return (value.getTime() / 1000).toFixed(3);
  }
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** What the driver sends: `{"1": {type, value}, …}`, value an array of strings for an array bind. */
type BindingsMap = Record<string, { type: string; value: string | null | (string | null)[] }>;

/** Thrown for a bindings map the driver would never send; the fake answers 400. */
export class BadBindingsError extends Error {}

export function decodeBindings(
  bindings: unknown,
): Pick<RecordedStatement, 'binds' | 'rows' | 'bindTypes' | 'arrayBind'> {
  if (bindings === undefined || bindings === null)
    return { binds: [], rows: [], bindTypes: [], arrayBind: false };
  if (typeof bindings !== 'object') throw new BadBindingsError('bindings is not an object');
  const map = bindings as BindingsMap;
  const keys = Object.keys(map)
    .map(Number)
    .sort((a, b) => a - b);
  // Positions are 1-based and dense: a gap means the driver and the fake disagree on the format.
  keys.forEach((key, i) => {
    if (key !== i + 1)
      throw new BadBindingsError(`bindings keys are not 1..n: ${Object.keys(map).join(',')}`);
  });
  const entries = keys.map((key) => map[String(key)]!);
  const bindTypes = entries.map((entry) => entry.type);
  const arrayBind = entries.length > 0 && Array.isArray(entries[0]!.value);
  if (!arrayBind) {
    const binds = entries.map((entry) => entry.value as string | null);
    return { binds, rows: entries.length > 0 ? [binds] : [], bindTypes, arrayBind };
  }
  const columns = entries.map((entry) => {
    if (!Array.isArray(entry.value)) throw new BadBindingsError('array bind mixed with a scalar bind');
    return entry.value;
  });
  const height = columns[0]!.length;
  if (columns.some((column) => column.length !== height)) {
    throw new BadBindingsError('array bind columns of different lengths');
  }
  const rows = Array.from({ length: height }, (_, r) => columns.map((column) => column[r] ?? null));
  return { binds: rows[0] ?? [], rows, bindTypes, arrayBind };
}
