import { type CostFact, type FactKey, factKeyString, mergeFacts } from '../cost-fact.js';
import type { CostLine } from '../cost-line.js';
import { compileResolver, type Resolution } from './resolve.js';
import { type SharedPool, splitShared } from './shared-costs.js';
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
  private readonly facts = new Map<string, CostFact>();
  private readonly pools = new Map<string, SharedPool>();
  private lines = 0;

  constructor(private readonly config: AttributionConfig) {
    this.resolve = compileResolver(config);
  }

  get lineCount(): number {
    return this.lines;
  }

  add(line: CostLine): void {
    this.lines += 1;
    const r = this.resolve(line);
    const key = keyOf(line, r);
    const id = factKeyString(key);
    const rows = line.rowCount ?? 1;
    if (r.shared) {
      const poolId = `${r.shared.name}\u001e${id}`;
      const pool = this.pools.get(poolId);
      if (pool) addTo(pool.fact, line, rows);
      else this.pools.set(poolId, { spec: r.shared, fact: newFact(key, line, rows) });
      return;
    }
    const prev = this.facts.get(id);
    if (prev) addTo(prev, line, rows);
    else this.facts.set(id, newFact(key, line, rows));
  }

  finish(): CostFact[] {
    const own = [...this.facts.values()];
    const split = splitShared(own, [...this.pools.values()], this.config.unattributed);
    return mergeFacts([...own, ...split]);
  }
}

function newFact(key: FactKey, line: CostLine, rows: number): CostFact {
  return {
    ...key,
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
