import type { CostFact } from '../cost-fact.js';
import { dayNumber, dayString, weekdayOf } from '../day.js';
import type { Money } from '../money.js';

/** Spend over time for a chart: the top models as their own series, the rest as one. */
export interface DailySeries {
  /** The x axis: days, or the Monday of each week when the range is long. */
  points: string[];
  grain: 'day' | 'week';
  series: { name: string; values: Money[] }[];
  /** How many models the last series ("N other models") folds together; 0 when none. */
  others: number;
}

/** Models shown on their own (one palette colour each); the rest are one grey band. */
export const TOP_MODELS = 7;
/** Beyond this many days a chart shows weeks: 400 daily points per series are more than a chart can show. */
export const WEEKLY_AFTER_DAYS = 120;

const mondayOf = (day: string) => {
  const n = dayNumber(day);
  return dayString(n - ((weekdayOf(n) + 6) % 7));
};

export function dailySeries(
  facts: readonly CostFact[],
  days: readonly string[],
  amount: (f: CostFact) => Money,
): DailySeries {
  const grain = days.length > WEEKLY_AFTER_DAYS ? 'week' : 'day';
  const pointOf = grain === 'week' ? mondayOf : (d: string) => d;
  const points = [...new Set(days.map(pointOf))];
  const index = new Map(points.map((p, i) => [p, i]));
  const byModel = new Map<string, { total: Money; values: Money[] }>();
  for (const f of facts) {
    const i = index.get(pointOf(f.day));
    if (i === undefined) continue;
    let m = byModel.get(f.model);
    if (!m) {
      m = { total: 0n, values: points.map(() => 0n) };
      byModel.set(f.model, m);
    }
    const a = amount(f);
    m.total += a;
    m.values[i] = (m.values[i] ?? 0n) + a;
  }
  const ranked = [...byModel].sort(([an, a], [bn, b]) =>
    b.total > a.total ? 1 : b.total < a.total ? -1 : an.localeCompare(bn),
  );
  // Seven models and "1 other model" would hide one name for nothing: show it instead.
  const top = ranked.length <= TOP_MODELS + 1 ? ranked : ranked.slice(0, TOP_MODELS);
  const rest = ranked.slice(top.length);
  const series = top.map(([name, m]) => ({ name, values: m.values }));
  if (rest.length) {
    const values = points.map((_, i) => rest.reduce((s, [, m]) => s + (m.values[i] ?? 0n), 0n));
    series.push({ name: `${rest.length} other models`, values });
  }
  return { points, grain, series, others: rest.length };
}
