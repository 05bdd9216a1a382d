import type { DuckDBConnection } from '@duckdb/node-api';
import {
  type ColumnTable,
  columnsOfKind,
  type HeaderMap,
  headerKey,
  mapHeader,
  repeatedColumn,
} from '../columns.js';
import { FileImportError } from '../errors.js';
import { csvRelation, type FileInput, lit, moneyOf, q } from '../file-input.js';
import { type BillingPeriodSql, type FormatName, type LineSource, must } from '../line-source.js';

/** One native billing export format: how to recognise its header and turn a file into a LineSource. */
export interface ExportFormat {
  name: FormatName;
  /** As people call it: "AWS CUR 2.0". */
  title: string;
  /** True when the header (lowercased names) is this format's. */
  detect(header: ReadonlySet<string>): boolean;
  describe(conn: DuckDBConnection, input: FileInput): Promise<LineSource>;
}

export const headerSet = (input: FileInput) => new Set(input.columns.map((c) => headerKey(c.name)));

/** Maps the file's header on `table`, failing with every required column that is missing. */
export function requireColumns<T extends ColumnTable>(
  input: FileInput,
  table: T,
  title: string,
): HeaderMap<T> {
  const names = input.columns.map((c) => c.name);
  const repeated = repeatedColumn(input.rawColumns ?? names, table);
  if (repeated) {
    const list = repeated.at.map((a) => `${a.position} (${JSON.stringify(a.written)})`).join(' and ');
    throw new FileImportError(
      'REPEATED_COLUMN',
      `${input.file}${input.kind === 'csv' ? ', line 1' : ''}, column ${repeated.name}: the header has ${repeated.name} ` +
        `${repeated.at.length} times, at columns ${list}; costguard cannot tell which one to read. ` +
        'Remove or rename the extra ones.',
      { file: input.file, column: repeated.name, ...(input.kind === 'csv' ? { line: 1 } : {}) },
    );
  }
  const { map, missing } = mapHeader(names, table);
  if (missing.length) {
    throw new FileImportError(
      'MISSING_COLUMNS',
      `${input.file}: missing required ${title} column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}. ` +
        `The header has: ${names.slice(0, 12).join(', ')}${names.length > 12 ? ', ...' : ''}. ` +
        `Is this a ${title} export? (costguard import reads focus, aws-cur2, aws-cur, gcp-export and azure-cost; ` +
        'pass --format to choose one.)',
      { file: input.file, column: missing[0] ?? '' },
    );
  }
  return map;
}

/**
 * What every format does first: maps the header on its column table (failing as requireColumns does)
 * and gives the SQL helpers over it, the header names of its money columns, the relation amounts are
 * read from (a CSV's money columns typed `m`, the rest text; Parquet as the file types it) and the
 * error path's view of the file (every column as the file has it, row n is line n + offset).
 */
export function openFormat<T extends ColumnTable>(input: FileInput, table: T, title: string) {
  const map = requireColumns(input, table, title);
  const money = columnsOfKind(map, table, 'money');
  const isCsv = input.kind === 'csv';
  const relation = (m: string) =>
    isCsv ? csvRelation(input, (c) => (money.has(c) ? m : 'VARCHAR')) : `read_parquet(${lit(input.file)})`;
  return {
    map,
    sql: sqlOf(input, map),
    money,
    /** Header names of the JSON columns, for the error path. */
    jsonColumns: [...columnsOfKind(map, table, 'json')],
    relation,
    lines: { relation: isCsv ? csvRelation(input) : relation('VARCHAR'), offset: isCsv ? 1 : 0 },
  };
}

/** SQL helpers over one file's mapped header. */
export function sqlOf<T extends ColumnTable>(input: FileInput, map: HeaderMap<T>) {
  const typeOf = (h: string) => input.columns.find((c) => c.name === h)?.type;
  const col = (f: keyof T & string) => {
    const h = map[f];
    return h === undefined ? 'NULL' : q(h);
  };
  return {
    col,
    has: (f: keyof T & string) => map[f] !== undefined,
    /** The column as text, '' when absent. */
    text: (f: keyof T & string) => (map[f] === undefined ? "''" : `CAST(${col(f)} AS VARCHAR)`),
    /** A required money column: a NULL fails naming its line instead of being summed as 0. */
    required: (f: keyof T & string, money: string) => {
      const h = map[f] ?? '';
      return must(h, q(h), moneyOf(q(h), typeOf(h), money));
    },
    /** The column as money (0 when absent or NULL). */
    money: (f: keyof T & string, money: string) => {
      const h = map[f];
      return h === undefined ? '0' : `coalesce(${moneyOf(q(h), typeOf(h), money)}, 0)`;
    },
    typeOf: (f: keyof T & string) => {
      const h = map[f];
      return h === undefined ? undefined : typeOf(h);
    },
  };
}

/** A SQL CASE mapping a text expression through a table (a declarative map, not a switch in code). */
export function caseOf(expr: string, table: Readonly<Record<string, string>>, otherwise: string): string {
  const whens = Object.entries(table)
    .map(([k, v]) => `WHEN ${sqlLit(k)} THEN ${sqlLit(v)}`)
    .join(' ');
  return `CASE ${expr} ${whens} ELSE ${otherwise} END`;
}

const sqlLit = (s: string) => `'${s.replaceAll("'", "''")}'`;

/**
 * The day of a timestamp column (an unreadable value fails the read) and its check on the error path;
 * `hint` shows what was expected.
 */
export function timestampDay(column: string, hint: string): Pick<LineSource, 'day' | 'dayCheck'> {
  return {
    day: must(column, q(column), `CAST(CAST(${q(column)} AS TIMESTAMPTZ) AS DATE)`),
    dayCheck: { column, valid: `TRY_CAST(${q(column)} AS TIMESTAMPTZ) IS NOT NULL`, hint },
  };
}

/**
 * The billing period of a file that gives it as two columns, their raw text read into days by `first`
 * and `last`; none when the file has no start column.
 */
export function periodOf(
  start: string | undefined,
  end: string | undefined,
  days: Pick<BillingPeriodSql, 'first' | 'last'>,
): Pick<LineSource, 'period'> {
  if (!start) return {};
  return {
    period: {
      column: start,
      start: `CAST(${q(start)} AS VARCHAR)`,
      end: end ? `CAST(${q(end)} AS VARCHAR)` : 'NULL::VARCHAR',
      ...days,
    },
  };
}

/**
 * A billing period given as two timestamps, the end exclusive (FOCUS BillingPeriodStart/End, the CUR's
 * bill_billing_period_start_date/end_date): the last day is the one before the end instant.
 */
export const timestampPeriod = (start: string | undefined, end: string | undefined) =>
  periodOf(start, end, {
    first: (raw) => `CAST(TRY_CAST(${raw} AS TIMESTAMPTZ) AS DATE)`,
    last: (raw) => `CAST(TRY_CAST(${raw} AS TIMESTAMPTZ) - INTERVAL 1 MICROSECOND AS DATE)`,
  });
