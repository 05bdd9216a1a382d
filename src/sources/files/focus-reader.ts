import { statSync } from 'node:fs';
import type { DuckDBConnection, DuckDBDecimalValue, DuckDBValue } from '@duckdb/node-api';
import type { CostLine, Tags } from '../../core/cost-line.js';
import { fileErrorFromDuckDb } from './duckdb-errors.js';
import { FileImportError } from './errors.js';
import { type ColumnMap, type FocusField, mapColumns } from './focus-columns.js';
import { parseTags } from './tags-json.js';

export type FileKind = 'csv' | 'parquet';

export function fileKind(path: string): FileKind | undefined {
  const p = path.toLowerCase();
  if (p.endsWith('.parquet')) return 'parquet';
  if (/\.(csv|tsv|txt)(\.gz|\.gzip|\.zst)?$/.test(p) || p.endsWith('.gz')) return 'csv';
  return undefined;
}

export interface ReadStats {
  /** Source rows read. */
  rows: number;
  bytes: number;
}

export interface ReadOptions {
  /** Called with the fraction (0..1) of the file DuckDB has scanned. */
  onProgress?: (fraction: number) => void;
}

const q = (ident: string) => `"${ident.replaceAll('"', '""')}"`;
const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;

const MONEY = 'DECIMAL(38,12)';

// Column positions of selectSql's output, read by index in the hot loop.
const C = {
  day: 0,
  provider: 1,
  billingAccountId: 2,
  subAccountId: 3,
  subAccountName: 4,
  serviceName: 5,
  serviceCategory: 6,
  regionId: 7,
  resourceId: 8,
  resourceName: 9,
  chargeCategory: 10,
  currency: 11,
  tags: 12,
  billed: 13,
  effective: 14,
  list: 15,
  rows: 16,
} as const;

