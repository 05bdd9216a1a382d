import type { DuckDBConnection } from '@duckdb/node-api';
import { excerpt } from './duckdb-errors.js';
import { q } from './file-input.js';
import { EARLIEST_DAY, MAX_AMOUNT, MAX_AMOUNT_TEXT } from './limits.js';
import type { LineSource } from './line-source.js';
import { badValue, locate, valueAt } from './read-errors.js';

// Plausibility checks of a file once DuckDB has grouped it (cg_lines): SQL aggregates over the grouped
// lines, so the common case costs one small query; only a failure goes back to the file for its line.

const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** Fails on the first row holding an amount at or beyond MAX_AMOUNT. Run only when some amount is large. */
export async function checkAmounts(conn: DuckDBConnection, s: LineSource, cause: unknown): Promise<void> {
  const cols = s.moneyColumns ?? [];
  if (!s.lines || cols.length === 0) return;
  const big = (c: string) => `abs(TRY_CAST(CAST(${q(c)} AS VARCHAR) AS DOUBLE)) >= ${MAX_AMOUNT}`;
  const any = await conn.runAndReadAll(
    `SELECT 1 FROM ${s.lines.relation} WHERE ${cols.map(big).join(' OR ')} LIMIT 1`,
  );
  if (any.getRows().length === 0) return;
  let first: { column: string; row: number; line: number } | undefined;
  for (const column of cols) {
    const at = await locate(conn, s, big(column));
    if (at && (!first || at.row < first.row)) first = { column, ...at };
  }
  if (!first) return;
  const value = (await valueAt(conn, s, first.column, first.row)) ?? '';
  throw badValue(
    s.input.file,
    first.line,
    first.column,
    `${excerpt(value)} is beyond the largest amount costguard accepts`,
    `amounts must be below ${MAX_AMOUNT_TEXT}`,
    cause,
  );
}

/** Fails on the first row whose day lies outside [EARLIEST_DAY, latest] (year 1, 99999, infinity...). */
export async function checkDays(conn: DuckDBConnection, s: LineSource, latest: string): Promise<void> {
  const inRange = (e: string) => `(${e}) BETWEEN DATE ${lit(EARLIEST_DAY)} AND DATE ${lit(latest)}`;
  const out = await conn.runAndReadAll(`SELECT 1 FROM cg_lines WHERE NOT ${inRange('day')} LIMIT 1`);
  if (out.getRows().length === 0) return;
  const column = s.dayCheck.column;
  const at = await locate(conn, s, `NOT ${inRange(s.day)}`);
  const value = at === undefined ? undefined : await valueAt(conn, s, column, at.row);
  throw badValue(
    s.input.file,
    at?.line,
    column,
    `${value === undefined ? 'a date' : excerpt(value)} is outside the dates costguard accepts`,
    `charges must fall between ${EARLIEST_DAY} and ${latest} (a year from today)`,
    undefined,
  );
}

/**
 * Reads the billing periods the file declares (cg_lines.pstart, raw text) into cg_periods (pstart,
 * first, last) and returns every period the file's lines belong to, as [first day, last day]: declared
 * ones, and the calendar months of lines that declare none. A period must start within the accepted
 * dates and end at most a year after it starts.
 */
export async function readPeriods(
  conn: DuckDBConnection,
  s: LineSource,
  latest: string,
): Promise<[string, string][]> {
  const p = s.period;
  const monthEnd = (d: string) =>
    `CAST(date_trunc('month', ${d}) + INTERVAL 1 MONTH - INTERVAL 1 DAY AS DATE)`;
  await conn.run(
    p
      ? `CREATE OR REPLACE TEMP TABLE cg_periods AS
         SELECT pstart, pend, first, coalesce(last, ${monthEnd('first')}) AS last FROM (
           SELECT pstart, pend, ${p.first('pstart')} AS first, ${p.last('pend')} AS last FROM (
             SELECT pstart, max(pend) AS pend FROM cg_lines WHERE pstart <> '' GROUP BY pstart))`
      : 'CREATE OR REPLACE TEMP TABLE cg_periods AS SELECT NULL::VARCHAR AS pstart, NULL::VARCHAR AS pend, NULL::DATE AS first, NULL::DATE AS last LIMIT 0',
  );
  if (p) {
    const bad = await conn.runAndReadAll(
      `SELECT pstart, pend, first IS NOT NULL AND first BETWEEN DATE ${lit(EARLIEST_DAY)} AND DATE ${lit(latest)}
       FROM cg_periods
       WHERE first IS NULL OR NOT (first BETWEEN DATE ${lit(EARLIEST_DAY)} AND DATE ${lit(latest)})
         OR last < first OR last > first + INTERVAL 366 DAY
       LIMIT 1`,
    );
    const row = bad.getRows()[0];
    if (row) {
      const [start, end, startOk] = [
        String(row[0]),
        row[1] === null ? undefined : String(row[1]),
        row[2] === true,
      ];
      const predicate = `${p.start} = ${lit(start)}${startOk && end !== undefined ? ` AND ${p.end} = ${lit(end)}` : ''}`;
      const at = await locate(conn, s, predicate);
      const endColumn = /"((?:[^"]|"")+)"/.exec(p.end)?.[1] ?? p.column;
      throw badValue(
        s.input.file,
        at?.line,
        startOk ? endColumn : p.column,
        startOk
          ? `the billing period ${excerpt(start)} to ${excerpt(end ?? '')} does not end within a year of its start`
          : `${excerpt(start)} is not a billing period start costguard accepts`,
        `billing periods must start between ${EARLIEST_DAY} and ${latest} and last at most a year`,
        undefined,
      );
    }
  }
  const r = await conn.runAndReadAll(
    `SELECT strftime(first, '%Y-%m-%d'), strftime(last, '%Y-%m-%d') FROM cg_periods
     UNION
     SELECT DISTINCT strftime(date_trunc('month', day), '%Y-%m-%d'), strftime(${monthEnd('day')}, '%Y-%m-%d')
     FROM cg_lines WHERE pstart = ''
     ORDER BY 1`,
  );
  return r.getRows().map((x) => [String(x[0]), String(x[1])]);
}
