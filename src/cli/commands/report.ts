import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { reportPage } from '../../app/report-page.js';
import { loadConfig } from '../../config/load.js';
import { METRICS, type Metric } from '../../core/cost-line.js';
import { firstOfMonth, utcDay } from '../../core/day.js';
import { InvalidInputError } from '../../core/errors.js';
import { billedGaps } from '../../core/import-scopes.js';
import { formatMoney, type Money, moneyToNumber } from '../../core/money.js';
import type { CostStore } from '../../core/ports.js';
import { isCloudId, PROVIDERS } from '../../core/providers.js';
import {
  buildReport,
  REPORT_DIMENSIONS,
  REPORT_GRAINS,
  type Report,
  type ReportDimension,
  type ReportFilters,
  type ReportGrain,
} from '../../core/report.js';
import type { TableDimension } from '../../core/report-page/model.js';
import { nameIndex } from '../../core/sub-accounts.js';
import type { CliContext } from '../context.js';
import { outputFormat } from '../conventions.js';
import { parseDay } from '../dates.js';
import { type Column, groupThousands, type OutputFormat, paint, renderCsv, renderTable } from '../output.js';
import { withStore } from '../wiring.js';

export interface ReportOptions {
  config?: string;
  db?: string;
  from?: string;
  to?: string;
  by?: string;
  metric?: string;
  format?: string;
  limit?: string;
  grain?: string;
  /** With --format html: the file to write. */
  out?: string;
  /** Filters: repeatable flags, each value possibly a comma list. */
  model?: string | readonly string[];
  stage?: string | readonly string[];
  provider?: string | readonly string[];
}

export interface ReportQuery {
  from: string;
  to: string;
  by: ReportDimension[];
  metric: Metric;
  format: OutputFormat | 'html';
  limit: number;
  grain?: ReportGrain;
  filters: ReportFilters;
}

const FORMATS = { formats: ['table', 'json', 'csv', 'html'] } as const;

/** `--model a --model b,c` -> ['a', 'b', 'c']; absent -> undefined. */
function listOf(v: string | readonly string[] | undefined): string[] | undefined {
  if (v === undefined) return undefined;
  const list = (typeof v === 'string' ? [v] : v).flatMap((x) => x.split(',')).map((x) => x.trim());
  return [...new Set(list.filter(Boolean))];
}

/**
 * The filters. Facts name their provider as the billing data does (`AWS`, `Google Cloud`, `Microsoft`,
 * `Oracle` in a FOCUS file): a cloud id (aws, gcp, azure) stands for its name, other values are taken
 * as written (what `--by provider` shows).
 */
function parseFilters(opts: ReportOptions): ReportFilters {
  const providers = listOf(opts.provider)?.map((p) => {
    const id = p.toLowerCase();
    return isCloudId(id) ? PROVIDERS[id].focusName : p;
  });
  const model = listOf(opts.model);
  const stage = listOf(opts.stage);
  return {
    ...(model?.length ? { model } : {}),
    ...(stage?.length ? { stage } : {}),
    ...(providers?.length ? { provider: providers } : {}),
  };
}

function parseGrain(v: string | undefined): ReportGrain | undefined {
  if (v === undefined) return undefined;
  const g = v.trim().toLowerCase();
  if (!(REPORT_GRAINS as readonly string[]).includes(g))
    throw new InvalidInputError(`--grain must be ${REPORT_GRAINS.join(', ')}; got "${v}".`);
  return g as ReportGrain;
}

export function parseReportOptions(ctx: CliContext, opts: ReportOptions): ReportQuery {
  const today = utcDay(ctx.clock.now());
  const from = opts.from ? parseDay('--from', opts.from) : firstOfMonth(today);
  const to = opts.to ? parseDay('--to', opts.to) : today;
  if (from > to) throw new InvalidInputError(`--from ${from} is after --to ${to}.`);
  const by = (opts.by ?? 'model,stage')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const unknown = by.filter((d) => !(REPORT_DIMENSIONS as readonly string[]).includes(d));
  if (unknown.length || by.length === 0) {
    throw new InvalidInputError(
      `--by takes a comma-separated list of ${REPORT_DIMENSIONS.join(', ')}; got "${opts.by}".`,
    );
  }
  const metric = (opts.metric ?? 'effective').toLowerCase();
  if (!(METRICS as readonly string[]).includes(metric)) {
    throw new InvalidInputError(`--metric must be one of ${METRICS.join(', ')}; got "${opts.metric}".`);
  }
  const format = outputFormat(ctx.io, FORMATS, opts.format);
  const grain = parseGrain(opts.grain);
  const limit = opts.limit === undefined ? 25 : Number(opts.limit);
  if (!Number.isInteger(limit) || limit < 0)
    throw new InvalidInputError(`--limit must be a whole number >= 0 (0 = all rows).`);
  return {
    from,
    to,
    by: [...new Set(by)] as ReportDimension[],
    metric: metric as Metric,
    format,
    limit,
    ...(grain ? { grain } : {}),
    filters: parseFilters(opts),
  };
}

