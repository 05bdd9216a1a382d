import { type AttributionConfig, DEFAULT_ATTRIBUTION } from '../../../../src/core/attribution/types.js';
import type { CostFact } from '../../../../src/core/cost-fact.js';
import type { CostLine } from '../../../../src/core/cost-line.js';
import { parseMoney } from '../../../../src/core/money.js';
import { EC2_DAY } from '../../../helpers/facts.js';

/** A cost line with plain defaults; `cost` (a decimal string) sets all three amounts. */
export function line(p: Partial<CostLine> & { cost?: string } = {}): CostLine {
  const { cost = '1', ...rest } = p;
  const m = parseMoney(cost);
  return {
    ...EC2_DAY,
    serviceCategory: 'Compute',
    resourceId: 'i-0abc',
    resourceName: '',
    chargeCategory: 'Usage',
    currency: 'USD',
    tags: {},
    billedCost: m,
    effectiveCost: m,
    listCost: m,
    ...rest,
  };
}

/** DEFAULT_ATTRIBUTION with some fields replaced. */
export function config(p: Partial<AttributionConfig> = {}): AttributionConfig {
  return { ...DEFAULT_ATTRIBUTION, ...p };
}

/** The part of a fact that attribution decides, with the effective cost. */
export function who(f: CostFact) {
  return { model: f.model, stage: f.stage, modelBy: f.modelBy, stageBy: f.stageBy, cost: f.effectiveCost };
}

type Sums = Record<string, { billed: bigint; effective: bigint; list: bigint; rows: number }>;

/** Per currency: the sum of each metric and of the row counts. */
export function sums(items: Iterable<CostLine | CostFact>): Sums {
  const out: Sums = {};
  for (const i of items) {
    const s = out[i.currency] ?? { billed: 0n, effective: 0n, list: 0n, rows: 0 };
    out[i.currency] = s;
    s.billed += i.billedCost;
    s.effective += i.effectiveCost;
    s.list += i.listCost;
    s.rows += i.rowCount ?? 1;
  }
  return out;
}
