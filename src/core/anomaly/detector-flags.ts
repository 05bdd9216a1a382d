// The detector's per-day outputs (a leaf module: detector.ts and detector-day.ts both use them).

/** Which view's expectation a day was judged by; the explanation line names it. */
export const REASON = { level: 0, weekday: 1, monthly: 2, newSeries: 3, burst: 4 } as const;
export type Reason = (typeof REASON)[keyof typeof REASON];

/** Per day: no alert, the onset of an anomaly, or a later day of the same anomaly (no new alert). */
export const FLAG = { none: 0, alert: 1, ongoing: 2 } as const;

/** One series judged day by day; NaN where a day was missing or had too little history. */
export interface SeriesJudgement {
  expected: Float64Array;
  score: Float64Array;
  reason: Uint8Array;
  flag: Uint8Array;
}
