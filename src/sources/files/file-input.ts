import { statSync } from 'node:fs';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { checkBytes, RFC_DIALECT, rawHeader, widthCheck } from './csv-scan.js';
import {
  duckDbReason,
  fileErrorFromDuckDb,
  fileErrorOfCsv,
  fileErrorOfJsonl,
  wrongWidthError,
} from './duckdb-errors.js';
import { checkEncoding, encodingFailure, firstNonUtf8, notUtf8Error, withoutBom } from './encoding.js';
import { FileImportError } from './errors.js';

export type FileKind = 'csv' | 'parquet' | 'json';

export function fileKind(path: string): FileKind | undefined {
  const p = path.toLowerCase();
  if (p.endsWith('.parquet')) return 'parquet';
  if (/\.(jsonl|ndjson|json)(\.gz|\.gzip|\.zst)?$/.test(p)) return 'json';
  if (/\.(csv|tsv|txt)(\.gz|\.gzip|\.zst)?$/.test(p) || p.endsWith('.gz')) return 'csv';
  return undefined;
}

export const q = (ident: string) => `"${ident.replaceAll('"', '""')}"`;
export const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;

export interface InputColumn {
  name: string;
  /** DuckDB type as the file holds it: VARCHAR for every CSV column. */
  type: string;
}

/** One export file as opened: its kind, header and (CSV) dialect. Formats build their SQL on it. */
export interface FileInput {
  file: string;
  kind: FileKind;
  bytes: number;
  columns: readonly InputColumn[];
  /** CSV: the header's names as written (DuckDB renames a repeated name to `name_1`). */
  rawColumns?: readonly string[];
  csv?: CsvInput;
  /** Gzip: settles when the whole file has been checked to decompress (checkGzip); await before use. */
  integrity?: Promise<void>;
  /** JSON Lines with a byte order mark: DuckDB reads this copy without it (encoding.ts withoutBom). */
  readFrom?: string;
  /** Deletes what opening the file made (the copy without a byte order mark); idempotent. */
  cleanup?: () => void;
}

/** How a CSV file is read. */
export interface CsvInput {
  delim: string;
  quote: string;
  escape: string;
  /**
   * Set when DuckDB's sniffer gave up and the file is read in the formats' known dialect (RFC_DIALECT)
   * instead: DuckDB's reason, for the import summary. Such a file is read without DuckDB's strict mode
   * (which refuses what its sniffer refused, such as mixed line endings) after widthCheck has checked
   * every line's width, which the lenient reader would not.
   */
  sniffFailed?: string;
}

function dialectChar(value: DuckDBValue | undefined, fallback: string): string {
  // The sniffer reports "(empty)" when the sample it read has no quotes: any quote-less CSV. RFC 4180's
  // double quote is then right, and harmless, for the whole file.
  const s = String(value ?? '');
  return s.length === 1 ? s : fallback;
}

