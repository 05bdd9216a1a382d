import type { CostFact } from '../cost-fact.js';
import type { Metric } from '../cost-line.js';
import { dayNumber, dayString } from '../day.js';
import { moneyFromNumber } from '../money.js';
import { alertsOf } from './alerts.js';
import { anomalyId } from './anomaly-id.js';
import { DEFAULT_DETECTOR, type DetectorOptions, judgeSeries, REASON, type Reason } from './detector.js';
import { explain } from './explain.js';
import { suppressingMark } from './feedback.js';
import { causeKey, rootCause } from './root-cause.js';
import { buildSeries, type CostSeries, seriesLabel, toNumber } from './series.js';
import {
  type AnomalyMark,
  type AnomalyRecord,
  type ExpectationReason,
  SERIES_LEVELS,
  type SeriesKey,
  type SeriesLevel,
} from './types.js';

/** A per-series override: the first rule whose match fits a series wins. */
export interface SeriesRule {
  match: Partial<Omit<SeriesKey, 'currency'>>;
  threshold?: number;
  minImpact?: number;
  drops?: boolean;
}

export interface JudgeSettings {
  metric: Metric;
  detector: DetectorOptions;
  levels: readonly SeriesLevel[];
  suppressDays: number;
  series: readonly SeriesRule[];
}

export const DEFAULT_JUDGE: JudgeSettings = {
  metric: 'effective',
  detector: DEFAULT_DETECTOR,
  levels: SERIES_LEVELS,
  suppressDays: 14,
  series: [],
};

const REASON_NAME: Record<Reason, ExpectationReason> = {
  [REASON.level]: 'level',
  [REASON.weekday]: 'weekday',
  [REASON.monthly]: 'monthly',
  [REASON.newSeries]: 'new',
  [REASON.burst]: 'burst',
};

export function optionsFor(key: SeriesKey, s: JudgeSettings): DetectorOptions {
  const rule = s.series.find((r) =>
    Object.entries(r.match).every(([k, v]) => v === undefined || key[k as keyof SeriesKey] === v),
  );
  return {
    ...s.detector,
    ...(rule?.threshold !== undefined ? withThreshold(rule.threshold) : {}),
    ...(rule?.minImpact !== undefined ? { minImpact: rule.minImpact } : {}),
    ...(rule?.drops !== undefined ? { drops: rule.drops } : {}),
  };
}

/**
 * A configured threshold is the level view's; the weekday view keeps its default ratio to it (5 to 4),
 * so one number moves both views.
 */
export function withThreshold(threshold: number): Pick<DetectorOptions, 'threshold' | 'weekdayThreshold'> {
  const ratio = DEFAULT_DETECTOR.weekdayThreshold / DEFAULT_DETECTOR.threshold;
  return { threshold, weekdayThreshold: threshold * ratio };
}

/** Exact money for a statistical estimate, rounded to 6 decimals (estimates are not invoices). */
const estimate = (v: number) => moneyFromNumber(Math.round(v * 1e6) / 1e6);

/**
 * Judges day `day` on every series built from `facts` (which should reach back `lookback` days) and
 * returns its anomalies, with root cause and feedback applied. Pure: `now` is the detection time.
 */
export function judgeDay(
  facts: readonly CostFact[],
  day: string,
  from: string,
  settings: JudgeSettings,
  marks: readonly AnomalyMark[],
  now: Date,
): AnomalyRecord[] {
  const all = buildSeries(facts, settings.metric, from, day, settings.levels);
  const out: AnomalyRecord[] = [];
  const last = dayNumber(day) - dayNumber(from);
  for (const s of all) {
    const opts = optionsFor(s.key, settings);
    const values = Float64Array.from(s.daily, toNumber);
    const days = Int32Array.from(values, (_, i) => s.firstDay + i);
    const j = judgeSeries(days, values, opts);
    const today = alertsOf(values, j, last, true)[0];
    if (!today || today.index !== last) continue;
    out.push(record(s, today, today.ongoing, settings, marks, now));
  }
  return out.sort((a, b) => (b.impact > a.impact ? 1 : b.impact < a.impact ? -1 : 0));
}

function record(
  s: CostSeries,
  a: ReturnType<typeof alertsOf>[number],
  ongoing: boolean,
  settings: JudgeSettings,
  marks: readonly AnomalyMark[],
  now: Date,
): AnomalyRecord {
  const day = dayString(s.firstDay + a.index);
  const actual = s.daily[a.index] ?? 0n;
  const expected = estimate(a.expected);
  const impact = actual - expected;
  const reason = REASON_NAME[a.reason];
  const causes = rootCause(s, a.index, settings.metric);
  const base = { seriesId: s.id, day, direction: a.direction, cause: causeKey(causes[0]) };
  const mark = suppressingMark(base, marks, settings.suppressDays, ongoing);
  return {
    id: anomalyId({ seriesId: s.id, day, direction: a.direction }),
    seriesId: s.id,
    series: s.key,
    day,
    currency: s.key.currency,
    actual,
    expected,
    impact,
    score: Math.round(a.score * 1000) / 1000,
    direction: a.direction,
    reason,
    explanation: explain({
      label: seriesLabel(s.key),
      day,
      currency: s.key.currency,
      actual,
      expected,
      impact,
      reason,
    }),
    rootCause: causes,
    status: mark ? 'suppressed' : ongoing ? 'ongoing' : 'new',
    ...(mark ? { suppressedBy: mark.anomalyId } : {}),
    detectedAt: now.toISOString(),
  };
}
