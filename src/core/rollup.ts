import type { CostFact } from './cost-fact.js';
import { amountOf, type Metric } from './cost-line.js';
import { dayNumber, dayString } from './day.js';
import type { Money } from './money.js';

/** One model's line in the rollup, in the rollup's currency. */
export interface ModelSpend {
  model: string;
  /** Spend on the rollup day. */
  day: Money;
  /** Same weekday a week before. */
  weekAgo: Money;
  monthToDate: Money;
  /** Spend per stage on the rollup day, highest first. */
  stages: { stage: string; cost: Money }[];
  /** Daily spend of the trailing `seriesDays` days, oldest first (sparklines, the chart). */
  daily: Money[];
}

/** A slice of untagged spend: where the money without a model tag goes. */
export interface UntaggedSlice {
  provider: string;
  subAccountId: string;
  serviceName: string;
  regionId: string;
  monthToDate: Money;
}

export interface RollupSpend {
  day: string;
  metric: Metric;
  /** The currency the tables use: the one with the most month-to-date spend. */
  currency: string;
  /** Month-to-date of the other currencies, never added to the main one. */
  otherCurrencies: { currency: string; monthToDate: Money }[];
  total: { day: Money; weekAgo: Money; monthToDate: Money };
  /** Per provider, highest month-to-date first. */
  providers: { provider: string; day: Money; monthToDate: Money }[];
  /** Every model, highest day spend first (then month-to-date, then name). */
  models: ModelSpend[];
  /** Days of the `daily` series, oldest first. */
  seriesDays: string[];
  untagged: { day: Money; monthToDate: Money; worst: UntaggedSlice[] };
}

export interface RollupSettings {
  metric: Metric;
  /** The model value attribution gives untagged spend. */
  unattributed: string;
  /** Length of the daily series (the chart's 30 days). */
  seriesDays: number;
  /** Untagged slices to keep. */
  worstUntagged: number;
}

export const DEFAULT_ROLLUP: RollupSettings = {
  metric: 'effective',
  unattributed: 'unattributed',
  seriesDays: 30,
  worstUntagged: 5,
};

/** First day of the facts a rollup of `day` needs: the month so far and the trailing series. */
export function rollupFrom(day: string, seriesDays: number = DEFAULT_ROLLUP.seriesDays): string {
  const n = dayNumber(day);
  return dayString(Math.min(dayNumber(`${day.slice(0, 8)}01`), n - Math.max(7, seriesDays - 1)));
}

const byCostDesc =
  <T>(cost: (t: T) => Money, name: (t: T) => string) =>
  (a: T, b: T) => {
    const ca = cost(a);
    const cb = cost(b);
    if (ca !== cb) return ca > cb ? -1 : 1;
    return name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0;
  };

/**
 * The spend part of the daily rollup for `day` (exact sums). `facts` must cover `rollupFrom(day)`..`day`;
 * facts outside are ignored.
 */
