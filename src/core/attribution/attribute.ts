import { type ClusterHit, clusterRuleMark, compileClusterMatcher } from '../clusters/match.js';
import { lumpResolution } from '../clusters/split.js';
import { type CostFact, type FactKey, factKeyString, mergeFacts } from '../cost-fact.js';
import type { CostLine } from '../cost-line.js';
import { compileResolver, type Resolution } from './resolve.js';
import { type SharedPool, splitShared } from './shared-costs.js';
import { normalizeTagValue } from './tags.js';
import type { AttributionConfig } from './types.js';

function keyOf(line: CostLine, r: Resolution): FactKey {
  return {
    day: line.day,
    provider: line.provider,
    billingAccountId: line.billingAccountId,
    subAccountId: line.subAccountId,
    serviceName: line.serviceName,
    regionId: line.regionId,
    model: r.model,
    stage: r.stage,
    currency: line.currency,
    modelBy: r.modelBy,
    stageBy: r.stageBy,
  };
}

/**
 * Streaming attribution: feed lines with `add`, then `finish` returns the daily facts. Memory grows
 * with the number of distinct facts, not lines. Facts of lines that a shared-cost entry selects are
 * held apart and split across models in `finish`, once every day's attributed spend is known.
 */
export class Attributor {
  private readonly resolve: (line: CostLine) => Resolution;
  private readonly cluster?: (line: CostLine) => ClusterHit | undefined;
  private readonly facts = new Map<string, CostFact>();
  private readonly pools = new Map<string, SharedPool>();
  private readonly byAttributionKey = new WeakMap<object, Resolved>();
  private lines = 0;

  constructor(private readonly config: AttributionConfig) {
    this.resolve = compileResolver(config);
    if (config.clusters?.length) this.cluster = compileClusterMatcher(config.clusters);
  }

  get lineCount(): number {
    return this.lines;
  }

  add(line: CostLine): void {
    this.lines += 1;
    const { r, base, rest } = this.resolved(line);
    const id = `${line.day}${rest}`;
    const rows = line.rowCount ?? 1;
    if (r.shared) {
      const poolId = `${r.shared.name}\u001e${id}`;
      const pool = this.pools.get(poolId);
      if (pool) addTo(pool.fact, line, rows);
      else this.pools.set(poolId, { spec: r.shared, fact: newFact(base, line, rows) });
      return;
    }
    const prev = this.facts.get(id);
    if (prev) addTo(prev, line, rows);
    else this.facts.set(id, newFact(base, line, rows));
  }

  /** The line's resolution and fact key but the day, computed once per attributionKey when there is one. */
  private resolved(line: CostLine): Resolved {
    const token = line.attributionKey;
    let hit = token && this.byAttributionKey.get(token);
    if (!hit) {
      const r = line.attributed
        ? preAttributed(line.attributed)
        : (this.ofCluster(line) ?? this.resolve(line));
      const base = keyOf(line, r);
      // factKeyString starts with the day, so the day followed by `rest` is the whole key string.
      hit = { r, base, rest: factKeyString({ ...base, day: '' }) };
      if (token) this.byAttributionKey.set(token, hit);
    }
    return hit;
  }

  /**
   * A line of a Kubernetes cluster: one lump per cluster and basis, split per workload later
   * (core/clusters/split.ts) when the day's allocations are known, or given to a named model.
   */
  private ofCluster(line: CostLine): Resolution | undefined {
    const hit = this.cluster?.(line);
    if (!hit) return undefined;
    const none = this.config.unattributed;
    if (typeof hit.to === 'string') return lumpResolution(hit.cluster.name, hit.to, none);
    const valueCase = this.config.tagValueCase ?? 'lower';
    const by = clusterRuleMark(hit.cluster.name);
    const stage = hit.to.stage === undefined ? undefined : normalizeTagValue(hit.to.stage, valueCase);
    return {
      model: normalizeTagValue(hit.to.model, valueCase),
      stage: stage ?? none,
      modelBy: by,
      stageBy: stage === undefined ? 'unattributed' : by,
    };
  }

  /** The daily facts, sorted by key. */
  finish(): CostFact[] {
    if (this.pools.size === 0) {
      // Keys are unique already: sort by them instead of merging again.
      return [...this.facts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, f]) => f);
    }
    const own = [...this.facts.values()];
    const split = splitShared(own, [...this.pools.values()], this.config.unattributed);
    return mergeFacts([...own, ...split]);
  }
}

/** A line attributed before (an exported FOCUS file read back): kept as it was, never split again. */
function preAttributed(a: NonNullable<CostLine['attributed']>): Resolution {
  return {
    model: a.model,
    stage: a.stage,
    modelBy: a.modelBy || 'x_model',
    stageBy: a.stageBy || 'x_stage',
  };
}

interface Resolved {
  r: Resolution;
  base: FactKey;
  rest: string;
}

/** A fact of `key` (its day taken from the line) holding the line's amounts. */
function newFact(key: FactKey, line: CostLine, rows: number): CostFact {
  // One literal with every field, not spreads: V8 then gives all facts one fast shape, which matters at
  // millions of lines.
  return {
    day: line.day,
    provider: key.provider,
    billingAccountId: key.billingAccountId,
    subAccountId: key.subAccountId,
    serviceName: key.serviceName,
    regionId: key.regionId,
    model: key.model,
    stage: key.stage,
    currency: key.currency,
    modelBy: key.modelBy,
    stageBy: key.stageBy,
    billedCost: line.billedCost,
    effectiveCost: line.effectiveCost,
    listCost: line.listCost,
    rowCount: rows,
  };
}

function addTo(fact: CostFact, line: CostLine, rows: number): void {
  fact.billedCost += line.billedCost;
  fact.effectiveCost += line.effectiveCost;
  fact.listCost += line.listCost;
  fact.rowCount += rows;
}

/** Attributes lines to daily facts. Invariant: per currency and metric, facts sum to the lines' sum. */
export function attribute(lines: Iterable<CostLine>, config: AttributionConfig): CostFact[] {
  const a = new Attributor(config);
  for (const line of lines) a.add(line);
  return a.finish();
}
