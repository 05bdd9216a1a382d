import type { CostFact } from '../cost-fact.js';
import { amountOf, type Metric } from '../cost-line.js';
import { dayNumber } from '../day.js';
import { MONEY_UNIT, type Money } from '../money.js';
import type { SeriesKey, SeriesLevel } from './types.js';

/** A stored series: exact daily sums over a contiguous day range (missing days are zero spend). */
export interface CostSeries {
  id: string;
  key: SeriesKey;
  firstDay: number;
  /** Exact daily totals, index = day - firstDay. */
  daily: Money[];
  /** The facts of the series, by day index, for root cause. */
  facts: CostFact[][];
}

function keyOf(level: SeriesLevel, f: CostFact): SeriesKey {
  const currency = f.currency;
  switch (level) {
    case 'total':
      return { level, currency };
    case 'provider':
      return { level, currency, provider: f.provider };
    case 'service':
      return { level, currency, provider: f.provider, service: f.serviceName };
    case 'model':
      return { level, currency, model: f.model };
    case 'model-stage':
      return { level, currency, model: f.model, stage: f.stage };
  }
}

export function seriesIdOf(k: SeriesKey): string {
  const parts = [k.provider, k.service, k.model, k.stage].filter((p) => p !== undefined);
  return [k.level, ...parts, k.currency].join('|');
}

/** Human label: "llama3-70b serve", "AWS / Amazon EC2", "total". */
export function seriesLabel(k: SeriesKey): string {
  switch (k.level) {
    case 'total':
      return `total (${k.currency})`;
    case 'provider':
      return `${k.provider}`;
    case 'service':
      return `${k.provider} / ${k.service}`;
    case 'model':
      return `model ${k.model}`;
    case 'model-stage':
      return `${k.model} ${k.stage}`;
  }
}

/**
 * Every series of every level over [from, to]: total, provider, provider+service, model, model+stage,
 * per currency (different currencies are never added). Days without facts are zero, so a model that
 * starts spending has a history of zeros: "new spend".
 */
export function buildSeries(
  facts: readonly CostFact[],
  metric: Metric,
  from: string,
  to: string,
  levels: readonly SeriesLevel[],
): CostSeries[] {
  const first = dayNumber(from);
  const span = dayNumber(to) - first + 1;
  const out = new Map<string, CostSeries>();
  for (const f of facts) {
    const i = dayNumber(f.day) - first;
    if (i < 0 || i >= span) continue;
    for (const level of levels) {
      const key = keyOf(level, f);
      const id = seriesIdOf(key);
      let s = out.get(id);
      if (!s) {
        s = {
          id,
          key,
          firstDay: first,
          daily: new Array<Money>(span).fill(0n),
          facts: Array.from({ length: span }, () => []),
        };
        out.set(id, s);
      }
      s.daily[i] = (s.daily[i] as Money) + amountOf(f, metric);
      (s.facts[i] as CostFact[]).push(f);
    }
  }
  return [...out.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * For the detector's statistics only: an exact daily sum converted to a float (a conversion of one
 * total, never a float sum). Reported amounts stay exact.
 */
export function toNumber(m: Money): number {
  const whole = m / MONEY_UNIT;
  return Number(whole) + Number(m - whole * MONEY_UNIT) / Number(MONEY_UNIT);
}
