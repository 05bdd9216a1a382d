import type { CostAmounts } from './cost-line.js';
import { foldBy } from './fold-by.js';

/**
 * How a dimension got its value: `tag:<key>` (from a resource tag), `project-tag:<key>` (from the
 * project's labels, when the resource has no tag for it), `rule:<name>` (a fallback rule),
 * `shared:<name>` (a shared-cost split), or `unattributed`.
 */
export type AttributionSource = string;

/** The key of a daily fact. */
export interface FactKey {
  day: string;
  provider: string;
  billingAccountId: string;
  subAccountId: string;
  serviceName: string;
  regionId: string;
  model: string;
  stage: string;
  currency: string;
  modelBy: AttributionSource;
  stageBy: AttributionSource;
}

/** Daily attributed cost: the unit everything downstream (reports, anomalies, budgets) reads. */
export interface CostFact extends FactKey, CostAmounts {
  /** Source rows folded into this fact. */
  rowCount: number;
  /**
   * First day of the billing period a file import read this fact from (see ImportScope.billingPeriod);
   * absent for API ingests. Not part of the key: reads sum facts across billing periods.
   */
  billingPeriod?: string;
}

export const FACT_KEY_FIELDS = [
  'day',
  'provider',
  'billingAccountId',
  'subAccountId',
  'serviceName',
  'regionId',
  'model',
  'stage',
  'currency',
  'modelBy',
  'stageBy',
] as const satisfies readonly (keyof FactKey)[];

export function factKeyString(k: FactKey): string {
  // \u001f (unit separator) cannot appear in tag values or ids we read, so joined keys never collide.
  return FACT_KEY_FIELDS.map((f) => k[f]).join('\u001f');
}

/** Sums amounts and row counts of facts with the same key; output sorted by key for determinism. */
export function mergeFacts(facts: Iterable<CostFact>): CostFact[] {
  const byKey = foldBy(
    facts,
    factKeyString,
    (f) => ({ ...f }),
    (into, f) => {
      into.billedCost += f.billedCost;
      into.effectiveCost += f.effectiveCost;
      into.listCost += f.listCost;
      into.rowCount += f.rowCount;
    },
  );
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, f]) => f);
}
