import type { ClusterResult } from '../../app/cluster-ingest.js';
import { ingest, type SourceResult } from '../../app/ingest.js';
import { ConfigError } from '../../config/errors.js';
import { loadConfig } from '../../config/load.js';
import type { CostguardConfig } from '../../config/schema.js';
import { type BillingSource, trailingWindow } from '../../core/billing-source.js';
import type { DayRange } from '../../core/day.js';
import { utcDay } from '../../core/day.js';
import { CostguardError, InvalidInputError } from '../../core/errors.js';
import { formatMoney, type Money, moneyToNumber } from '../../core/money.js';
import type { CostStore } from '../../core/ports.js';
import { CLOUD_IDS } from '../../core/providers.js';
import type { ReconciliationEntry } from '../../core/reconciliation.js';
import { SOURCE_REGISTRY } from '../../sources/registry.js';
import type { CliContext } from '../context.js';
import { outputFormat, parseClouds } from '../conventions.js';
import { parseDay } from '../dates.js';
import { groupThousands, paint } from '../output.js';
import { withWiring } from '../wiring.js';
import { clusterProgress, clusterResultJson, clustersToPull, pullClusters } from './clusters.js';

export interface IngestOptions {
  config?: string;
  db?: string;
  from?: string;
  to?: string;
  source?: string;
  dryRun?: boolean;
  format?: string;
}

export function ingestRange(ctx: CliContext, config: CostguardConfig, opts: IngestOptions): DayRange {
  const today = utcDay(ctx.clock.now());
  const window = trailingWindow(today, config.sources);
  const from = opts.from ? parseDay('--from', opts.from) : window.from;
  const to = opts.to ? parseDay('--to', opts.to) : today;
  if (from > to) throw new InvalidInputError(`--from ${from} is after --to ${to}.`);
  return { from, to };
}

/** Splits a --source list into clouds and `opencost` (the clusters' allocations). */
export function splitSourceList(names?: string): { clouds?: string; opencost: boolean } {
  if (names === undefined) return { opencost: true };
  const list = names.split(',').map((s) => s.trim().toLowerCase());
  const clouds = list.filter((s) => s !== 'opencost' && s !== '');
  const opencost = list.includes('opencost');
  return { ...(clouds.length || !opencost ? { clouds: clouds.join(',') } : {}), opencost };
}

export function selectSources(config: CostguardConfig, names?: string): BillingSource[] {
  const wanted = parseClouds(names);
  const sources: BillingSource[] = [];
  for (const name of wanted ?? CLOUD_IDS) {
    const source = SOURCE_REGISTRY[name].make(config.sources);
    if (source) sources.push(source);
    else if (wanted)
      throw new ConfigError(`--source ${name}: the config has no enabled sources.${name} section.`);
  }
  if (sources.length === 0) {
    throw new ConfigError(
      `no live billing source is configured: add a sources.aws, sources.gcp or sources.azure section to the config.`,
    );
  }
  return sources;
}

export interface IngestDeps {
  /** Wraps the store the facts are written to (companion stores keep the DuckDB one). */
  wrapStore?: (store: CostStore) => CostStore;
}

