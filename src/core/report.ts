import type { CostFact } from './cost-fact.js';
import { amountOf, type Metric } from './cost-line.js';
import type { Money } from './money.js';

export const REPORT_DIMENSIONS = [
  'model',
  'stage',
  'provider',
  'subaccount',
  'service',
  'region',
  'currency',
] as const;
export type ReportDimension = (typeof REPORT_DIMENSIONS)[number];

const FIELD: Record<ReportDimension, (f: CostFact) => string> = {
  model: (f) => f.model,
  stage: (f) => f.stage,
  provider: (f) => f.provider,
  subaccount: (f) => f.subAccountId,
  service: (f) => f.serviceName,
  region: (f) => f.regionId,
  currency: (f) => f.currency,
};

export interface ReportRow {
  /** Values of the `by` dimensions, plus currency. */
  keys: Readonly<Record<string, string>>;
  currency: string;
  cost: Money;
}

export interface Report {
  metric: Metric;
  from: string;
  to: string;
  by: readonly ReportDimension[];
  rows: ReportRow[];
  totals: { currency: string; cost: Money }[];
}

/**
 * Sums facts by the chosen dimensions. Currency is always part of the key: amounts in different
 * currencies are never added. Rows are sorted by cost, highest first, then by key for stability.
 */
export function buildReport(
  facts: Iterable<CostFact>,
  q: { from: string; to: string; by: readonly ReportDimension[]; metric: Metric },
): Report {
  const dims = q.by.filter((d) => d !== 'currency');
  const rows = new Map<string, ReportRow>();
  const totals = new Map<string, Money>();
  for (const f of facts) {
    if (f.day < q.from || f.day > q.to) continue;
    const amount = amountOf(f, q.metric);
    const values = dims.map((d) => FIELD[d](f));
    const id = [...values, f.currency].join('\u001f');
    const row = rows.get(id);
    if (row) row.cost += amount;
    else {
      const keys: Record<string, string> = {};
      dims.forEach((d, i) => {
        keys[d] = values[i] ?? '';
      });
      rows.set(id, { keys, currency: f.currency, cost: amount });
    }
    totals.set(f.currency, (totals.get(f.currency) ?? 0n) + amount);
  }
  const sorted = [...rows.entries()]
    .sort(([ka, a], [kb, b]) =>
      a.cost !== b.cost ? (a.cost > b.cost ? -1 : 1) : ka < kb ? -1 : ka > kb ? 1 : 0,
    )
    .map(([, r]) => r);
  return {
    metric: q.metric,
    from: q.from,
    to: q.to,
    by: q.by,
    rows: sorted,
    totals: [...totals.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([currency, cost]) => ({ currency, cost })),
  };
}
