import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileSizes, type ImportSummary, importFiles } from '../../app/import-files.js';
import { loadConfig } from '../../config/load.js';
import { daysBetween } from '../../core/day.js';
import { InvalidInputError } from '../../core/errors.js';
import { formatMoney, moneyToNumber } from '../../core/money.js';
import { openExportFiles } from '../../sources/files/export-batch.js';
import { fileKind } from '../../sources/files/focus-reader.js';
import { FORMAT_NAMES, type FormatName } from '../../sources/files/line-source.js';
import type { CliContext } from '../context.js';
import { outputFormat } from '../conventions.js';
import { groupThousands, paint } from '../output.js';
import { progressBar } from '../progress.js';
import { withWiring } from '../wiring.js';

export interface ImportOptions {
  config?: string;
  db?: string;
  /** The input format; detected from the header when absent. */
  inputFormat?: string;
  /**
   * The output format (table | json). Also, the old spelling: an input format name given to --format
   * (before --input-format existed), which still works with a warning.
   */
  format?: string | readonly string[];
  source?: string;
}

const OUTPUT = { formats: ['table', 'json'] } as const;
const isInputFormat = (v: string): v is FormatName => (FORMAT_NAMES as readonly string[]).includes(v);

/** The input and output formats: --input-format, and --format (an input name there is the old spelling). */
export function importFormats(
  ctx: CliContext,
  opts: ImportOptions,
): { input?: FormatName; output: 'table' | 'json' } {
  const given =
    opts.format === undefined ? [] : typeof opts.format === 'string' ? [opts.format] : opts.format;
  let input: FormatName | undefined;
  if (opts.inputFormat !== undefined) {
    if (!isInputFormat(opts.inputFormat))
      throw new InvalidInputError(
        `--input-format must be one of ${FORMAT_NAMES.join(', ')}; got "${opts.inputFormat}".`,
      );
    input = opts.inputFormat;
  }
  let output: string | undefined;
  for (const v of given) {
    if (!isInputFormat(v)) output = v;
    else {
      ctx.io.err(
        `costguard: warning: --format ${v} is now --input-format ${v}; --format chooses the output.`,
      );
      input ??= v;
    }
  }
  return { ...(input ? { input } : {}), output: outputFormat(ctx.io, OUTPUT, output) };
}

/** Files named, and the export files inside folders named (sorted, one level deep). */
export function expandPaths(paths: readonly string[]): string[] {
  const files: string[] = [];
  for (const p of paths) {
    let isDir = false;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      // Not found: let the reader report it with the file's name.
    }
    if (!isDir) {
      files.push(p);
      continue;
    }
    const inside = readdirSync(p)
      // CUR delivers a <report>-Manifest.json next to its part files: metadata, not cost rows.
      .filter((f) => fileKind(f) !== undefined && !/manifest\.json$/i.test(f))
      .sort()
      .map((f) => join(p, f));
    if (inside.length === 0)
      throw new InvalidInputError(`${p}: the folder holds no .csv, .csv.gz, .parquet or .jsonl file.`);
    files.push(...inside);
  }
  return files;
}

export async function runImport(
  ctx: CliContext,
  paths: readonly string[],
  opts: ImportOptions,
): Promise<ImportSummary> {
  const formats = importFormats(ctx, opts);
  const config = ctx.wiring?.config ?? loadConfig(opts.config);
  const files = expandPaths(paths);
  const bytes = fileSizes(files).reduce((a, b) => a + b, 0);
  return withWiring(
    ctx,
    opts,
    async (w) => {
      const bar = progressBar(ctx.io, bytes, 'importing');
      let summary: ImportSummary;
      try {
        summary = await importFiles({
          exports: openExportFiles,
          files,
          attribution: config.attribution,
          store: w.cost,
          clock: ctx.clock,
          billedFromAmortized: config.imports.billedFromAmortized,
          ...(config.attribution.clusters.length ? { allocations: await w.allocations() } : {}),
          ...(opts.source ? { source: opts.source } : {}),
          ...(formats.input ? { format: formats.input } : {}),
          onProgress: (p) => bar.update(p.fraction, p.file),
        });
      } finally {
        bar.stop();
      }
      if (formats.output === 'json') ctx.io.out(JSON.stringify(importJson(summary)));
      else ctx.io.out(importText(ctx, summary, w.path));
      return summary;
    },
    config,
  );
}

