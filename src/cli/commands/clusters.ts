import { readFileSync } from 'node:fs';
import { type ClusterResult, ingestClusters, storeAllocations } from '../../app/cluster-ingest.js';
import { ConfigError } from '../../config/errors.js';
import { loadConfig } from '../../config/load.js';
import type { CostguardConfig } from '../../config/schema.js';
import { type ClusterSummary, clusterSummaries } from '../../core/clusters/summary.js';
import type { ClusterSpec } from '../../core/clusters/types.js';
import { addDays, type DayRange, utcDay } from '../../core/day.js';
import { InvalidInputError } from '../../core/errors.js';
import { formatMoney, moneyToNumber } from '../../core/money.js';
import { readOpenCostCsv } from '../../sources/opencost/csv-export.js';
import { openCostPull } from '../../sources/opencost/pull.js';
import type { CliContext } from '../context.js';
import { outputFormat } from '../conventions.js';
import { parseDay } from '../dates.js';
import { groupThousands, paint, renderTable } from '../output.js';
import { type StoreWiring, withStore } from '../wiring.js';

/** The clusters `ingest` pulls: those with an OpenCost URL, or the named ones (which must have one). */
export function clustersToPull(config: CostguardConfig, names?: readonly string[]): ClusterSpec[] {
  const all = config.attribution.clusters;
  if (!names) return all.filter((c) => c.opencost);
  return names.map((n) => {
    const c = all.find((x) => x.name === n);
    if (!c)
      throw new ConfigError(
        `no cluster "${n}" in attribution.clusters (${all.map((x) => x.name).join(', ') || 'none'}).`,
      );
    if (!c.opencost)
      throw new ConfigError(
        `cluster ${n} has no opencost.url: add one, or import its OpenCost CSV export (costguard clusters import).`,
      );
    return c;
  });
}

/** Pulls the clusters' allocations and re-splits their stored spend (the first step of `ingest`). */
export async function pullClusters(
  ctx: CliContext,
  config: CostguardConfig,
  w: StoreWiring,
  clusters: readonly ClusterSpec[],
  range: DayRange,
  dryRun: boolean,
): Promise<ClusterResult[]> {
  return ingestClusters({
    clusters,
    pull: openCostPull(config.sources),
    range,
    store: w.cost,
    allocations: await w.allocations(),
    attribution: config.attribution,
    clock: ctx.clock,
    dryRun,
    onClusterDone: (r) => ctx.io.err(clusterProgress(r)),
  });
}

export function clusterProgress(r: ClusterResult): string {
  if (!r.ok)
    return `opencost ${r.cluster}: failed after ${r.requests} requests: ${r.error?.message} (its spend stays as stored)`;
  const split = r.resplit
    ? `, ${r.resplit.written ? `re-split ${r.resplit.read} stored cluster facts` : 'stored split unchanged'}`
    : '';
  return `opencost ${r.cluster}: ${r.allocations} allocations on ${r.days.length} days, ${r.requests} requests${split}`;
}

export const clusterResultJson = (r: ClusterResult) => ({
  cluster: r.cluster,
  ok: r.ok,
  from: r.range.from,
  to: r.range.to,
  allocations: r.allocations,
  days: r.days.length,
  requests: r.requests,
  resplitFacts: r.resplit?.written ?? 0,
  errors: r.error ? [r.error] : [],
});

export interface ClustersOptions {
  config?: string;
  db?: string;
  store?: string;
  from?: string;
  to?: string;
  format?: string;
}

/** `costguard clusters`: each cluster's bill over the range, split per model, its idle and unsplit spend. */
export async function runClusters(ctx: CliContext, opts: ClustersOptions): Promise<ClusterSummary[]> {
  const format = outputFormat(ctx.io, { formats: ['table', 'json'] }, opts.format);
  const config = ctx.wiring?.config ?? loadConfig(opts.config);
  const clusters = config.attribution.clusters;
  if (clusters.length === 0)
    throw new ConfigError('no clusters configured: add an attribution.clusters list (docs/config.md).');
  const yesterday = addDays(utcDay(ctx.clock.now()), -1);
  const to = opts.to ? parseDay('--to', opts.to) : yesterday;
  const from = opts.from ? parseDay('--from', opts.from) : `${to.slice(0, 8)}01`;
  if (from > to) throw new InvalidInputError(`--from ${from} is after --to ${to}.`);
  const summaries = await withStore(
    ctx,
    opts,
    async (w) => {
      const [facts, allocations] = await Promise.all([
        w.cost.queryFacts({ from, to }),
        (await w.allocations()).queryAllocations({ from, to, clusters: clusters.map((c) => c.name) }),
      ]);
      return clusterSummaries(facts, allocations, clusters);
    },
    config,
  );
  if (format === 'json') ctx.io.out(JSON.stringify({ from, to, clusters: summaries.map(summaryJson) }));
  else ctx.io.out(summaryTable(ctx, from, to, summaries));
  return summaries;
}

