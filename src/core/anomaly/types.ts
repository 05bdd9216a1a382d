import type { Money } from '../money.js';
import type { Direction } from './alerts.js';

/** Which slice of spend a series follows. Every level is judged, per currency. */
export type SeriesLevel = 'total' | 'provider' | 'service' | 'model' | 'model-stage';
export const SERIES_LEVELS: readonly SeriesLevel[] = ['total', 'provider', 'service', 'model', 'model-stage'];

export interface SeriesKey {
  level: SeriesLevel;
  currency: string;
  provider?: string;
  service?: string;
  model?: string;
  stage?: string;
}

/** Dimensions a root cause can name, in the order ties are broken. */
export type CauseDimension = 'provider' | 'subAccount' | 'service' | 'region' | 'model' | 'stage';
export const CAUSE_DIMENSIONS: readonly CauseDimension[] = [
  'provider',
  'subAccount',
  'service',
  'region',
  'model',
  'stage',
];

/** One dimension value's part of the change against its reference days. */
export interface Contribution {
  dimension: CauseDimension;
  value: string;
  /** Change of this value's spend, currency units (exact). */
  change: Money;
  /** change / the series' change, 0..1 for values that move with it. */
  share: number;
}

export type ExpectationReason = 'level' | 'weekday' | 'monthly' | 'new' | 'burst';

/**
 * `new`: alert now; `ongoing`: the series also alerted the day before in the same direction (one
 * episode, not a new alert); `suppressed`: marked expected before for the same series and cause.
 */
export type AnomalyStatus = 'new' | 'ongoing' | 'suppressed';

export interface AnomalyRecord {
  /** Stable: the same series, day and direction always give the same id. */
  id: string;
  seriesId: string;
  series: SeriesKey;
  day: string;
  currency: string;
  actual: Money;
  expected: Money;
  impact: Money;
  score: number;
  direction: Direction;
  reason: ExpectationReason;
  explanation: string;
  rootCause: Contribution[];
  status: AnomalyStatus;
  /** The mark that suppressed it. */
  suppressedBy?: string;
  detectedAt: string;
}

export type Verdict = 'expected' | 'real';

/** Feedback on an anomaly: who said what, when. The latest mark of an anomaly counts. */
export interface AnomalyMark {
  anomalyId: string;
  verdict: Verdict;
  by: string;
  at: string;
  note?: string;
  /** Copied from the anomaly so suppression needs no join. */
  seriesId: string;
  day: string;
  direction: Direction;
  /** `dimension=value` of the top root cause, '' when none. */
  cause: string;
}