export async function runIngest(
  ctx: CliContext,
  opts: IngestOptions,
  deps: IngestDeps = {},
): Promise<SourceResult[]> {
  const format = outputFormat(ctx.io, { formats: ['table', 'json'] }, opts.format);
  const config = ctx.wiring?.config ?? loadConfig(opts.config);
  const range = ingestRange(ctx, config, opts);
  const wanted = splitSourceList(opts.source);
  const clusters = wanted.opencost ? clustersToPull(config) : [];
  if (opts.source !== undefined && wanted.opencost && clusters.length === 0)
    throw new ConfigError('--source opencost: no cluster in attribution.clusters has an opencost.url.');
  // Only `--source opencost`: no cloud. Otherwise the clouds asked for, or every configured one (there
  // must be one unless clusters are all there is to pull).
  const onlyOpenCost = opts.source !== undefined && wanted.clouds === undefined;
  const sources =
    onlyOpenCost || (opts.source === undefined && clusters.length > 0 && !anyCloud(config))
      ? []
      : selectSources(config, wanted.clouds || undefined);
  let clusterResults: ClusterResult[] = [];
  const results: SourceResult[] = await withWiring(
    ctx,
    opts,
    async (w) => {
      // Allocations first: the clouds' cluster spend is then split as it is written.
      if (clusters.length)
        clusterResults = await pullClusters(ctx, config, w, clusters, range, opts.dryRun === true);
      if (sources.length === 0) return [];
      return ingest({
        sources,
        range,
        attribution: config.attribution,
        store: deps.wrapStore ? deps.wrapStore(w.cost) : w.cost,
        status: await w.sources(),
        subAccounts: await w.subAccounts(),
        coverage: await w.tagCoverage(),
        clock: ctx.clock,
        dryRun: opts.dryRun === true,
        onSourceStart: (s) =>
          ctx.io.err(`${s}: pulling ${range.from} .. ${range.to}${opts.dryRun ? ' (dry run)' : ''}`),
        allocations: await w.allocations(),
        onSourceDone: (r) => ctx.io.err(progressLine(r)),
      });
    },
    config,
  );
  if (format === 'json')
    ctx.io.out(
      JSON.stringify({
        ...ingestJson(results, opts.dryRun === true),
        ...(clusters.length ? { clusters: clusterResults.map(clusterResultJson) } : {}),
      }),
    );
  else
    ctx.io.out(
      [ingestText(ctx, results, opts.dryRun === true), ...clusterResults.map(clusterProgress)]
        .filter(Boolean)
        .join('\n'),
    );
  const clustersFailed = clusterResults.filter((r) => !r.ok).map((r) => r.cluster);
  const unreconciled = results.filter((r) => r.reconciliation?.ok === false);
  if (unreconciled.length) {
    const days = unreconciled.flatMap((r) => r.reconciliation?.mismatches ?? []);
    throw new CostguardError(
      'RECONCILIATION_MISMATCH',
      `the store does not hold what ${unreconciled.map((r) => r.source).join(', ')} sent for ${days.length} ` +
        `provider-day(s) (first: ${days[0]?.provider} ${days[0]?.day} ${days[0]?.currency}); ` +
        'their "data complete up to" was not advanced. Re-run ingest; if it persists, the store is at fault.',
    );
  }
  const failed = [
    ...results.filter((r) => !r.ok).map((r) => r.source),
    ...clustersFailed.map((c) => `opencost ${c}`),
  ];
  if (failed.length) {
    throw new CostguardError(
      'INGEST_PARTIAL',
      `${failed.length} of ${results.length + clusterResults.length} sources failed (${failed.join(', ')}); their stored data is unchanged.`,
    );
  }
  return results;
}

const exact = (m: Money) => formatMoney(m, 12);
const entryJson = (e: ReconciliationEntry) => ({
  provider: e.provider,
  day: e.day,
  currency: e.currency,
  // Exact decimal strings: the check is to the last digit, a JSON number could not carry it.
  source: { billedCost: exact(e.source.billedCost), effectiveCost: exact(e.source.effectiveCost) },
  stored: { billedCost: exact(e.stored.billedCost), effectiveCost: exact(e.stored.effectiveCost) },
  ok: e.ok,
});

/** The reconciliation of the run: counts, then every provider-day checked (mismatches first). */
export function reconciliationJson(results: readonly SourceResult[]) {
  const checked = results.flatMap((r) => r.reconciliation?.entries ?? []);
  const bad = checked.filter((e) => !e.ok);
  return {
    ok: bad.length === 0,
    checked: checked.length,
    mismatched: bad.length,
    sources: results.filter((r) => r.reconciliation).map((r) => r.source),
    entries: [...bad, ...checked.filter((e) => e.ok)].map(entryJson),
  };
}

/** A cloud section is configured and enabled (read from the config: no client is made to find out). */
const anyCloud = (config: CostguardConfig) => CLOUD_IDS.some((id) => config.sources[id]?.enabled === true);

function progressLine(r: SourceResult): string {
  if (!r.ok) return `${r.source}: failed after ${r.stats.requests} requests: ${r.error?.message}`;
  return `${r.source}: ${r.stats.rows} rows, ${r.stats.requests} requests${r.stats.bytesScanned ? `, ${r.stats.bytesScanned} bytes scanned` : ''}`;
}