const summaryJson = (s: ClusterSummary) => ({
  cluster: s.cluster,
  currency: s.currency,
  total: moneyToNumber(s.total),
  idle: moneyToNumber(s.idle),
  unsplit: moneyToNumber(s.unsplit),
  unsplitDays: s.unsplitDays,
  gpuHours: s.gpuHours,
  idleGpuHours: s.idleGpuHours,
  gpuIdleShare: s.gpuIdleShare,
  models: s.models.map((m) => ({ model: m.model, cost: moneyToNumber(m.cost) })),
});

function summaryTable(
  ctx: CliContext,
  from: string,
  to: string,
  summaries: readonly ClusterSummary[],
): string {
  const m = (x: bigint) => groupThousands(formatMoney(x, 2));
  const rows = summaries.map((s) => [
    s.cluster,
    s.currency,
    m(s.total),
    m(s.idle),
    s.gpuIdleShare === null ? '' : `${Math.round(s.gpuIdleShare * 100)}%`,
    s.models
      .slice(0, 3)
      .map((x) => `${x.model} ${m(x.cost)}`)
      .join(', '),
    s.unsplit === 0n ? '' : paint(ctx.io, 'yellow', `${m(s.unsplit)} on ${s.unsplitDays.length} day(s)`),
  ]);
  const r = (header: string) => ({ header, align: 'right' as const });
  const l = (header: string) => ({ header });
  const table = renderTable(
    [l('cluster'), l('currency'), r('billed'), r('idle'), r('GPU idle'), l('top models'), l('not split')],
    rows,
  );
  const unsplit = summaries.filter((s) => s.unsplit !== 0n);
  const note = unsplit.length
    ? `\nNot split: OpenCost had no allocations for those days (unreachable or not pulled). \`costguard ingest --source opencost\` (or \`costguard clusters import\`) splits them.`
    : '';
  return `Shared GPU clusters, ${from} to ${to} (effective cost)\n${table}${note}`;
}

export interface ClustersImportOptions {
  config?: string;
  db?: string;
  store?: string;
  cluster?: string;
  dryRun?: boolean;
  format?: string;
}

/** `costguard clusters import FILE --cluster NAME`: an OpenCost CSV export, then the stored spend re-split. */
export async function runClustersImport(
  ctx: CliContext,
  file: string,
  opts: ClustersImportOptions,
): Promise<ClusterResult> {
  const format = outputFormat(ctx.io, { formats: ['table', 'json'] }, opts.format);
  const config = ctx.wiring?.config ?? loadConfig(opts.config);
  const names = config.attribution.clusters.map((c) => c.name);
  const cluster = opts.cluster ?? (names.length === 1 ? names[0] : undefined);
  if (!cluster || !names.includes(cluster))
    throw new InvalidInputError(
      `--cluster must name one of attribution.clusters (${names.join(', ') || 'none configured'})${opts.cluster ? `; got "${opts.cluster}"` : ''}.`,
    );
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InvalidInputError(`cannot read ${file}: ${(e as Error).message}`);
  }
  const { allocations, range } = readOpenCostCsv(text, cluster);
  // Either store: the deployed table takes the allocations and re-splits its facts the same way.
  const result = await withStore(
    ctx,
    opts,
    async (w) =>
      storeAllocations(
        {
          store: w.cost,
          allocations: await w.allocations(),
          attribution: config.attribution,
          clock: ctx.clock,
          dryRun: opts.dryRun === true,
        },
        cluster,
        allocations,
        range,
      ),
    config,
  );
  if (format === 'json')
    ctx.io.out(JSON.stringify({ dryRun: opts.dryRun === true, ...clusterResultJson(result) }));
  else
    ctx.io.out(
      `${clusterProgress(result).replace(/^opencost /, `${file}: `)}${opts.dryRun ? ' (dry run: nothing written)' : ''}`,
    );
  return result;
}
