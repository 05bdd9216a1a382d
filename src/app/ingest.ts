import { randomUUID } from 'node:crypto';
import { Attributor } from '../core/attribution/attribute.js';
import type { AttributionConfig } from '../core/attribution/types.js';
import {
  type BillingSource,
  completeUpTo,
  emptyStats,
  type PullStats,
  type SourceStatusStore,
} from '../core/billing-source.js';
import { carveOut } from '../core/clusters/carve.js';
import { clusterTagFilter } from '../core/clusters/match.js';
import type { AllocationStore } from '../core/clusters/types.js';
import type { CostFact } from '../core/cost-fact.js';
import type { CostLine } from '../core/cost-line.js';
import type { DayRange } from '../core/day.js';
import { utcDay } from '../core/day.js';
import { errorSummary } from '../core/errors.js';
import { withinScopes } from '../core/import-scopes.js';
import type { Money } from '../core/money.js';
import type { Clock, CostStore, ImportRecord, ImportScope } from '../core/ports.js';
import { PROVIDERS } from '../core/providers.js';
import { type Reconciliation, reconcile } from '../core/reconciliation.js';
import { type SubAccountStore, subAccountsOf } from '../core/sub-accounts.js';
import { coverageReport, type TagCoverageReport, type TagCoverageStore } from '../core/tag-coverage.js';
import { splitWithStoredAllocations } from './cluster-split.js';
import { widenDiscovered } from './ingest-scopes.js';

export interface IngestInput {
  sources: readonly BillingSource[];
  range: DayRange;
  attribution: AttributionConfig;
  store: CostStore;
  status: SourceStatusStore;
  clock: Clock;
  /** Where the sub-account names the clouds report go (for reports); optional. */
  subAccounts?: SubAccountStore;
  /** Where tag coverage reports go, for sources that list their resources; optional. */
  coverage?: TagCoverageStore;
  /** OpenCost allocations, to split the spend of Kubernetes clusters (attribution.clusters); optional. */
  allocations?: AllocationStore;
  /** Pull and attribute, but write nothing. */
  dryRun?: boolean;
  onSourceStart?: (source: string) => void;
  onSourceDone?: (result: SourceResult) => void;
}

export interface SourceResult {
  source: string;
  ok: boolean;
  range: DayRange;
  /** Days of the range that had cost. */
  days: number;
  stats: PullStats;
  facts: number;
  totals: { currency: string; billedCost: Money; effectiveCost: Money }[];
  /** The last day the cloud considers final, when this run established one. */
  completeUpTo?: string;
  /**
   * "Data complete up to" as the store holds it after the run (what the rollup shows): for a source
   * that failed, the day an earlier run established, which this run did not advance.
   */
  dataCompleteUpTo?: string;
  /** The source failed or its data did not reconcile: its stored data is older than this run. */
  stale: boolean;
  /**
   * Per provider, day and currency of the pull: the stored total after the write against the total
   * the source sent. Absent when nothing was written (failure, dry run).
   */
  reconciliation?: Reconciliation;
  importId?: string;
  error?: { code: string; message: string };
  /** The tag coverage report, for sources that list their resources. */
  coverage?: TagCoverageReport;
  /** Requests the coverage report made (free APIs, kept apart from the billed pull requests). */
  coverageRequests?: number;
  /** The coverage report failed; the cost data was still written. */
  coverageError?: { code: string; message: string };
}

/**
 * One ingest run: each source is pulled over the range, attributed, and its facts replace what the
 * store held for the source's (provider, billing account, sub-accounts, days), atomically. Sources run
 * one after another and in isolation: a source that fails (credentials, outage, throttling past the
 * retry budget) writes nothing, keeps its old data, and does not stop the others.
 */
export async function ingest(input: IngestInput): Promise<SourceResult[]> {
  const results: SourceResult[] = [];
  for (const source of input.sources) {
    input.onSourceStart?.(source.name);
    const result = await ingestOne(source, input);
    input.onSourceDone?.(result);
    results.push(result);
  }
  const status = new Map((await input.status.list()).map((s) => [s.source, s.completeUpTo]));
  return results.map((r) => {
    const day = status.get(r.source);
    return day ? { ...r, dataCompleteUpTo: day } : r;
  });
}