function importJson(s: ImportSummary) {
  return {
    id: s.record.id,
    format: s.format,
    source: s.record.source,
    days: daysCovered(s),
    providers: [...new Set(s.record.scopes.map((x) => x.provider))],
    currencies: s.totals.map((t) => t.currency),
    files: s.files,
    rows: s.record.rowCount,
    facts: s.record.factCount,
    billedUnavailable: s.billedUnavailable,
    scopes: s.record.scopes,
    totals: s.totals.map((t) => ({
      currency: t.currency,
      billedCost: moneyToNumber(t.billedCost),
      effectiveCost: moneyToNumber(t.effectiveCost),
      listCost: moneyToNumber(t.listCost),
    })),
    unattributed: s.unattributedEffective.map((u) => ({
      currency: u.currency,
      effectiveCost: moneyToNumber(u.cost),
    })),
  };
}

function importText(ctx: CliContext, s: ImportSummary, db: string): string {
  const mb = (s.files.reduce((a, f) => a + f.bytes, 0) / 1e6).toFixed(1);
  const lines = [
    `${paint(ctx.io, 'green', 'Imported')} ${s.files.length} ${s.format} file${s.files.length === 1 ? '' : 's'} ` +
      `(${groupThousands(String(s.record.rowCount))} rows, ${mb} MB) into ${db}: ${groupThousands(String(s.record.factCount))} daily facts.`,
  ];
  const days = daysCovered(s);
  const variants = s.files.filter((f) => f.variant).map((f) => `${f.file} (${f.variant} cost)`);
  if (variants.length) lines.push(`  read as: ${variants.join(', ')}`);
  if (s.billedUnavailable)
    lines.push(
      `  ${paint(ctx.io, 'yellow', 'billed cost: not in these files')} (amortized cost only): reports by billed ` +
        'cost refuse these days until the actual-cost files are imported with them ' +
        '(or set imports.billedFromAmortized: true to take it from the amortized cost).',
    );
  lines.push(
    `  ${days.count} day${days.count === 1 ? '' : 's'} (${days.from ?? '-'} .. ${days.to ?? '-'}); ` +
      `providers: ${[...new Set(s.record.scopes.map((x) => x.provider))].join(', ') || '-'}; ` +
      `currencies: ${s.totals.map((t) => t.currency).join(', ') || '-'}`,
  );
  for (const scope of s.record.scopes) {
    const account = `${scope.provider} ${scope.billingAccountId || '(no billing account)'}`;
    const p = scope.billingPeriod;
    if (!p) lines.push(`  ${account}: ${scope.from} .. ${scope.to} (replaced)`);
    else {
      // Rows of the period dated outside it are corrections: added to those days, not replacing them.
      const before = scope.from < p.from ? ` from ${scope.from}` : '';
      const after = scope.to > p.to ? ` to ${scope.to}` : '';
      lines.push(
        `  ${account}: billing period ${p.from} .. ${p.to} (replaced)` +
          (before || after
            ? `; its corrections dated outside it (${`${before}${after}`.trim()}) are added to those days`
            : ''),
      );
    }
  }
  for (const t of s.totals) {
    const untagged = s.unattributedEffective.find((u) => u.currency === t.currency)?.cost ?? 0n;
    const share = t.effectiveCost !== 0n ? Number((untagged * 10000n) / t.effectiveCost) / 100 : 0;
    lines.push(
      `  ${t.currency}: billed ${groupThousands(formatMoney(t.billedCost))}, effective ${groupThousands(formatMoney(t.effectiveCost))}, ` +
        `unattributed model ${groupThousands(formatMoney(untagged))} (${share.toFixed(1)}% of effective)`,
    );
  }
  return lines.join('\n');
}

/** First and last day with charges in the import and how many days that spans. */
function daysCovered(s: ImportSummary): { from?: string; to?: string; count: number } {
  const from = s.chargeDays?.from;
  const to = s.chargeDays?.to;
  if (!from || !to) return { count: 0 };
  return { from, to, count: daysBetween(from, to) + 1 };
}