export async function runReport(ctx: CliContext, opts: ReportOptions): Promise<Report | undefined> {
  const q = parseReportOptions(ctx, opts);
  if (q.format === 'html') {
    await writeReportPage(ctx, opts, q);
    return undefined;
  }
  const config = ctx.wiring?.config ?? loadConfig(opts.config);
  const { report, names, empty } = await withStore(
    ctx,
    opts,
    async (w) => {
      // The import log is read at most once (the billed check and the empty-store check both use it).
      let imports: Awaited<ReturnType<typeof w.cost.listImports>> | undefined;
      const importLog = async () => {
        imports ??= await w.cost.listImports();
        return imports;
      };
      if (q.metric === 'billed') {
        // Never the amortized cost under the billed name: days imported without billed cost refuse.
        const gaps = billedGaps(await importLog(), q);
        if (gaps.length) {
          const list = gaps.map((g) => `${g.provider} ${g.billingAccountId} ${g.from} .. ${g.to}`).join('; ');
          throw new InvalidInputError(
            `billed cost is not in the store for ${list}: those days were imported from amortized-cost files ` +
              'only. Import the actual-cost files of the same period with them, report --metric effective, ' +
              'or set imports.billedFromAmortized: true and import again.',
          );
        }
      }
      const facts = await w.cost.queryFacts({ from: q.from, to: q.to });
      const subAccounts = q.by.includes('subaccount') ? await (await w.subAccounts()).list() : [];
      // An empty store is said as such, not as "nothing in this range".
      const empty = facts.length === 0 && (await importLog()).length === 0 ? w.path : undefined;
      return { report: buildReport(facts, q), names: nameIndex(subAccounts), empty };
    },
    config,
  );
  ctx.io.out(renderReport(ctx, report, q, config.attribution.unattributed, names, empty));
  return report;
}

/**
 * `report --format html --out FILE`: the report page of the range (src/app/report-page.ts) on the
 * command's store, narrowed by --model/--stage/--provider; --by adds table columns.
 */
async function writeReportPage(ctx: CliContext, opts: ReportOptions, q: ReportQuery): Promise<void> {
  if (!opts.out)
    throw new InvalidInputError(
      '--format html writes a file: give it with --out FILE (e.g. --out report.html).',
    );
  const out = resolve(opts.out);
  const config = ctx.wiring?.config ?? loadConfig(opts.config);
  const html = await withStore(
    ctx,
    opts,
    async (w) =>
      reportPage(
        {
          costs: narrowed(w.cost, q.filters),
          anomalies: await w.anomalies(),
          sources: await w.sources(),
          idleAudit: await w.idleAudit(),
          allocations: await w.allocations(),
          subAccounts: await w.subAccounts(),
        },
        config,
        {
          from: q.from,
          to: q.to,
          today: utcDay(ctx.clock.now()),
          by: q.by.filter((d): d is TableDimension => d !== 'currency'),
          metric: q.metric,
          generatedAt: ctx.clock.now().toISOString(),
        },
      ),
    config,
  );
  writeFileSync(out, html);
  ctx.io.out(
    `Wrote ${out} (${Math.ceil(Buffer.byteLength(html) / 1024)} KB): ${q.from} to ${q.to}, one self-contained page.`,
  );
}

/** The store with --model/--stage/--provider applied to every fact read. */
function narrowed(store: CostStore, f: ReportFilters): CostStore {
  if (!f.model && !f.stage && !f.provider) return store;
  return {
    replaceFacts: (r, facts) => store.replaceFacts(r, facts),
    listImports: () => store.listImports(),
    close: () => store.close(),
    queryFacts: (fq) =>
      store.queryFacts({
        ...fq,
        ...(f.model ? { models: f.model } : {}),
        ...(f.stage ? { stages: f.stage } : {}),
        ...(f.provider ? { providers: f.provider } : {}),
      }),
  };
}

/** The table's and the CSV's key columns: the period (with a grain), then the dimensions. */
const dimsOf = (r: Report): string[] => [
  ...(r.grain ? ['period'] : []),
  ...r.by.filter((d) => d !== 'currency'),
];

/**
 * The documented JSON shape: rows carry the `by` values, currency and cost (6 decimals); by
 * subaccount, also `subaccountName` when a cloud reported one (AWS account, GCP project name).
 */
