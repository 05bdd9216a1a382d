import { statSync } from 'node:fs';
import type { DuckDBConnection, DuckDBDecimalValue, DuckDBValue } from '@duckdb/node-api';
import type { CostLine, Tags } from '../../core/cost-line.js';
import { fileErrorFromDuckDb } from './duckdb-errors.js';
import { FileImportError } from './errors.js';
import type { FocusField } from './focus-columns.js';
import {
  describeCsv,
  describeParquet,
  type FocusSource,
  fileKind,
  locateCsvLine,
  q,
} from './focus-source.js';
import { parseTags } from './tags-json.js';

export { type FileKind, fileKind } from './focus-source.js';

export interface ReadStats {
  /** Source rows read. */
  rows: number;
  bytes: number;
}

export interface ReadOptions {
  /** Called with the fraction (0..1) of the file DuckDB has scanned. */
  onProgress?: (fraction: number) => void;
}

// Money is summed exactly in DuckDB decimals at 12 places, the scale of core Money. The first pass reads
// amounts as DECIMAL(18,12), 64-bit, which DuckDB parses and sums about twice as fast as the 128-bit
// DECIMAL(38,12); it holds any single amount under one million. A file with a larger amount on one row
// fails that pass and is read again with DECIMAL(38,12). Both round beyond 12 decimals the same way.
const MONEY_FAST = 'DECIMAL(18,12)';
const MONEY_WIDE = 'DECIMAL(38,12)';
const NULL_MARK = 'costguard:null:';

/** Text fields of a line, in the order of the grouping query's columns (after day). */
const TEXT_FIELDS = [
  'provider',
  'billingAccountId',
  'subAccountId',
  'serviceName',
  'regionId',
  'resourceId',
  'chargeCategory',
  'currency',
  // Names and categories follow the ids above; any_value spares the hash table three string keys.
  'subAccountName',
  'serviceCategory',
  'resourceName',
] as const satisfies readonly FocusField[];
const KEYED = 8;

function groupSql(s: FocusSource, money: string): string {
  const { map } = s;
  const text = (f: FocusField) => (map[f] ? `coalesce(CAST(${q(map[f])} AS VARCHAR), '')` : "''");
  const required = (f: FocusField, expr: (col: string) => string) => {
    const col = q(map[f] ?? '');
    // Parquet has no force_not_null: a NULL in a required column stops the query with our mark.
    return `CASE WHEN ${col} IS NULL THEN error('${NULL_MARK}${f}') ELSE ${expr(col)} END`;
  };
  let tags = "''";
  if (map.tags) {
    const col = q(map.tags);
    tags = /^(MAP|STRUCT)/.test(s.tagsType)
      ? `coalesce(CAST(to_json(${col}) AS VARCHAR), '')`
      : `coalesce(CAST(${col} AS VARCHAR), '')`;
  }
  const texts = TEXT_FIELDS.map((f, i) => (i < KEYED ? text(f) : `any_value(${text(f)})`));
  const list = map.listCost ? `coalesce(CAST(${q(map.listCost)} AS ${money}), 0)` : '0';
  return `CREATE OR REPLACE TEMP TABLE cg_lines AS
    SELECT CAST(${required('chargePeriodStart', (c) => `CAST(${c} AS TIMESTAMPTZ)`)} AS DATE) AS day,
      ${texts.map((t, i) => `${t} AS t${i}`).join(', ')}, ${tags} AS tags,
      sum(${required('billedCost', (c) => `CAST(${c} AS ${money})`)})::${MONEY_WIDE} AS billed,
      sum(${required('effectiveCost', (c) => `CAST(${c} AS ${money})`)})::${MONEY_WIDE} AS effective,
      sum(${list})::${MONEY_WIDE} AS list, count(*) AS rows
    FROM ${s.relation({ money })} GROUP BY ALL`;
}

