import { DuckDBDecimalValue, type DuckDBResultReader } from '@duckdb/node-api';
import { MONEY_SCALE } from '../../core/money.js';

/** Money as the DECIMAL(38, MONEY_SCALE) the money columns hold: exact, no float on the way. */
export const MONEY = (v: bigint) => new DuckDBDecimalValue(v, 38, MONEY_SCALE);

/** `strftime` of a TIMESTAMPTZ column as the ISO instant the ports speak (`2026-11-23T18:15:00.000Z`). */
export const isoInstant = (column: string) => `strftime(${column}, '%Y-%m-%dT%H:%M:%S.%gZ')`;

/** `strftime` of a DATE column as a `Day` (`2026-11-23`). */
export const isoDay = (column: string) => `strftime(${column}, '%Y-%m-%d')`;

/**
 * A result's rows as the port's records: the SELECT names each column after the record's field
 * (`sub_account_id AS "subAccountId"`), so the SQL is the one mapping. DECIMAL columns (money) become
 * their exact scaled bigint, and NULL columns are left out (the records' optional fields). Columns
 * that need more (JSON text, a BIGINT count) are converted by the caller.
 */
export function records<T>(reader: DuckDBResultReader): T[] {
  return reader.getRowObjects().map((row) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row)) {
      if (v === null) continue;
      out[k] = v instanceof DuckDBDecimalValue ? v.value : v;
    }
    return out as T;
  });
}