export function ingestJson(results: readonly SourceResult[], dryRun: boolean) {
  return {
    dryRun,
    reconciliation: reconciliationJson(results),
    sources: results.map((r) => ({
      source: r.source,
      ok: r.ok,
      stale: r.stale,
      dataCompleteUpTo: r.dataCompleteUpTo ?? null,
      from: r.range.from,
      to: r.range.to,
      days: r.days,
      rows: r.stats.rows,
      facts: r.facts,
      requests: r.stats.requests,
      bytesScanned: r.stats.bytesScanned,
      pageRestarts: r.stats.pageRestarts,
      completeUpTo: r.completeUpTo ?? null,
      totals: r.totals.map((t) => ({
        currency: t.currency,
        billedCost: moneyToNumber(t.billedCost),
        effectiveCost: moneyToNumber(t.effectiveCost),
      })),
      errors: [
        ...(r.error ? [r.error] : []),
        ...(r.reconciliation?.ok === false ? [reconciliationError(r)] : []),
        ...(r.coverageError ? [r.coverageError] : []),
      ],
      ...(r.coverage || r.coverageError ? { tagCoverage: coverageJson(r) } : {}),
    })),
  };
}

function reconciliationError(r: SourceResult) {
  const bad = r.reconciliation?.mismatches ?? [];
  return {
    code: 'RECONCILIATION_MISMATCH',
    message: `stored totals differ from what ${r.source} sent on ${bad.length} provider-day(s): ${bad
      .slice(0, 5)
      .map((e) => `${e.day} ${e.currency}`)
      .join(', ')}`,
  };
}

/** The coverage report for scripts: counts, untagged share of spend, the worst untagged resources. */
function coverageJson(r: SourceResult) {
  const c = r.coverage;
  if (!c) return { ok: false, requests: r.coverageRequests ?? 0 };
  return {
    ok: true,
    requests: r.coverageRequests ?? 0,
    resources: c.resources,
    missingModel: c.missingModel,
    missingStage: c.missingStage,
    spend: c.spend.map((s) => ({
      currency: s.currency,
      total: moneyToNumber(s.total),
      untaggedModel: moneyToNumber(s.untaggedModel),
      unattributedModel: moneyToNumber(s.unattributedModel),
      untaggedShare: s.total === 0n ? 0 : Number((s.untaggedModel * 1_000_000n) / s.total) / 1_000_000,
      topUntaggedServices: s.topUntaggedServices.map((t) => ({
        serviceName: t.serviceName,
        cost: moneyToNumber(t.cost),
      })),
    })),
    worstUntagged: c.untagged.slice(0, 20),
  };
}

function ingestText(ctx: CliContext, results: readonly SourceResult[], dryRun: boolean): string {
  const lines: string[] = [];
  for (const r of results) {
    if (!r.ok) {
      lines.push(
        `${paint(ctx.io, 'red', 'FAILED')} ${r.source}: ${r.error?.message} (stored data unchanged` +
          `${r.dataCompleteUpTo ? `, stale: complete up to ${r.dataCompleteUpTo}` : ''})`,
      );
      continue;
    }
    const verb = dryRun ? 'Pulled (dry run, nothing written)' : 'Ingested';
    lines.push(
      `${paint(ctx.io, 'green', verb)} ${r.source} ${r.range.from} .. ${r.range.to}: ${r.days} days, ` +
        `${groupThousands(String(r.stats.rows))} rows, ${r.facts} facts, ${r.stats.requests} requests` +
        (r.stats.bytesScanned ? `, ${groupThousands(String(r.stats.bytesScanned))} bytes scanned` : '') +
        (r.completeUpTo ? `; complete up to ${r.completeUpTo}` : ''),
    );
    for (const t of r.totals) {
      lines.push(
        `  ${t.currency}: billed ${groupThousands(formatMoney(t.billedCost))}, effective ${groupThousands(formatMoney(t.effectiveCost))}`,
      );
    }
    const rec = r.reconciliation;
    if (rec?.ok === false)
      lines.push(`  ${paint(ctx.io, 'red', 'RECONCILIATION FAILED')}: ${reconciliationError(r).message}`);
    else if (rec) lines.push(`  reconciled: ${rec.entries.length} provider-days match the source exactly`);
    if (r.stats.pageRestarts)
      lines.push(`  ${r.stats.pageRestarts} paged queries restarted after an expired paging token`);
    if (r.coverage) {
      const c = r.coverage;
      lines.push(
        `  tag coverage: ${c.resources} resources, ${c.missingModel} without a model tag, ${c.missingStage} without a stage tag`,
      );
    } else if (r.coverageError) {
      lines.push(`  ${paint(ctx.io, 'yellow', 'tag coverage failed')}: ${r.coverageError.message}`);
    }
  }
  return lines.join('\n');
}
