import type { DuckDBConnection, DuckDBDecimalValue, DuckDBValue } from '@duckdb/node-api';
import type { CostLine, Tags } from '../../core/cost-line.js';
import { dayString } from '../../core/day.js';
import { latestDay } from './limits.js';
import { type AmountsRole, ATTRIBUTED_FIELDS, KEYED, type LineSource, TEXT_FIELDS } from './line-source.js';
import { checkAmounts, checkDays, readPeriods } from './read-checks.js';
import { badTags, explain } from './read-errors.js';

export interface ReadStats {
  /** Source rows read. */
  rows: number;
  bytes: number;
  /** The billing periods of the file's lines, [first day, last day] (see LineSource.period). */
  periods: [string, string][];
}

export interface ReadOptions {
  /** Called with the fraction (0..1) of the file DuckDB has scanned. */
  onProgress?: (fraction: number) => void;
  amounts?: AmountsRole;
  /** The latest charge day accepted (limits.ts); default a year from now. */
  latestDay?: string;
}

// Money is summed exactly in DuckDB decimals at 12 places, the scale of core Money. The first pass reads
// amounts as DECIMAL(18,12), 64-bit, which DuckDB parses and sums about twice as fast as the 128-bit
// DECIMAL(38,12); it holds any single amount under one million. A file with a larger amount on one row
// fails that pass and is read again with DECIMAL(38,12). Both round beyond 12 decimals the same way.
const MONEY_FAST = 'DECIMAL(18,12)';
const MONEY_WIDE = 'DECIMAL(38,12)';

/** The grouping keys of a source: the text fields, then the attributed ones when the file has them. */
function keyColumns(s: LineSource): string[] {
  const n = TEXT_FIELDS.length + (s.attributed ? ATTRIBUTED_FIELDS.length : 0);
  return [...Array.from({ length: n }, (_, i) => `t${i}`), 'tags', 'ptags'];
}

function groupSql(s: LineSource, money: string, role: AmountsRole): string {
  const text = (e: string | undefined) => (e ? `coalesce(CAST(${e} AS VARCHAR), '')` : "''");
  const texts = TEXT_FIELDS.map((f, i) => (i < KEYED ? text(s.text[f]) : `any_value(${text(s.text[f])})`));
  if (s.attributed) texts.push(...ATTRIBUTED_FIELDS.map((f) => text(s.attributed?.[f])));
  const sum = (e: string) => `sum(${e})::${MONEY_WIDE}`;
  const billed = role === 'effective' ? '0' : s.billed(money);
  const effective = role === 'billed' ? '0' : s.effective(money);
  const list = role === 'effective' || !s.list ? '0' : s.list(money);
  const rows = s.rows ? `sum(${s.rows})::BIGINT` : 'count(*)';
  // The billing period as its raw text: a cheap key with a few values, read into days afterwards.
  const pstart = s.period ? `coalesce(${s.period.start}, '')` : "''";
  const pend = s.period ? `max(${s.period.end})` : 'NULL::VARCHAR';
  return `CREATE OR REPLACE TEMP TABLE cg_lines AS
    SELECT ${s.day} AS day, ${texts.map((t, i) => `${t} AS t${i}`).join(', ')}, ${text(s.tags)} AS tags,
      ${text(s.projectTags)} AS ptags,
      ${pstart} AS pstart, ${sum(billed)} AS billed, ${sum(effective)} AS effective, ${sum(list)} AS list,
      ${rows} AS rows, ${pend} AS pend
    FROM ${s.relation(money)} GROUP BY ALL`;
}

/** Groups the file into resource-day lines in a temp table, in parallel inside DuckDB. */
async function groupLines(conn: DuckDBConnection, s: LineSource, role: AmountsRole): Promise<void> {
  try {
    await conn.run(groupSql(s, MONEY_FAST, role));
    return;
  } catch (cause) {
    if (!/DECIMAL/.test(String((cause as Error).message))) throw await explain(conn, s, cause);
    // Some amount is a million or more: refuse one beyond MAX_AMOUNT before it overflows a sum.
    await checkAmounts(conn, s, cause);
  }
  try {
    await conn.run(groupSql(s, MONEY_WIDE, role));
  } catch (cause) {
    throw await explain(conn, s, cause);
  }
}

/** One template per distinct (account, service, region, resource, charge, currency, tags) of the file. */
type Dim = Omit<CostLine, 'day' | 'billedCost' | 'effectiveCost' | 'listCost' | 'attributionKey'> & {
  attributionKey: object;
};

const EMPTY_TAGS: Tags = Object.freeze({});