const DIM_COLUMNS = [...TEXT_FIELDS.map((_, i) => `t${i}`), 'tags'];

/** Groups the file into resource-day lines in a temp table, in parallel inside DuckDB. */
async function groupLines(conn: DuckDBConnection, s: FocusSource): Promise<void> {
  try {
    await conn.run(groupSql(s, MONEY_FAST));
    return;
  } catch (cause) {
    if (!/DECIMAL/.test(String((cause as Error).message))) throw await explain(conn, s, cause);
  }
  try {
    await conn.run(groupSql(s, MONEY_WIDE));
  } catch (cause) {
    throw await explain(conn, s, cause);
  }
}

/** The FileImportError for a failed grouping query, with the line when DuckDB did not give one. */
async function explain(conn: DuckDBConnection, s: FocusSource, cause: unknown): Promise<FileImportError> {
  // Only the first line: DuckDB appends the SQL text around the failing expression, which holds the mark.
  const message = String((cause as Error)?.message ?? cause).split('\n')[0] ?? '';
  const nullField = new RegExp(`${NULL_MARK}(\\w+)`).exec(message)?.[1] as FocusField | undefined;
  const start = s.map.chargePeriodStart ?? '';
  if (nullField) {
    const column = s.map[nullField] ?? nullField;
    const line = await locateCsvLine(conn, s, `${q(column)} IS NULL`);
    return badValue(
      s.file,
      line,
      column,
      'has no value (NULL)',
      `FOCUS requires ${column} on every row`,
      cause,
    );
  }
  if (/TIMESTAMP/i.test(message) && !/CSV Error on Line/.test(message)) {
    const found = await locateCsvLine(conn, s, `TRY_CAST(${q(start)} AS TIMESTAMPTZ) IS NULL`);
    const value = /string "(.*?)"|"(.*?)"/.exec(message);
    const text = value?.[1] ?? value?.[2];
    const shown = text === undefined ? 'a value' : text === '' ? 'an empty value' : `"${text}"`;
    return badValue(
      s.file,
      found,
      start,
      `${shown} is not a timestamp`,
      'expected ISO 8601, e.g. 2024-09-01T00:00:00Z',
      cause,
    );
  }
  return fileErrorFromDuckDb(s.file, cause);
}

