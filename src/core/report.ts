import type { CostFact } from './cost-fact.js';
import { amountOf, type Metric } from './cost-line.js';
import { dayNumber, dayString, weekdayOf } from './day.js';
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

/** Each report dimension's value in a fact (the report page's table uses them too). */
export const FIELD: Record<ReportDimension, (f: CostFact) => string> = {
  model: (f) => f.model,
  stage: (f) => f.stage,
  provider: (f) => f.provider,
  subaccount: (f) => f.subAccountId,
  service: (f) => f.serviceName,
  region: (f) => f.regionId,
  currency: (f) => f.currency,
};

/** A report split by period: each row also carries the day, the ISO week (its Monday) or the month. */
export const REPORT_GRAINS = ['day', 'week', 'month'] as const;
export type ReportGrain = (typeof REPORT_GRAINS)[number];

/** The dimensions a report can be narrowed to (each: any of the listed values). */
export const REPORT_FILTERS = ['model', 'stage', 'provider'] as const;
export type ReportFilters = Partial<Record<(typeof REPORT_FILTERS)[number], readonly string[]>>;

/** The period a day falls in: the day, the Monday of its ISO week, or 'YYYY-MM'. */
export function periodOf(day: string, grain: ReportGrain): string {
  if (grain === 'day') return day;
  if (grain === 'month') return day.slice(0, 7);
  const n = dayNumber(day);
  return dayString(n - ((weekdayOf(n) + 6) % 7));
}

export interface ReportQuery {
  from: string;
  to: string;
  by: readonly ReportDimension[];
  metric: Metric;
  grain?: ReportGrain;
  filters?: ReportFilters;
}

export interface ReportRow {
  /** The period (with a grain), then the values of the `by` dimensions. */
  keys: Readonly<Record<string, string>>;
  currency: string;
  cost: Money;
}

export interface Report {
  metric: Metric;
  from: string;
  to: string;
  by: readonly ReportDimension[];
  grain?: ReportGrain;
  filters?: ReportFilters;
  rows: ReportRow[];
  totals: { currency: string; cost: Money }[];
}

/** A fact passes the filters when, for each filtered dimension, its value is one of those listed. */
function matcher(filters: ReportFilters = {}): (f: CostFact) => boolean {
  const sets = REPORT_FILTERS.flatMap((d) => {
    const values = filters[d];
    return values?.length ? [{ field: FIELD[d], values: new Set(values) }] : [];
  });
  return (f) => sets.every((s) => s.values.has(s.field(f)));
}

/**
 * Sums facts by the chosen dimensions (and period, with a grain), after the filters. Currency is
 * always part of the key: amounts in different currencies are never added. Rows are sorted by period,
 * then by cost, highest first, then by key for stability.
 */
export function buildReport(facts: Iterable<CostFact>, q: ReportQuery): Report {
  const dims = q.by.filter((d) => d !== 'currency');
  const keep = matcher(q.filters);
  const rows = new Map<string, ReportRow & { period: string }>();
  const totals = new Map<string, Money>();
  for (const f of facts) {
    if (f.day < q.from || f.day > q.to || !keep(f)) continue;
    const amount = amountOf(f, q.metric);
    const period = q.grain ? periodOf(f.day, q.grain) : '';
    const values = dims.map((d) => FIELD[d](f));
    const id = [period, ...values, f.currency].join('\u001f');
    const row = rows.get(id);
    if (row) row.cost += amount;
    else {
      const keys: Record<string, string> = q.grain ? { period } : {};
      dims.forEach((d, i) => {
        keys[d] = values[i] ?? '';
      });
      rows.set(id, { keys, currency: f.currency, cost: amount, period });
    }
    totals.set(f.currency, (totals.get(f.currency) ?? 0n) + amount);
  }
  const sorted = [...rows.entries()]
    .sort(([ka, a], [kb, b]) =>
      a.period !== b.period
        ? a.period < b.period
          ? -1
          : 1
        : a.cost !== b.cost
          ? a.cost > b.cost
            ? -1
            : 1
          : ka < kb
            ? -1
            : ka > kb
              ? 1
              : 0,
    )
    .map(([, { period: _, ...r }]) => r);
  return {
    metric: q.metric,
    from: q.from,
    to: q.to,
    by: q.by,
    ...(q.grain ? { grain: q.grain } : {}),
    ...(q.filters && Object.values(q.filters).some((v) => v?.length) ? { filters: q.filters } : {}),
    rows: sorted,
    totals: [...totals.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([currency, cost]) => ({ currency, cost })),
  };
}
