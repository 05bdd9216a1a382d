import type { CostFact } from '../cost-fact.js';
import { moneyFromNumber, splitExact } from '../money.js';
import type { SharedCostSpec } from './types.js';

/** Cost selected by one shared-cost entry, summed per fact key, waiting to be split. */
export interface SharedPool {
  spec: SharedCostSpec;
  fact: CostFact;
}

const basisKey = (f: Pick<CostFact, 'day' | 'provider' | 'currency'>) =>
  `${f.day}\u001f${f.provider}\u001f${f.currency}`;

/** Effective spend per model and (day, provider, currency), the basis of proportional and even splits. */
function spendIndex(own: readonly CostFact[], unattributed: string): Map<string, Map<string, bigint>> {
  const index = new Map<string, Map<string, bigint>>();
  for (const f of own) {
    if (f.model === unattributed) continue;
    const k = basisKey(f);
    let models = index.get(k);
    if (!models) {
      models = new Map();
      index.set(k, models);
    }
    models.set(f.model, (models.get(f.model) ?? 0n) + f.effectiveCost);
  }
  return index;
}

function targets(spec: SharedCostSpec, spend: ReadonlyMap<string, bigint> | undefined): [string, bigint][] {
  // Config names models in lower case; with attribution.tagValueCase: keep, facts may not: a configured
  // model takes the case its tagged spend has that day.
  const seen = new Map([...(spend?.keys() ?? [])].map((m) => [m.toLowerCase(), m]));
  const asSeen = (m: string) => seen.get(m.toLowerCase()) ?? m;
  if (spec.split === 'weights') {
    return Object.entries(spec.weights ?? {})
      .map(([m, w]): [string, bigint] => [asSeen(m), moneyFromNumber(w)])
      .filter(([, w]) => w > 0n);
  }
  const among = spec.among ? new Set(spec.among.map((m) => m.toLowerCase())) : undefined;
  const active = [...(spend ?? new Map<string, bigint>()).entries()].filter(
    ([m, s]) => s > 0n && (!among || among.has(m.toLowerCase())),
  );
  if (spec.split === 'even') {
    const models = spec.among ? spec.among.map(asSeen) : active.map(([m]) => m);
    return models.map((m) => [m, 1n]);
  }
  return active;
}

/**
 * Splits each pool across models. The parts of every metric add up to the pool exactly (largest
 * remainder, ties to the model that sorts first). A pool with no model to go to (no attributed spend
 * that day) stays `unattributed` rather than vanishing.
 */
export function splitShared(
  own: readonly CostFact[],
  pools: readonly SharedPool[],
  unattributed: string,
): CostFact[] {
  if (pools.length === 0) return [];
  const index = spendIndex(own, unattributed);
  const out: CostFact[] = [];
  for (const { spec, fact } of pools) {
    const to = targets(spec, index.get(basisKey(fact))).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (to.length === 0) {
      out.push({ ...fact, model: unattributed, modelBy: 'unattributed' });
      continue;
    }
    const weights = to.map(([, w]) => w);
    const billed = splitExact(fact.billedCost, weights);
    const effective = splitExact(fact.effectiveCost, weights);
    const list = splitExact(fact.listCost, weights);
    const rows = splitExact(BigInt(fact.rowCount), weights);
    to.forEach(([model], i) => {
      out.push({
        ...fact,
        model,
        modelBy: `shared:${spec.name}`,
        billedCost: billed[i] ?? 0n,
        effectiveCost: effective[i] ?? 0n,
        listCost: list[i] ?? 0n,
        rowCount: Number(rows[i] ?? 0n),
      });
    });
  }
  return out;
}
