import type { CostFact } from '../cost-fact.js';
import { amountOf, type Metric } from '../cost-line.js';
import type { Money } from '../money.js';
import type { CostSeries } from './series.js';
import { CAUSE_DIMENSIONS, type CauseDimension, type Contribution, type SeriesKey } from './types.js';

const FIELD: Record<CauseDimension, keyof CostFact> = {
  provider: 'provider',
  subAccount: 'subAccountId',
  service: 'serviceName',
  region: 'regionId',
  model: 'model',
  stage: 'stage',
};

/** Dimensions the series key fixes explain nothing: a provider series is all one provider. */
function freeDimensions(k: SeriesKey): CauseDimension[] {
  const fixed = new Set<CauseDimension>();
  if (k.provider !== undefined) fixed.add('provider');
  if (k.service !== undefined) fixed.add('service');
  if (k.model !== undefined) fixed.add('model');
  if (k.stage !== undefined) fixed.add('stage');
  return CAUSE_DIMENSIONS.filter((d) => !fixed.has(d));
}

/**
 * Reference days for day index `i`: the same weekday in up to 4 earlier weeks (spend shape differs by
 * weekday), or the 7 days before when no earlier same weekday is in range.
 */
export function referenceDays(i: number): number[] {
  const same = [7, 14, 21, 28].map((k) => i - k).filter((j) => j >= 0);
  if (same.length > 0) return same;
  return [1, 2, 3, 4, 5, 6, 7].map((k) => i - k).filter((j) => j >= 0);
}

/**
 * Which dimension values explain the change on day index `i` against the reference days, ranked by
 * their share of the change. Amounts are exact: a value's reference is its mean over the reference
 * days (integer pico-units).
 */
export function rootCause(
  s: CostSeries,
  i: number,
  metric: Metric,
  opts: { minShare?: number; limit?: number } = {},
): Contribution[] {
  const refs = referenceDays(i);
  const today = s.facts[i] ?? [];
  const totalChange = sumOf(today, metric) - meanOver(s, refs, metric, () => true);
  if (totalChange === 0n || refs.length === 0) return [];
  const sign = totalChange > 0n ? 1n : -1n;
  const out: Contribution[] = [];
  for (const dim of freeDimensions(s.key)) {
    const field = FIELD[dim];
    const values = new Set<string>();
    for (const j of [i, ...refs]) for (const f of s.facts[j] ?? []) values.add(String(f[field]));
    if (values.size < 2) continue; // one value explains nothing beyond the series itself
    for (const v of values) {
      const match = (f: CostFact) => String(f[field]) === v;
      const change = sumOf(today.filter(match), metric) - meanOver(s, refs, metric, match);
      if (change * sign <= 0n) continue;
      const share = Number((change * 10000n) / totalChange) / 10000;
      out.push({ dimension: dim, value: v, change, share });
    }
  }
  const minShare = opts.minShare ?? 0.2;
  return out
    .filter((c) => c.share >= minShare)
    .sort(
      (a, b) =>
        b.share - a.share ||
        CAUSE_DIMENSIONS.indexOf(a.dimension) - CAUSE_DIMENSIONS.indexOf(b.dimension) ||
        (a.value < b.value ? -1 : 1),
    )
    .slice(0, opts.limit ?? 5);
}

function sumOf(facts: readonly CostFact[], metric: Metric): Money {
  let t = 0n;
  for (const f of facts) t += amountOf(f, metric);
  return t;
}

function meanOver(s: CostSeries, days: readonly number[], metric: Metric, match: (f: CostFact) => boolean) {
  if (days.length === 0) return 0n;
  let t = 0n;
  for (const j of days) for (const f of s.facts[j] ?? []) if (match(f)) t += amountOf(f, metric);
  return t / BigInt(days.length);
}

export function causeKey(c: Contribution | undefined): string {
  return c ? `${c.dimension}=${c.value}` : '';
}
