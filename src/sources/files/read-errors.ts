import type { DuckDBConnection } from '@duckdb/node-api';
import { lineOfRecord } from './csv-scan.js';
import { excerpt, fileErrorFromDuckDb, fileErrorOfCsv, fileErrorOfJsonl } from './duckdb-errors.js';
import { encodingFailure } from './encoding.js';
import { FileImportError } from './errors.js';
import { locateRow, q } from './file-input.js';
import { type LineSource, nullColumn } from './line-source.js';

// The error path of line-reader.ts: find the line a failed query stopped on and say what was wrong.

/** The file's line of data row `row` (1-based): a CSV is scanned, so quoted newlines count. */
export async function lineOfRow(s: LineSource, row: number): Promise<number> {
  const offset = s.lines?.offset ?? 0;
  if (s.input.kind !== 'csv') return row + offset;
  return (
    (await lineOfRecord(s.input.file, s.input.csv ?? { quote: '"', escape: '"' }, row + offset)) ??
    row + offset
  );
}

/** The first row where `predicate` holds over the source's `lines` relation, with its line. */
export async function locate(
  conn: DuckDBConnection,
  s: LineSource,
  predicate: string,
): Promise<{ row: number; line: number } | undefined> {
  if (!s.lines) return undefined;
  const row = await locateRow(conn, s.lines.relation, predicate);
  return row === undefined ? undefined : { row, line: await lineOfRow(s, row) };
}

/** The FileImportError for a failed grouping query, with the line when DuckDB did not give one. */
export async function explain(
  conn: DuckDBConnection,
  s: LineSource,
  cause: unknown,
): Promise<FileImportError> {
  // A truncated gzip makes odd CSV errors: its own is the one to report.
  await s.input.integrity;
  const encoding = await encodingFailure(s.input.file, cause);
  if (encoding) return encoding;
  // Only the first line: DuckDB appends the SQL text around the failing expression, which holds the mark.
  const message = String((cause as Error)?.message ?? cause).split('\n')[0] ?? '';
  const column = nullColumn(message);
  if (column !== undefined) {
    const at = await locate(conn, s, `${q(column)} IS NULL`);
    const what = 'has no value (NULL)';
    return badValue(
      s.input.file,
      at?.line,
      column,
      what,
      `${s.title} requires ${column} on every row`,
      cause,
    );
  }
  if (/CSV Error on Line/.test(message)) return fileErrorOfCsv(s.input.file, s.input.csv, cause);
  if (/Malformed JSON in file/i.test(message)) return fileErrorOfJsonl(s.input.file, cause);
  if (/Malformed JSON/i.test(message)) {
    const bad = await badJson(conn, s, message, cause);
    if (bad) return bad;
  }
  const amount = await badAmount(conn, s, message, cause);
  if (amount) return amount;
  const { column: dayColumn, valid, hint } = s.dayCheck;
  const dayAt = await locate(conn, s, `${q(dayColumn)} IS NOT NULL AND NOT (${valid})`);
  if (dayAt !== undefined || /TIMESTAMP|date/i.test(message)) {
    const value = dayAt === undefined ? undefined : await valueAt(conn, s, dayColumn, dayAt.row);
    const shown = value === undefined ? 'a value' : value === '' ? 'an empty value' : excerpt(value);
    return badValue(s.input.file, dayAt?.line, dayColumn, `${shown} is not a date`, hint, cause);
  }
  return fileErrorFromDuckDb(s.input.file, cause);
}

/**
 * A JSON column (tags, labels, credits, a CUR map) holding text that is not JSON: DuckDB names neither
 * the row nor, always, the column. Each JSON column is searched for its first invalid value.
 */
async function badJson(
  conn: DuckDBConnection,
  s: LineSource,
  message: string,
  cause: unknown,
): Promise<FileImportError | undefined> {
  // DuckDB's words, without the input it quotes in full: "Malformed JSON at byte 8 of input: unexpected character."
  const why = /Malformed JSON[^:]*: ([^.]*)/i.exec(message)?.[1];
  const at = / at byte (\d+)/.exec(message)?.[1];
  const reason = why ? ` (${why}${at ? ` at position ${Number(at) + 1}` : ''})` : '';
  const first = await firstBad(conn, s, s.jsonColumns, (text) => `json_valid(${text}) = false`);
  if (!first) return undefined;
  return badValue(
    s.input.file,
    first.line,
    first.column,
    `${excerpt(first.value)} is not valid JSON${reason}`,
    s.tagsHint && (s.tags?.includes(q(first.column)) || s.projectTagsColumn === first.column)
      ? s.tagsHint
      : 'expected a JSON value',
    cause,
  );
}