function badValue(
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

/** One template per distinct (account, service, region, resource, charge, currency, tags) of the file. */
type Dim = Omit<CostLine, 'day' | 'billedCost' | 'effectiveCost' | 'listCost' | 'attributionKey'> & {
  attributionKey: object;
};

async function readDims(conn: DuckDBConnection, s: FocusSource): Promise<Dim[]> {
  await conn.run(
    `CREATE OR REPLACE TEMP TABLE cg_dims AS
     SELECT (row_number() OVER () - 1)::INTEGER AS dim, * FROM (SELECT DISTINCT ${DIM_COLUMNS.join(', ')} FROM cg_lines)`,
  );
  const rows = (
    await conn.runAndReadAll(`SELECT ${DIM_COLUMNS.join(', ')} FROM cg_dims ORDER BY dim`)
  ).getRows();
  const tagCache = new Map<string, Tags>();
  const out: Dim[] = [];
  for (const r of rows) {
    const raw = r[TEXT_FIELDS.length] as string;
    let tags = tagCache.get(raw);
    if (tags === undefined) {
      tags = raw === '' ? EMPTY_TAGS : (parseTags(raw) ?? (await badTags(conn, s, raw)));
      tagCache.set(raw, tags);
    }
    const line: Record<string, unknown> = { tags, attributionKey: {} };
    TEXT_FIELDS.forEach((f, i) => {
      line[f] = r[i] as string;
    });
    out.push(line as unknown as Dim);
  }
  return out;
}

const EMPTY_TAGS: Tags = Object.freeze({});

/**
 * Reads one FOCUS export (CSV, gzip CSV or Parquet) with DuckDB's readers and yields its cost lines,
 * one per (UTC day, account, service, region, resource, charge category, currency, tags). Money is
 * typed explicitly (see MONEY_FAST): no sniffer ever guesses it. Returns the stats when done. Throws
 * FileImportError (naming file, line and column where they can be known) before yielding anything.
 */
export async function* readFocusFile(
  conn: DuckDBConnection,
  file: string,
  options: ReadOptions = {},
): AsyncGenerator<CostLine, ReadStats> {
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
      `${file}: unsupported file type; costguard import reads FOCUS .csv, .csv.gz and .parquet files.`,
      { file },
    );
  }
  const source = kind === 'csv' ? await describeCsv(conn, file) : await describeParquet(conn, file);
  const timer = options.onProgress
    ? setInterval(() => {
        const p = conn.progress.percentage;
        if (p >= 0) options.onProgress?.((Math.min(p, 100) / 100) * 0.95);
      }, 200)
    : undefined;
  let rows = 0;
  try {
    try {
      await groupLines(conn, source);
    } finally {
      if (timer) clearInterval(timer);
    }
    const dims = await readDims(conn, source);
    const result = await conn.stream(
      `SELECT d.dim, (l.day - DATE '1970-01-01')::INTEGER, l.billed, l.effective, l.list, l.rows
       FROM cg_lines l JOIN cg_dims d ON ${DIM_COLUMNS.map((c) => `l.${c} = d.${c}`).join(' AND ')}`,
    );
    const days = new Map<number, string>();
    const dayOf = (n: number) => {
      let d = days.get(n);
      if (d === undefined) {
        d = new Date(n * 86_400_000).toISOString().slice(0, 10);
        days.set(n, d);
      }
      return d;
    };
    for await (const chunk of result.yieldRows()) {
      for (const r of chunk as DuckDBValue[][]) {
        const count = Number(r[5] as bigint);
        rows += count;
        const d = dims[r[0] as number] as Dim;
        yield {
          day: dayOf(r[1] as number),
          provider: d.provider,
          billingAccountId: d.billingAccountId,
          subAccountId: d.subAccountId,
          subAccountName: d.subAccountName,
          serviceName: d.serviceName,
          serviceCategory: d.serviceCategory,
          regionId: d.regionId,
          resourceId: d.resourceId,
          resourceName: d.resourceName,
          chargeCategory: d.chargeCategory,
          currency: d.currency,
          tags: d.tags,
          billedCost: (r[2] as DuckDBDecimalValue).value,
          effectiveCost: (r[3] as DuckDBDecimalValue).value,
          listCost: (r[4] as DuckDBDecimalValue).value,
          rowCount: count,
          attributionKey: d.attributionKey,
        };
      }
    }
  } finally {
    await conn.run('DROP TABLE IF EXISTS temp.cg_lines; DROP TABLE IF EXISTS temp.cg_dims');
  }
  options.onProgress?.(1);
  return { rows, bytes };
}

/** A Tags value that is not a JSON object: find its line (CSV) and fail with it. */
async function badTags(conn: DuckDBConnection, s: FocusSource, raw: string): Promise<never> {
  const column = s.map.tags ?? 'Tags';
  let line: number | undefined;
  if (s.kind === 'csv') {
    try {
      // Typed JSON, the reader names the line of the first invalid value (it misnames the column).
      await conn.run(`SELECT count(${q(column)}) FROM ${s.relation({ tagsAsJson: true })}`);
    } catch (cause) {
      line = fileErrorFromDuckDb(s.file, cause).line;
    }
    line ??= await locateCsvLine(conn, s, `${q(column)} = '${raw.replaceAll("'", "''")}'`);
  }
  const shown = raw.length > 60 ? `${raw.slice(0, 60)}...` : raw;
  throw badValue(
    s.file,
    line,
    column,
    `"${shown}" is not a JSON object of tags`,
    'expected {"key": "value", ...}',
    undefined,
  );
}
