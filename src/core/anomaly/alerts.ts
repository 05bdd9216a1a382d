import { FLAG, type Reason, type SeriesJudgement } from './detector.js';

export type Direction = 'up' | 'down';

export interface Alert {
  index: number;
  actual: number;
  expected: number;
  impact: number;
  score: number;
  direction: Direction;
  reason: Reason;
  /** A later day of an anomaly that already alerted. */
  ongoing: boolean;
}

/** The days the detector flagged (onsets and, with `withOngoing`, their later days), from `fromIndex`. */
export function alertsOf(
  values: Float64Array,
  j: SeriesJudgement,
  fromIndex = 0,
  withOngoing = false,
): Alert[] {
  const out: Alert[] = [];
  for (let i = fromIndex; i < values.length; i++) {
    const f = j.flag[i] as number;
    if (f === FLAG.none || (f === FLAG.ongoing && !withOngoing)) continue;
    const actual = values[i] as number;
    const exp = j.expected[i] as number;
    const impact = actual - exp;
    out.push({
      index: i,
      actual,
      expected: exp,
      impact,
      score: j.score[i] as number,
      direction: impact > 0 ? 'up' : 'down',
      reason: j.reason[i] as Reason,
      ongoing: f === FLAG.ongoing,
    });
  }
  return out;
}