export function buildRollupSpend(
  facts: Iterable<CostFact>,
  day: string,
  s: RollupSettings = DEFAULT_ROLLUP,
): RollupSpend {
  const end = dayNumber(day);
  const weekAgo = dayString(end - 7);
  const monthStart = `${day.slice(0, 8)}01`;
  const seriesStart = end - s.seriesDays + 1;
  const all = [...facts].filter((f) => f.day <= day && f.day >= rollupFrom(day, s.seriesDays));
  const mtdBy = new Map<string, Money>();
  for (const f of all)
    if (f.day >= monthStart) mtdBy.set(f.currency, (mtdBy.get(f.currency) ?? 0n) + amountOf(f, s.metric));
  const currencies = [...mtdBy.entries()].sort(
    byCostDesc(
      ([, v]) => v,
      ([c]) => c,
    ),
  );
  const currency = currencies[0]?.[0] ?? 'USD';

  const total = { day: 0n, weekAgo: 0n, monthToDate: 0n };
  const providers = new Map<string, { provider: string; day: Money; monthToDate: Money }>();
  const models = new Map<string, ModelSpend & { stageMap: Map<string, Money> }>();
  const untagged = new Map<string, UntaggedSlice>();
  const untaggedTotal = { day: 0n, monthToDate: 0n };
  for (const f of all) {
    if (f.currency !== currency) continue;
    const v = amountOf(f, s.metric);
    const isDay = f.day === day;
    const isMtd = f.day >= monthStart;
    let m = models.get(f.model);
    if (!m) {
      m = {
        model: f.model,
        day: 0n,
        weekAgo: 0n,
        monthToDate: 0n,
        stages: [],
        daily: new Array<Money>(s.seriesDays).fill(0n),
        stageMap: new Map(),
      };
      models.set(f.model, m);
    }
    const i = dayNumber(f.day) - seriesStart;
    if (i >= 0 && i < s.seriesDays) m.daily[i] = (m.daily[i] as Money) + v;
    if (isDay) {
      m.day += v;
      total.day += v;
      m.stageMap.set(f.stage, (m.stageMap.get(f.stage) ?? 0n) + v);
    }
    if (f.day === weekAgo) {
      m.weekAgo += v;
      total.weekAgo += v;
    }
    if (isMtd) {
      m.monthToDate += v;
      total.monthToDate += v;
    }
    if (isDay || isMtd) {
      const p = providers.get(f.provider) ?? { provider: f.provider, day: 0n, monthToDate: 0n };
      if (isDay) p.day += v;
      if (isMtd) p.monthToDate += v;
      providers.set(f.provider, p);
    }
    if (f.model === s.unattributed && (isDay || isMtd)) {
      if (isDay) untaggedTotal.day += v;
      if (!isMtd) continue;
      untaggedTotal.monthToDate += v;
      const key = [f.provider, f.subAccountId, f.serviceName, f.regionId].join('\u001f');
      const u = untagged.get(key) ?? {
        provider: f.provider,
        subAccountId: f.subAccountId,
        serviceName: f.serviceName,
        regionId: f.regionId,
        monthToDate: 0n,
      };
      u.monthToDate += v;
      untagged.set(key, u);
    }
  }
  const modelList = [...models.values()].map(({ stageMap, ...m }) => ({
    ...m,
    stages: [...stageMap.entries()]
      .map(([stage, cost]) => ({ stage, cost }))
      .sort(
        byCostDesc(
          (x) => x.cost,
          (x) => x.stage,
        ),
      ),
  }));
  modelList.sort((a, b) =>
    a.day !== b.day
      ? a.day > b.day
        ? -1
        : 1
      : byCostDesc<ModelSpend>(
          (x) => x.monthToDate,
          (x) => x.model,
        )(a, b),
  );
  return {
    day,
    metric: s.metric,
    currency,
    otherCurrencies: currencies.slice(1).map(([c, v]) => ({ currency: c, monthToDate: v })),
    total,
    providers: [...providers.values()].sort(
      byCostDesc(
        (p) => p.monthToDate,
        (p) => p.provider,
      ),
    ),
    models: modelList,
    seriesDays: Array.from({ length: s.seriesDays }, (_, k) => dayString(seriesStart + k)),
    untagged: {
      ...untaggedTotal,
      worst: [...untagged.values()]
        .sort(
          byCostDesc(
            (u) => u.monthToDate,
            (u) => u.serviceName,
          ),
        )
        .slice(0, s.worstUntagged),
    },
  };
}

/** Models whose day spend moved most against the same weekday last week, by absolute change. */
export function topMovers(spend: RollupSpend, n: number): ModelSpend[] {
  const abs = (m: ModelSpend) => (m.day >= m.weekAgo ? m.day - m.weekAgo : m.weekAgo - m.day);
  return spend.models
    .filter((m) => m.day !== m.weekAgo)
    .sort(byCostDesc(abs, (m) => m.model))
    .slice(0, n);
}
