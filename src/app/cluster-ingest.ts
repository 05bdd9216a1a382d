import { randomUUID } from 'node:crypto';
import type { AttributionConfig } from '../core/attribution/types.js';
import { emptyStats } from '../core/billing-source.js';
import type { ClusterPull } from '../core/clusters/pull.js';
import type { AllocationStore, ClusterAllocation, ClusterSpec } from '../core/clusters/types.js';
import type { DayRange } from '../core/day.js';
import { errorSummary } from '../core/errors.js';
import type { Clock, CostStore } from '../core/ports.js';
import { type ResplitResult, resplitStored } from './cluster-split.js';

export interface ClusterWrite {
  store: CostStore;
  allocations: AllocationStore;
  attribution: AttributionConfig;
  clock: Clock;
  /** Pull, but write nothing. */
  dryRun?: boolean;
}

export interface ClusterResult {
  cluster: string;
  ok: boolean;
  range: DayRange;
  /** Allocations read, and the days they cover. */
  allocations: number;
  days: string[];
  requests: number;
  /** The store's cluster spend re-split with them (absent on failure and dry runs). */
  resplit?: ResplitResult;
  error?: { code: string; message: string };
}

/**
 * Pulls each cluster's allocations and re-splits the cluster spend the store holds on those days.
 * Clusters run one after another and in isolation: one whose OpenCost is unreachable writes nothing,
 * so its spend stays as it was (the unsplit lump where it was never split), and the next run that
 * reaches it splits those days.
 */
export async function ingestClusters(
  input: ClusterWrite & {
    clusters: readonly ClusterSpec[];
    pull: ClusterPull;
    range: DayRange;
    onClusterDone?: (r: ClusterResult) => void;
  },
): Promise<ClusterResult[]> {
  const results: ClusterResult[] = [];
  for (const cluster of input.clusters) {
    const stats = emptyStats();
    let result: ClusterResult;
    try {
      const allocations = await input.pull(cluster, input.range, stats);
      result = await storeAllocations(input, cluster.name, allocations, input.range, stats.requests);
    } catch (e) {
      result = {
        cluster: cluster.name,
        ok: false,
        range: input.range,
        allocations: 0,
        days: [],
        requests: stats.requests,
        error: errorSummary(e),
      };
    }
    input.onClusterDone?.(result);
    results.push(result);
  }
  return results;
}

/**
 * Stores a cluster's allocations day by day and re-splits its stored spend. Only days that have
 * allocations are replaced: OpenCost keeps a few weeks of metrics, so a re-pull of older days that
 * comes back empty must not erase the allocations stored when they were fresh.
 */
export async function storeAllocations(
  w: ClusterWrite,
  cluster: string,
  allocations: readonly ClusterAllocation[],
  range: DayRange,
  requests = 0,
): Promise<ClusterResult> {
  const byDay = new Map<string, ClusterAllocation[]>();
  for (const a of allocations) byDay.set(a.day, [...(byDay.get(a.day) ?? []), a]);
  const days = [...byDay.keys()].sort();
  const base = { cluster, ok: true, range, allocations: allocations.length, days, requests };
  if (w.dryRun || days.length === 0) return base;
  for (const day of days)
    await w.allocations.replaceAllocations(cluster, { from: day, to: day }, byDay.get(day) ?? []);
  const resplit = await resplitStored({
    store: w.store,
    allocations: w.allocations,
    attribution: w.attribution,
    range: { from: days[0] as string, to: days.at(-1) as string },
    clusters: [cluster],
    importedAt: w.clock.now().toISOString(),
    id: randomUUID(),
  });
  return { ...base, resplit };
}