async function ingestOne(source: BillingSource, input: IngestInput): Promise<SourceResult> {
  const stats = emptyStats();
  const base = { source: source.name, range: input.range, stats, stale: false };
  try {
    const pull = await source.pull(input.range, stats);
    pull.lines = await withClusterLines(source, pull.lines, input, stats);
    const attributor = new Attributor(input.attribution);
    const days = new Set<string>();
    for (const line of pull.lines) {
      attributor.add(line);
      days.add(line.day);
    }
    const facts = await splitWithStoredAllocations(attributor.finish(), input.attribution, input.allocations);
    const now = input.clock.now();
    const importSource = `${source.name}-api`;
    const record: ImportRecord = {
      id: randomUUID(),
      source: importSource,
      origin: `${source.name} API ${input.range.from}..${input.range.to}`,
      scopes: await widenDiscovered(pull.scopes, importSource, input.range, input.store),
      importedAt: now.toISOString(),
      rowCount: pull.lines.length,
      factCount: facts.length,
    };
    const complete = completeUpTo(input.range, utcDay(now), pull.firstEstimatedDay);
    let reconciliation: Reconciliation | undefined;
    if (!input.dryRun) {
      await input.store.replaceFacts(record, facts);
      reconciliation = await reconcileWrite(pull.lines, record.scopes, input.store);
      // Data that does not reconcile is not "complete": the status stays where it was.
      if (complete && reconciliation.ok)
        await input.status.record({
          source: source.name,
          completeUpTo: complete,
          updatedAt: record.importedAt,
        });
      await input.subAccounts?.upsert(subAccountsOf(pull.lines, record.importedAt));
    }
    const coverage = source.resources ? await coverageOf(source, facts, record.importedAt, input) : {};
    const reconciled = reconciliation?.ok !== false;
    return {
      ...base,
      ...coverage,
      ok: true,
      stale: !reconciled,
      days: days.size,
      facts: facts.length,
      totals: totalsOf(facts),
      ...(complete && reconciled ? { completeUpTo: complete } : {}),
      ...(input.dryRun ? {} : { importId: record.id }),
      ...(reconciliation ? { reconciliation } : {}),
    };
  } catch (e) {
    return { ...base, ok: false, stale: true, days: 0, facts: 0, totals: [], error: errorSummary(e) };
  }
}

/**
 * The lines of the source with its clusters' lines carved out and tagged, for sources whose API groups
 * by too few tags to carry a cluster's (Cost Explorer, Cost Management): one filtered pull per cluster.
 */
async function withClusterLines(
  source: BillingSource,
  lines: CostLine[],
  input: IngestInput,
  stats: PullStats,
): Promise<CostLine[]> {
  if (!source.tagFilter) return lines;
  let out = lines;
  for (const cluster of input.attribution.clusters ?? []) {
    if (PROVIDERS[cluster.cloud].focusName !== source.provider) continue;
    const only = clusterTagFilter(cluster);
    const part = await source.pull(input.range, stats, only);
    out = carveOut(out, part.lines, only);
  }
  return out;
}

/**
 * The reconciliation check: reads back, from the store after the write, the facts within the
 * import's scopes and compares their totals per provider, day and currency with the lines the source
 * sent. It runs on every ingest, in production too: a store that dropped, doubled or kept a stale fact
 * shows up here, never silently.
 */
async function reconcileWrite(
  lines: readonly CostLine[],
  scopes: readonly ImportScope[],
  store: CostStore,
): Promise<Reconciliation> {
  const days = scopes.flatMap((s) => [s.from, s.to]).sort();
  const from = days[0];
  const to = days.at(-1);
  if (from === undefined || to === undefined) return reconcile(lines, []);
  const providers = [...new Set(scopes.map((s) => s.provider))];
  const stored = (await store.queryFacts({ from, to, providers })).filter((f) => withinScopes(f, scopes));
  return reconcile(lines, stored);
}

/**
 * The tag coverage report of a source that lists its resources. It runs after the cost data is
 * written, and its failure is reported without failing the source: the spend is right either way.
 */
async function coverageOf(
  source: BillingSource,
  facts: readonly CostFact[],
  takenAt: string,
  input: IngestInput,
): Promise<Pick<SourceResult, 'coverage' | 'coverageRequests' | 'coverageError'>> {
  const stats = emptyStats();
  try {
    const resources = (await source.resources?.(stats)) ?? [];
    const meta = { source: source.name, provider: source.provider, takenAt, range: input.range };
    const report = coverageReport(meta, resources, facts, input.attribution);
    if (!input.dryRun) await input.coverage?.record(report);
    return { coverage: report, coverageRequests: stats.requests };
  } catch (e) {
    return { coverageRequests: stats.requests, coverageError: errorSummary(e) };
  }
}

function totalsOf(facts: readonly { currency: string; billedCost: Money; effectiveCost: Money }[]) {
  const by = new Map<string, { currency: string; billedCost: Money; effectiveCost: Money }>();
  for (const f of facts) {
    const t = by.get(f.currency) ?? { currency: f.currency, billedCost: 0n, effectiveCost: 0n };
    t.billedCost += f.billedCost;
    t.effectiveCost += f.effectiveCost;
    by.set(f.currency, t);
  }
  return [...by.values()].sort((a, b) => (a.currency < b.currency ? -1 : 1));
}