/**
 * An amount that is not a number in a file DuckDB reads without line numbers (JSON Lines: 'Could not
 * convert string "abc" to DECIMAL(38,12) when casting from source column cost'): the money columns are
 * searched for the first value that does not read as a decimal.
 */
async function badAmount(
  conn: DuckDBConnection,
  s: LineSource,
  message: string,
  cause: unknown,
): Promise<FileImportError | undefined> {
  if (!/Could not convert string .* to '?DECIMAL/s.test(message)) return undefined;
  const first = await firstBad(
    conn,
    s,
    s.moneyColumns,
    (text) => `TRY_CAST(${text} AS DECIMAL(38,12)) IS NULL`,
  );
  if (!first) return undefined;
  return badValue(
    s.input.file,
    first.line,
    first.column,
    `${excerpt(first.value)} is not a decimal amount`,
    'amounts are numbers such as 12.34 or 1.5E-7',
    cause,
  );
}

/**
 * The first row, over `columns`, whose non-empty text fails `bad` (given the column's text as SQL), with
 * its column, line and value; error path only.
 */
async function firstBad(
  conn: DuckDBConnection,
  s: LineSource,
  columns: readonly string[] | undefined,
  bad: (text: string) => string,
): Promise<{ column: string; row: number; line: number; value: string } | undefined> {
  let first: { column: string; row: number; line: number } | undefined;
  for (const column of columns ?? []) {
    const text = `CAST(${q(column)} AS VARCHAR)`;
    const found = await locate(conn, s, `${text} <> '' AND ${bad(text)}`);
    if (found && (!first || found.row < first.row)) first = { column, ...found };
  }
  if (!first) return undefined;
  return { ...first, value: (await valueAt(conn, s, first.column, first.row)) ?? '' };
}

/** The text of `column` on data row `row` of the source's `lines` relation. */
export async function valueAt(conn: DuckDBConnection, s: LineSource, column: string, row: number) {
  if (!s.lines) return undefined;
  const r = await conn.runAndReadAll(
    `SELECT CAST(${q(column)} AS VARCHAR) FROM (SELECT row_number() OVER () AS n, * FROM ${s.lines.relation}) WHERE n = ${row}`,
  );
  const v = r.getRows()[0]?.[0];
  return v === null || v === undefined ? undefined : String(v);
}

export function badValue(
  file: string,
  line: number | undefined,
  column: string,
  what: string,
  hint: string,
  cause: unknown,
): FileImportError {
  const at = [file, line && `line ${line}`, `column ${column}`].filter(Boolean).join(', ');
  return new FileImportError(
    'BAD_VALUE',
    `${at}: ${what}; ${hint}.`,
    { file, column, ...(line ? { line } : {}) },
    { cause },
  );
}

/** A tags value the format cannot parse (its tags, or its project's): find its line and fail with it. */
export async function badTags(
  conn: DuckDBConnection,
  s: LineSource,
  raw: string,
  which: 'tags' | 'projectTags' = 'tags',
): Promise<never> {
  const expr = s[which];
  const column =
    which === 'projectTags' && s.projectTagsColumn
      ? s.projectTagsColumn
      : s.dayCheck && expr
        ? tagsColumnOf(expr)
        : 'Tags';
  // The row whose tags expression gives this text, on the error path's view of the file.
  const line = expr
    ? (await locate(conn, s, `coalesce(CAST(${expr} AS VARCHAR), '') = '${raw.replaceAll("'", "''")}'`))?.line
    : undefined;
  throw badValue(
    s.input.file,
    line,
    column,
    `${excerpt(raw)} is not a JSON object of tags`,
    s.tagsHint ?? 'expected {"key": "value", ...}',
    undefined,
  );
}

function tagsColumnOf(expr: string): string {
  // Formats give tags as coalesce(CAST("Tags" AS VARCHAR), ...) or the bare quoted column.
  return /"((?:[^"]|"")+)"/.exec(expr)?.[1]?.replaceAll('""', '"') ?? 'Tags';
}