export function reportJson(r: Report, names: ReadonlyMap<string, string> = new Map()) {
  return {
    metric: r.metric,
    from: r.from,
    to: r.to,
    by: r.by,
    ...(r.grain ? { grain: r.grain } : {}),
    ...(r.filters ? { filters: r.filters } : {}),
    rows: r.rows.map((row) => {
      const name = row.keys.subaccount === undefined ? undefined : names.get(row.keys.subaccount);
      return {
        ...row.keys,
        ...(name ? { subaccountName: name } : {}),
        currency: row.currency,
        cost: moneyToNumber(row.cost),
      };
    }),
    totals: r.totals.map((t) => ({ currency: t.currency, cost: moneyToNumber(t.cost) })),
  };
}

export function renderReport(
  ctx: CliContext,
  r: Report,
  q: ReportQuery,
  unattributed: string,
  names: ReadonlyMap<string, string> = new Map(),
  emptyStore?: string,
): string {
  if (q.format === 'json') return JSON.stringify(reportJson(r, names));
  const dims = dimsOf(r);
  const named = dims.includes('subaccount');
  const nameOf = (row: Report['rows'][number]) => names.get(row.keys.subaccount ?? '') ?? '';
  if (q.format === 'csv') {
    return renderCsv(
      [...dims, ...(named ? ['subaccount_name'] : []), 'currency', 'cost'],
      r.rows.map((row) => [
        ...dims.map((d) => row.keys[d] ?? ''),
        ...(named ? [nameOf(row)] : []),
        row.currency,
        formatMoney(row.cost, 6),
      ]),
    );
  }
  if (emptyStore !== undefined)
    return (
      `The store ${emptyStore} holds no cost data yet. Import a billing export ` +
      '(`costguard import FILE`) or pull from the configured clouds (`costguard ingest`).'
    );
  return renderReportTable(ctx, r, q.limit, unattributed, names);
}

/** Two decimals with thousands separators; amounts too small to show as cents say so. */
function money(m: Money): string {
  const text = formatMoney(m);
  if (m !== 0n && /^-?0\.00$/.test(text)) return m > 0n ? '<0.01' : '>-0.01';
  return groupThousands(text);
}

function share(part: Money, total: Money): string {
  if (total === 0n) return '';
  return `${(Number((part * 100000n) / total) / 1000).toFixed(1)}%`;
}

/**
 * Shows the top `limit` rows; rows that name the unattributed model or stage are always shown (spend
 * nobody tagged is never folded away), and the rest are summed into one "(n more rows)" line.
 */
function renderReportTable(
  ctx: CliContext,
  r: Report,
  limit: number,
  unattributed: string,
  names: ReadonlyMap<string, string>,
): string {
  const dims = dimsOf(r);
  const totalOf = (c: string) => r.totals.find((t) => t.currency === c)?.cost ?? 0n;
  const isUnattributed = (row: Report['rows'][number]) => Object.values(row.keys).includes(unattributed);
  const shown = limit === 0 ? r.rows : r.rows.filter((row, i) => i < limit || isUnattributed(row));
  const hidden = r.rows.filter((row) => !shown.includes(row));
  const cells = shown.map((row) => [
    ...dims.map((d) => {
      const v = row.keys[d] ?? '';
      if (d === 'subaccount' && names.has(v)) return `${v} (${names.get(v)})`;
      return v === unattributed ? paint(ctx.io, 'yellow', v) : v || '(none)';
    }),
    row.currency,
    money(row.cost),
    share(row.cost, totalOf(row.currency)),
  ]);
  const hiddenByCurrency = new Map<string, { n: number; cost: Money }>();
  for (const row of hidden) {
    const h = hiddenByCurrency.get(row.currency) ?? { n: 0, cost: 0n };
    h.n += 1;
    h.cost += row.cost;
    hiddenByCurrency.set(row.currency, h);
  }
  for (const [currency, h] of hiddenByCurrency) {
    cells.push([
      `(${h.n} more rows)`,
      ...dims.slice(1).map(() => ''),
      currency,
      money(h.cost),
      share(h.cost, totalOf(currency)),
    ]);
  }
  for (const t of r.totals) {
    cells.push([
      paint(ctx.io, 'bold', 'TOTAL'),
      ...dims.slice(1).map(() => ''),
      t.currency,
      money(t.cost),
      '100.0%',
    ]);
  }
  const columns: Column[] = [
    ...dims.map((d) => ({ header: d.toUpperCase() })),
    { header: 'CURRENCY' },
    { header: 'COST', align: 'right' as const },
    { header: 'SHARE', align: 'right' as const },
  ];
  const only = Object.entries(r.filters ?? {}).map(([d, v]) => `${d} ${v.join('|')}`);
  const title =
    `${r.metric} cost, ${r.from} .. ${r.to}, by ${dims.join(', ') || 'currency'}` +
    (only.length ? `; only ${only.join(', ')}` : '');
  if (r.rows.length === 0)
    return only.length
      ? `${title}\nNo cost matches these filters in this range.`
      : `${title}\nNo cost data in this range. Import a billing export with \`costguard import\`.`;
  return `${title}\n${renderTable(columns, cells)}`;
}