async function readDims(conn: DuckDBConnection, s: LineSource): Promise<Dim[]> {
  const keys = keyColumns(s);
  await conn.run(
    `CREATE OR REPLACE TEMP TABLE cg_dims AS
     SELECT (row_number() OVER () - 1)::INTEGER AS dim, * FROM (SELECT DISTINCT ${keys.join(', ')} FROM cg_lines)`,
  );
  const rows = (await conn.runAndReadAll(`SELECT ${keys.join(', ')} FROM cg_dims ORDER BY dim`)).getRows();
  const tagCache = new Map<string, Tags>();
  const parsed = async (raw: string, which: 'tags' | 'projectTags') => {
    let tags = tagCache.get(raw);
    if (tags === undefined) {
      tags = raw === '' ? EMPTY_TAGS : (s.parseTags?.(raw) ?? (await badTags(conn, s, raw, which)));
      tagCache.set(raw, tags);
    }
    return tags;
  };
  const out: Dim[] = [];
  const tagsAt = keys.length - 2;
  for (const r of rows) {
    const tags = await parsed(r[tagsAt] as string, 'tags');
    const projectTags = await parsed(r[tagsAt + 1] as string, 'projectTags');
    const line: Record<string, unknown> = { tags, attributionKey: {} };
    if (Object.keys(projectTags).length > 0) line.projectTags = projectTags;
    TEXT_FIELDS.forEach((f, i) => {
      line[f] = r[i] as string;
    });
    if (s.attributed) {
      const [model, stage, modelBy, stageBy] = ATTRIBUTED_FIELDS.map(
        (_, i) => r[TEXT_FIELDS.length + i] as string,
      );
      // A row without x_model is attributed from its tags like any other.
      if (model || stage) line.attributed = { model, stage, modelBy, stageBy };
    }
    out.push(line as unknown as Dim);
  }
  return out;
}

const dayCache = new Map<number, string>();
const dayOf = (n: number) => {
  let d = dayCache.get(n);
  if (d === undefined) {
    d = dayString(n);
    dayCache.set(n, d);
  }
  return d;
};

/**
 * Reads one export file, as `source` describes it, with DuckDB and yields its cost lines, one per
 * (UTC day, account, service, region, resource, charge category, currency, tags). Money is typed
 * explicitly (see MONEY_FAST). Throws FileImportError (naming file, line and column where they can be
 * known) before yielding anything. Returns the stats when done.
 */
export async function* readLines(
  conn: DuckDBConnection,
  source: LineSource,
  options: ReadOptions = {},
): AsyncGenerator<CostLine, ReadStats> {
  const timer = options.onProgress
    ? setInterval(() => {
        const p = conn.progress.percentage;
        if (p >= 0) options.onProgress?.((Math.min(p, 100) / 100) * 0.95);
      }, 200)
    : undefined;
  let rows = 0;
  let periods: [string, string][] = [];
  const keys = keyColumns(source);
  try {
    try {
      await groupLines(conn, source, options.amounts ?? 'both');
    } finally {
      if (timer) clearInterval(timer);
    }
    await source.input.integrity;
    const latest = options.latestDay ?? latestDay(new Date());
    await checkDays(conn, source, latest);
    periods = await readPeriods(conn, source, latest);
    const dims = await readDims(conn, source);
    const result = await conn.stream(
      `SELECT d.dim, (l.day - DATE '1970-01-01')::INTEGER, l.billed, l.effective, l.list, l.rows,
         (coalesce(p.first, date_trunc('month', l.day)::DATE) - DATE '1970-01-01')::INTEGER
       FROM cg_lines l JOIN cg_dims d ON ${keys.map((c) => `l.${c} = d.${c}`).join(' AND ')}
       LEFT JOIN cg_periods p ON l.pstart = p.pstart`,
    );
    for await (const chunk of result.yieldRows()) {
      for (const r of chunk as DuckDBValue[][]) {
        const count = Number(r[5] as bigint);
        rows += count;
        const d = dims[r[0] as number] as Dim;
        const line: CostLine = {
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
          billingPeriod: dayOf(r[6] as number),
        };
        if (d.attributed) line.attributed = d.attributed;
        if (d.projectTags) line.projectTags = d.projectTags;
        yield line;
      }
    }
  } finally {
    // Never in place of the read's own error: after a FATAL one (DuckDB invalidates the engine) this
    // fails too, and the temp tables go with the engine anyway.
    await conn
      .run(
        'DROP TABLE IF EXISTS temp.cg_lines; DROP TABLE IF EXISTS temp.cg_dims; DROP TABLE IF EXISTS temp.cg_periods',
      )
      .catch(() => undefined);
  }
  options.onProgress?.(1);
  return { rows, bytes: source.input.bytes, periods };
}
