import type { CostFact } from '../cost-fact.js';
import type { Money } from '../money.js';
import { clusterRuleMark, idleModel, parseClusterMark, unsplitModel } from './match.js';
import type { ClusterAllocation, ClusterSpec } from './types.js';

/** One cluster over a range of days, per currency: what the rollup, the page and `costguard clusters` show. */
export interface ClusterSummary {
  cluster: string;
  currency: string;
  /** Everything the bill charged the cluster (split or not), effective cost. */
  total: Money;
  /** The part split per workload, by model (idle and unsplit excluded), largest first. */
  models: { model: string; cost: Money }[];
  /** Idle capacity's share of the bill (the `<cluster> idle` model). */
  idle: Money;
  /** Spend not split, and its days: OpenCost had no allocations for them (unreachable, not pulled yet). */
  unsplit: Money;
  unsplitDays: string[];
  /** OpenCost's GPU-hours: requested by workloads and idle, over the range; share idle (null: no GPUs). */
  gpuHours: number;
  idleGpuHours: number;
  gpuIdleShare: number | null;
}

/** Summaries of the configured clusters from the facts and allocations of a range. */
export function clusterSummaries(
  facts: readonly CostFact[],
  allocations: readonly ClusterAllocation[],
  clusters: readonly ClusterSpec[],
): ClusterSummary[] {
  const out: ClusterSummary[] = [];
  for (const spec of clusters) {
    const mine = facts.filter((f) => {
      const mark = parseClusterMark(f.modelBy);
      return (mark && mark.cluster === spec.name) || f.modelBy === clusterRuleMark(spec.name);
    });
    const hours = allocations.filter((a) => a.cluster === spec.name);
    const gpuHours = hours.reduce((a, x) => a + x.gpuHours, 0);
    const idleGpuHours = hours.filter((x) => x.idle).reduce((a, x) => a + x.gpuHours, 0);
    const currencies = [...new Set(mine.map((f) => f.currency))].sort();
    for (const currency of currencies.length ? currencies : ['USD']) {
      const facts = mine.filter((f) => f.currency === currency);
      const sum = (fs: readonly CostFact[]) => fs.reduce((a, f) => a + f.effectiveCost, 0n);
      const byModel = new Map<string, Money>();
      for (const f of facts) {
        if (f.model === idleModel(spec.name) || f.model === unsplitModel(spec.name)) continue;
        byModel.set(f.model, (byModel.get(f.model) ?? 0n) + f.effectiveCost);
      }
      const unsplit = facts.filter((f) => f.model === unsplitModel(spec.name));
      out.push({
        cluster: spec.name,
        currency,
        total: sum(facts),
        models: [...byModel]
          .map(([model, cost]) => ({ model, cost }))
          .sort((a, b) => (a.cost === b.cost ? (a.model < b.model ? -1 : 1) : a.cost > b.cost ? -1 : 1)),
        idle: sum(facts.filter((f) => f.model === idleModel(spec.name))),
        unsplit: sum(unsplit),
        unsplitDays: [...new Set(unsplit.map((f) => f.day))].sort(),
        gpuHours,
        idleGpuHours,
        gpuIdleShare: gpuHours > 0 ? idleGpuHours / gpuHours : null,
      });
    }
  }
  return out;
}