/** Stats the file, checks its type and reads its header (CSV: sniffed; Parquet and JSON: described). */
export async function openInput(conn: DuckDBConnection, file: string): Promise<FileInput> {
  let bytes: number;
  try {
    bytes = statSync(file).size;
  } catch (cause) {
    throw new FileImportError('FILE_NOT_FOUND', `${file}: no such file.`, { file }, { cause });
  }
  const kind = fileKind(file);
  if (!kind) {
    throw new FileImportError(
      'UNSUPPORTED_FILE',
      `${file}: unsupported file type; costguard import reads .csv, .csv.gz and .parquet files ` +
        '(and .jsonl for the Google Cloud billing export).',
      { file },
    );
  }
  if (bytes === 0) {
    throw new FileImportError('UNREADABLE_FILE', `${file}: the file is empty (0 bytes).`, { file });
  }
  if (kind === 'parquet') return describeParquet(conn, file, bytes, checkBytes(file));
  const { bom } = await checkEncoding(file);
  // Checked beside DuckDB's read (zlib and the file reads work off the main thread); readLines awaits it.
  const integrity = checkBytes(file, {
    onNotUtf8: async () => {
      const at = await firstNonUtf8(file);
      return at ? notUtf8Error(file, at) : new FileImportError('NOT_UTF8', `${file}: not UTF-8.`, { file });
    },
  });
  integrity.catch(() => {});
  const copy = kind === 'json' && bom ? await withoutBom(file) : undefined;
  try {
    if (kind === 'csv') {
      const sniffed = await sniffCsv(conn, file).catch(async (cause) => {
        await integrity;
        const encoding = await encodingFailure(file, cause);
        if (encoding) throw encoding;
        return knownDialect(file, cause);
      });
      const rawColumns = await rawHeader(file, sniffed.csv);
      return { file, kind, bytes, ...sniffed, ...(rawColumns ? { rawColumns } : {}), integrity };
    }
    const columns = await describe(conn, jsonReader(copy?.path ?? file));
    return {
      file,
      kind,
      bytes,
      columns,
      integrity,
      ...(copy ? { readFrom: copy.path, cleanup: copy.remove } : {}),
    };
  } catch (cause) {
    copy?.remove();
    if (cause instanceof FileImportError) throw cause;
    const encoding = await encodingFailure(file, cause);
    if (encoding) throw encoding;
    throw kind === 'json' ? await fileErrorOfJsonl(file, cause) : fileErrorFromDuckDb(file, cause);
  }
}

