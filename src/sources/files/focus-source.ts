import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { fileErrorFromDuckDb } from './duckdb-errors.js';
import { FileImportError } from './errors.js';
import { type ColumnMap, mapColumns } from './focus-columns.js';

export type FileKind = 'csv' | 'parquet';

export function fileKind(path: string): FileKind | undefined {
  const p = path.toLowerCase();
  if (p.endsWith('.parquet')) return 'parquet';
  if (/\.(csv|tsv|txt)(\.gz|\.gzip|\.zst)?$/.test(p) || p.endsWith('.gz')) return 'csv';
  return undefined;
}

export const q = (ident: string) => `"${ident.replaceAll('"', '""')}"`;
export const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** How to read one export file with DuckDB: its relation SQL and which header names hold the FOCUS fields. */
export interface FocusSource {
  kind: FileKind;
  file: string;
  map: ColumnMap;
  /** The DuckDB type of the Tags column as read (VARCHAR for CSV). */
  tagsType: string;
  /**
   * `read_csv(...)` / `read_parquet(...)`. For CSV, money columns are typed `money` in the reader (a bad
   * amount fails with its line), and `tagsAsJson` types Tags JSON so that DuckDB names a bad line.
   */
  relation(options?: { money?: string; tagsAsJson?: boolean }): string;
}

function dialectChar(value: DuckDBValue | undefined, fallback: string): string {
  // The sniffer reports "(empty)" when the sample it read has no quotes: any quote-less CSV. RFC 4180's
  // double quote is then right, and harmless, for the whole file.
  const s = String(value ?? '');
  return s.length === 1 ? s : fallback;
}

export async function describeCsv(conn: DuckDBConnection, file: string): Promise<FocusSource> {
  let sniff: Record<string, DuckDBValue>;
  try {
    // ignore_errors: a malformed row inside the sniffer's sample must not make it guess another dialect
    // (it then settles on one column and every required column looks missing). The real read below is
    // strict and reports that row with its line number.
    const r = await conn.runAndReadAll(
      `SELECT Delimiter, Quote, Escape, Columns FROM sniff_csv(${lit(file)}, header = true, ignore_errors = true, sample_size = 1000)`,
    );
    const row = r.getRowObjects()[0];
    if (!row) throw new Error('no header row');
    sniff = row;
  } catch (cause) {
    throw fileErrorFromDuckDb(file, cause);
  }
  const columns = (sniff.Columns as unknown as { items: { entries: { name: string } }[] }).items.map(
    (c) => c.entries.name,
  );
  const { map, missing } = mapColumns(columns);
  if (missing.length) throw missingColumns(file, missing, columns);
  const quote = dialectChar(sniff.Quote, '"');
  const escapeChar = dialectChar(sniff.Escape, quote);
  const delim = dialectChar(sniff.Delimiter, ',');
  const moneyColumns = new Set([map.billedCost, map.effectiveCost, map.listCost]);
  // ChargePeriodStart is read as text and cast in SQL: DuckDB's CSV reader yields NULL for an unparsable
  // TIMESTAMPTZ instead of failing, and TIMESTAMP would drop a UTC offset. Required columns are never
  // matched against the null strings, so '' or NULL there reaches the cast and fails.
  const notNull = [map.chargePeriodStart, map.billedCost, map.effectiveCost].filter((c): c is string => !!c);
  return {
    kind: 'csv',
    file,
    map,
    tagsType: 'VARCHAR',
    relation: ({ money: moneyType = 'VARCHAR', tagsAsJson = false } = {}) =>
      `read_csv(${lit(file)}, header = true, auto_detect = false,
      delim = ${lit(delim)}, quote = ${lit(quote)}, escape = ${lit(escapeChar)},
      nullstr = ['NULL', ''], force_not_null = [${notNull.map(lit).join(', ')}],
      columns = {${columns
        .map(
          (c) =>
            `${lit(c)}: ${lit(c === map.tags && tagsAsJson ? 'JSON' : moneyColumns.has(c) ? moneyType : 'VARCHAR')}`,
        )
        .join(', ')}})`,
  };
}

export async function describeParquet(conn: DuckDBConnection, file: string): Promise<FocusSource> {
  let described: Record<string, DuckDBValue>[];
  try {
    described = (
      await conn.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${lit(file)})`)
    ).getRowObjects();
  } catch (cause) {
    throw fileErrorFromDuckDb(file, cause);
  }
  const columns = described.map((d) => String(d.column_name));
  const { map, missing } = mapColumns(columns);
  if (missing.length) throw missingColumns(file, missing, columns);
  const tagsType = String(described.find((d) => d.column_name === map.tags)?.column_type ?? 'VARCHAR');
  return { kind: 'parquet', file, map, tagsType, relation: () => `read_parquet(${lit(file)})` };
}

function missingColumns(file: string, missing: string[], found: string[]): FileImportError {
  return new FileImportError(
    'MISSING_COLUMNS',
    `${file}: missing required FOCUS column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}. ` +
      `The header has: ${found.slice(0, 12).join(', ')}${found.length > 12 ? ', ...' : ''}. ` +
      'Is this a FOCUS export? (costguard import reads FOCUS 1.0 to 1.2.)',
    { file, column: missing[0] ?? '' },
  );
}

/**
 * The CSV line of the first row where `predicate` holds, or undefined. DuckDB keeps file order
 * (preserve_insertion_order), so row n is line n + 1 after the header; a quoted field spanning lines
 * would shift that, which FOCUS exports do not have. Only used on the error path.
 */
export async function locateCsvLine(
  conn: DuckDBConnection,
  source: FocusSource,
  predicate: string,
): Promise<number | undefined> {
  if (source.kind !== 'csv') return undefined;
  try {
    const r = await conn.runAndReadAll(
      `SELECT n FROM (SELECT row_number() OVER () AS n, * FROM ${source.relation()}) WHERE ${predicate} ORDER BY n LIMIT 1`,
    );
    const n = r.getRows()[0]?.[0];
    return n === undefined ? undefined : Number(n) + 1;
  } catch {
    return undefined;
  }
}