async function csvSource(
  conn: DuckDBConnection,
  file: string,
): Promise<{ from: string; map: ColumnMap; tagsRead: (asJson: boolean) => string }> {
  let sniff: Record<string, DuckDBValue>;
  try {
    const r = await conn.runAndReadAll(
      `SELECT Delimiter, Quote, Escape, Columns FROM sniff_csv(${lit(file)}, header = true)`,
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
  const typeOf = (name: string, tagsAsJson: boolean): string => {
    if (name === map.billedCost || name === map.effectiveCost || name === map.listCost) return MONEY;
    if (name === map.chargePeriodStart) return 'TIMESTAMPTZ';
    if (name === map.tags && tagsAsJson) return 'JSON';
    return 'VARCHAR';
  };
  // Required money and time columns are never matched against the null strings, so an empty or
  // NULL value there fails the cast and DuckDB reports its line and column.
  const notNull = [map.chargePeriodStart, map.billedCost, map.effectiveCost].filter((c): c is string => !!c);
  const from = (tagsAsJson: boolean) =>
    `read_csv(${lit(file)}, header = true, auto_detect = false,
      delim = ${lit(String(sniff.Delimiter))}, quote = ${lit(String(sniff.Quote))}, escape = ${lit(String(sniff.Escape))},
      nullstr = ['NULL', ''], force_not_null = [${notNull.map(lit).join(', ')}],
      columns = {${columns.map((c) => `${lit(c)}: ${lit(typeOf(c, tagsAsJson))}`).join(', ')}})`;
  return { from: from(false), map, tagsRead: from };
}

async function parquetSource(
  conn: DuckDBConnection,
  file: string,
): Promise<{ from: string; map: ColumnMap; tagsType: string }> {
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
  return { from: `read_parquet(${lit(file)})`, map, tagsType };
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

function selectSql(map: ColumnMap, from: string, kind: FileKind, tagsType: string): string {
  const text = (f: FocusField) => (map[f] ? `coalesce(CAST(${q(map[f])} AS VARCHAR), '')` : "''");
  const money = (f: FocusField) => (map[f] ? `CAST(${q(map[f])} AS ${MONEY})` : `CAST(0 AS ${MONEY})`);
  let tags = 'NULL';
  if (map.tags) {
    tags = /^(MAP|STRUCT)/.test(tagsType)
      ? `CAST(to_json(${q(map.tags)}) AS VARCHAR)`
      : `CAST(${q(map.tags)} AS VARCHAR)`;
  }
  const start =
    kind === 'parquet'
      ? `CAST(${q(map.chargePeriodStart ?? '')} AS TIMESTAMPTZ)`
      : q(map.chargePeriodStart ?? '');
  // Rows of the same UTC day, account, service, resource and tags are summed here, in DuckDB, so the
  // JavaScript side sees one line per resource and day instead of every hourly row.
  return `SELECT strftime(d, '%Y-%m-%d') AS day, * EXCLUDE (d) FROM (
    SELECT CAST(${start} AS DATE) AS d,
      ${text('provider')} AS provider, ${text('billingAccountId')} AS billing_account_id,
      ${text('subAccountId')} AS sub_account_id, ${text('subAccountName')} AS sub_account_name,
      ${text('serviceName')} AS service_name, ${text('serviceCategory')} AS service_category,
      ${text('regionId')} AS region_id, ${text('resourceId')} AS resource_id, ${text('resourceName')} AS resource_name,
      ${text('chargeCategory')} AS charge_category, ${text('currency')} AS currency, ${tags} AS tags,
      sum(${money('billedCost')}) AS billed, sum(${money('effectiveCost')}) AS effective,
      sum(coalesce(${money('listCost')}, 0)) AS list, count(*) AS rows
    FROM ${from} GROUP BY ALL)`;
}

/**
 * Reads one FOCUS export (CSV, gzip CSV or Parquet) with DuckDB's readers and yields its cost lines,
 * one per (UTC day, account, service, region, resource, charge category, currency, tags). Money
 * columns are typed explicitly as DECIMAL(38,12): no sniffer ever guesses them. Returns the stats
 * when done. Throws FileImportError (naming file, line and column where DuckDB knows them).
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
  const source = kind === 'csv' ? await csvSource(conn, file) : await parquetSource(conn, file);
  const sql = selectSql(source.map, source.from, kind, 'tagsType' in source ? source.tagsType : 'VARCHAR');
  const timer = options.onProgress
    ? setInterval(() => {
        const p = conn.progress.percentage;
        if (p >= 0) options.onProgress?.(Math.min(p, 100) / 100);
      }, 200)
    : undefined;
  const tagCache = new Map<string, Tags>();
  let rows = 0;
  try {
    let result: Awaited<ReturnType<DuckDBConnection['stream']>>;
    try {
      result = await conn.stream(sql);
    } catch (cause) {
      throw fileErrorFromDuckDb(file, cause);
    }
    const chunks = result.yieldRows();
    while (true) {
      let next: IteratorResult<DuckDBValue[][]>;
      try {
        next = await chunks.next();
      } catch (cause) {
        throw fileErrorFromDuckDb(file, cause);
      }
      if (next.done) break;
      for (const r of next.value) {
        const rawTags = r[C.tags] as string | null;
        let tags = rawTags === null ? EMPTY_TAGS : tagCache.get(rawTags);
        if (tags === undefined) {
          tags = await tagsOrLocate(conn, file, rawTags as string, source);
          tagCache.set(rawTags as string, tags);
        }
        const count = Number(r[C.rows] as bigint);
        rows += count;
        yield {
          day: r[C.day] as string,
          provider: r[C.provider] as string,
          billingAccountId: r[C.billingAccountId] as string,
          subAccountId: r[C.subAccountId] as string,
          subAccountName: r[C.subAccountName] as string,
          serviceName: r[C.serviceName] as string,
          serviceCategory: r[C.serviceCategory] as string,
          regionId: r[C.regionId] as string,
          resourceId: r[C.resourceId] as string,
          resourceName: r[C.resourceName] as string,
          chargeCategory: r[C.chargeCategory] as string,
          currency: r[C.currency] as string,
          tags,
          billedCost: (r[C.billed] as DuckDBDecimalValue).value,
          effectiveCost: (r[C.effective] as DuckDBDecimalValue).value,
          listCost: (r[C.list] as DuckDBDecimalValue).value,
          rowCount: count,
        };
      }
    }
  } finally {
    if (timer) clearInterval(timer);
  }
  options.onProgress?.(1);
  return { rows, bytes };
}

const EMPTY_TAGS: Tags = Object.freeze({});

/** Parses a Tags value; when it is not a JSON object, finds the line that holds it (CSV) for the error. */
async function tagsOrLocate(
  conn: DuckDBConnection,
  file: string,
  raw: string,
  source: { tagsRead?: (asJson: boolean) => string; map: ColumnMap },
): Promise<Tags> {
  const parsed = parseTags(raw);
  if (parsed) return parsed;
  if (source.tagsRead) {
    try {
      // Re-read with Tags typed as JSON: DuckDB then names the line of the first invalid value.
      await conn.run(`SELECT count(*) FROM ${source.tagsRead(true)}`);
    } catch (cause) {
      throw fileErrorFromDuckDb(file, cause);
    }
  }
  const shown = raw.length > 60 ? `${raw.slice(0, 60)}...` : raw;
  throw new FileImportError(
    'BAD_VALUE',
    `${file}, column ${source.map.tags}: "${shown}" is not a JSON object of tags.`,
    { file, column: source.map.tags ?? 'Tags' },
  );
}
