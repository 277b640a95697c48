/** Small SQL helpers shared by hand-written statements (node-postgres and PGlite alike). */
import { sql, type SQL } from 'drizzle-orm';

/**
 * An int[] / bigint[] of ids as ONE text parameter (`string_to_array('1,2,3', ',')`):
 * works the same on node-postgres and PGlite, and a thousand ids cost one
 * parameter, not a thousand query fragments to build.
 */
export function intArray(ids: readonly number[], type: 'int' | 'bigint' = 'int'): SQL {
  const list = ids.map((i) => String(Math.trunc(Number(i)))).join(',');
  return type === 'int' ? sql`string_to_array(${list}, ',')::int[]` : sql`string_to_array(${list}, ',')::bigint[]`;
}

/** A text[] as one parameter, nulls allowed; values must not contain commas (channels, reasons). */
export function textArray(values: readonly (string | null)[]): SQL {
  return sql`string_to_array(${values.map((v) => v ?? 'null').join(',')}, ',', 'null')::text[]`;
}

/** Rows of a raw `db.execute` (node-postgres and PGlite both answer `{rows}`). */
export function rowsOf(res: unknown): Record<string, unknown>[] {
  const rows = (res as { rows?: unknown } | null)?.rows;
  return Array.isArray(rows) ? (rows as Record<string, unknown>[]) : [];
}