async function describe(conn: DuckDBConnection, reader: string): Promise<InputColumn[]> {
  const described = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${reader}`)).getRowObjects();
  return described.map((d) => ({ name: String(d.column_name), type: String(d.column_type) }));
}

async function describeParquet(
  conn: DuckDBConnection,
  file: string,
  bytes: number,
  integrity: Promise<void>,
): Promise<FileInput> {
  integrity.catch(() => {});
  try {
    return {
      file,
      kind: 'parquet',
      bytes,
      columns: await describe(conn, `read_parquet(${lit(file)})`),
      integrity,
    };
  } catch (cause) {
    throw fileErrorFromDuckDb(file, cause);
  }
}

/**
 * The fallback when DuckDB's sniffer fails on a CSV file: every billing export costguard reads writes
 * RFC 4180 (comma, double quote, a header), so the file is read that way, its header by our own scan.
 * Refuses, with DuckDB's whole reason and ours, a file that does not read that way either.
 */
async function knownDialect(file: string, cause: unknown) {
  const reason = duckDbReason(cause);
  // Errors about a line (its width, an unterminated quote, its size) are the file's, not the dialect's.
  if (/CSV Error on Line/.test(String((cause as Error)?.message ?? cause)))
    throw await fileErrorOfCsv(file, undefined, cause);
  const header = await rawHeader(file, RFC_DIALECT);
  if (!header || header.length < 2 || header.some((h) => h.includes('\u0000'))) {
    throw new FileImportError(
      'UNREADABLE_FILE',
      `${file}: DuckDB could not tell how this CSV file is written, and it does not read as a ` +
        'comma-separated file with a header either (the first line has no comma outside quotes' +
        `${header?.some((h) => h.includes('\u0000')) ? ' and holds NUL bytes: UTF-16? Save it as UTF-8' : ''}). ` +
        `DuckDB said: ${reason}`,
      { file },
      { cause },
    );
  }
  const wrong = await widthCheck(file, RFC_DIALECT);
  if (wrong) throw wrongWidthError(file, header, wrong, cause);
  return {
    columns: uniqueNames(header).map((name) => ({ name, type: 'VARCHAR' })),
    csv: { ...RFC_DIALECT, sniffFailed: reason },
  };
}

/** Header names made unique as DuckDB's sniffer makes them (`name`, `name_1`): read_csv needs that. */
function uniqueNames(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.map((n) => {
    let name = n;
    for (let i = 1; seen.has(name.toLowerCase()); i++) name = `${n}_${i}`;
    seen.add(name.toLowerCase());
    return name;
  });
}

const jsonReader = (file: string, columns?: string) =>
  `read_json(${lit(file)}, format = 'newline_delimited'${columns ? `, columns = {${columns}}` : ''})`;

async function sniffCsv(conn: DuckDBConnection, file: string) {
  // ignore_errors: a malformed row inside the sniffer's sample must not make it guess another dialect
  // (it then settles on one column and every required column looks missing). The real read is strict
  // and reports that row with its line number.
  const r = await conn.runAndReadAll(
    `SELECT Delimiter, Quote, Escape, Columns FROM sniff_csv(${lit(file)}, header = true, ignore_errors = true, sample_size = 1000)`,
  );
  const row = r.getRowObjects()[0];
  if (!row) throw new Error('no header row');
  const names = (row.Columns as unknown as { items: { entries: { name: string } }[] }).items.map(
    (c) => c.entries.name,
  );
  const quote = dialectChar(row.Quote, '"');
  return {
    columns: names.map((name) => ({ name, type: 'VARCHAR' })),
    csv: { delim: dialectChar(row.Delimiter, ','), quote, escape: dialectChar(row.Escape, quote) },
  };
}

/**
 * `read_csv(...)` with every column typed explicitly: `typeOf` names the type of a column (money
 * columns a decimal, so a bad amount fails with its line), VARCHAR otherwise; nothing is sniffed.
 * '' and NULL read as NULL; formats check required columns with `must` (line-source.ts). No
 * force_not_null: with it, DuckDB 1.5 applied the not-null rule to other columns than the ones named
 * once a query projected columns in another order (a CUR file failed on an empty optional amount).
 */
export function csvRelation(input: FileInput, typeOf: (column: string) => string = () => 'VARCHAR'): string {
  const d = input.csv ?? RFC_DIALECT;
  return `read_csv(${lit(input.file)}, header = true, auto_detect = false,${input.csv?.sniffFailed ? ' strict_mode = false,' : ''}
      delim = ${lit(d.delim)}, quote = ${lit(d.quote)}, escape = ${lit(d.escape)},
      nullstr = ['NULL', ''],
      columns = {${input.columns.map((c) => `${lit(c.name)}: ${lit(typeOf(c.name))}`).join(', ')}})`;
}

/** read_json of a JSONL file with the given `name: type` columns (none sniffed). */
export function jsonRelation(input: FileInput, columns: Readonly<Record<string, string>>): string {
  return jsonReader(
    input.readFrom ?? input.file,
    Object.entries(columns)
      .map(([n, t]) => `${lit(n)}: ${lit(t)}`)
      .join(', '),
  );
}

/**
 * The number (1-based) of the first row of `relation` where `predicate` holds, or undefined. DuckDB keeps
 * file order (preserve_insertion_order); lineOfRow (read-errors.ts) turns the row into the file's line.
 * Only used on the error path.
 */
export async function locateRow(
  conn: DuckDBConnection,
  relation: string,
  predicate: string,
): Promise<number | undefined> {
  try {
    const r = await conn.runAndReadAll(
      `SELECT n FROM (SELECT row_number() OVER () AS n, * FROM ${relation}) WHERE ${predicate} ORDER BY n LIMIT 1`,
    );
    const n = r.getRows()[0]?.[0];
    return n === undefined ? undefined : Number(n);
  } catch {
    return undefined;
  }
}

/** A money expression of `col` as the file types it: doubles go through their shortest text. */
export function moneyOf(col: string, type: string | undefined, money: string): string {
  // A DOUBLE cast straight to DECIMAL is scaled in binary floating point (123456.123456789 becomes
  // ...789008); its shortest round-trip text is the number the exporter wrote.
  if (type && /^(DOUBLE|FLOAT|REAL)/.test(type)) return `CAST(CAST(${col} AS VARCHAR) AS ${money})`;
  return `CAST(${col} AS ${money})`;
}
