import { civilFromDays, sameDayMonthsBack, weekdayOf } from './days.js';
import { SortedWindow } from './sorted-window.js';

/**
 * The detector's fixed defaults. They are the same for every data set (the benchmark rules forbid
 * tuning per data set); config can change threshold, impact floor and drops for the store mode.
 */
export interface DetectorOptions {
  /** Robust z-score an alert needs: |actual - expected| / noise scale. */
  threshold: number;
  /** Absolute impact floor, in the series' currency per day. */
  minImpact: number;
  /** Report drops (actual below expected) as well as spikes. */
  drops: boolean;
  /** Days of history a day needs before it is judged. */
  minHistory: number;
  /** Days in the running median that gives the recent level. */
  levelWindow: number;
  /** Weeks of the same weekday that give the weekday shape. */
  profileWeeks: number;
  /** Past forecast errors that give the noise scale. */
  errorWindow: number;
}

export const DEFAULT_DETECTOR: DetectorOptions = {
  threshold: 4,
  minImpact: 10,
  drops: false,
  minHistory: 14,
  levelWindow: 14,
  profileWeeks: 6,
  errorWindow: 28,
};

/** Why the expected value is what it is; the explanation line names it. */
export const REASON = { level: 0, weekday: 1, monthly: 2, newSeries: 3 } as const;
export type Reason = (typeof REASON)[keyof typeof REASON];

/** One series judged day by day; NaN where a day was missing or had too little history. */
export interface SeriesJudgement {
  expected: Float64Array;
  score: Float64Array;
  reason: Uint8Array;
}

// Gaussian constants: median |e| = 0.6745 sigma, the 80th percentile of |e| = 1.2816 sigma.
const MEDIAN_ABS = 0.6745;
const Q80_ABS = 1.2816;
/** The noise scale never falls below this share of the level: a flat series is not infinitely sure. */
const REL_FLOOR = 0.02;
const SCORE_CAP = 999;

/**
 * Judges every day of one series using only the days before it (no look-ahead):
 *
 *   expected = level + weekday shape + monthly charge
 *
 * - level: median of the last `levelWindow` observed days (follows trends and level shifts within a
 *   few days, ignores single spikes);
 * - weekday shape: median, over the last `profileWeeks` same weekdays, of how far that day sat from
 *   its level (dev stages quiet on weekends);
 * - monthly charge: when the same day of the month sat well above its expectation in the previous two
 *   months (the smaller offset +-25% is expected), or on the 1st in the previous month (anything from
 *   no charge to 1.25x that offset is expected): support plans and subscriptions bill on the 1st;
 * - noise scale: from the series' own recent one-step forecast errors, the larger of the median-based
 *   and the 80th-percentile-based estimates;
 * - and a day must also beat the largest forecast error of the last `errorWindow` days (its score is
 *   0 otherwise): recurring training bursts stay within the last burst and do not alert each time.
 *
 * `days` are ascending day numbers (gaps allowed); `values` NaN marks a missing day.
 */
export function judgeSeries(
  days: Int32Array,
  values: Float64Array,
  opts: DetectorOptions = DEFAULT_DETECTOR,
): SeriesJudgement {
  const n = values.length;
  const expected = new Float64Array(n).fill(Number.NaN);
  const score = new Float64Array(n).fill(Number.NaN);
  const reason = new Uint8Array(n);
  if (n === 0) return { expected, score, reason };
  const first = days[0] as number;
  const span = (days[n - 1] as number) - first + 1;
  // Offset from level + weekday shape per calendar day, for the monthly look-back.
  const offset = new Float64Array(span).fill(Number.NaN);
  const level = new SortedWindow(opts.levelWindow);
  const profile = Array.from({ length: 7 }, () => new SortedWindow(opts.profileWeeks));
  const errors = new SortedWindow(opts.errorWindow);
  let seen = 0;
  let nonZeroSeen = false;
  let scale = 0;

  for (let i = 0; i < n; i++) {
    const x = values[i] as number;
    if (Number.isNaN(x)) continue;
    const day = days[i] as number;
    const dow = weekdayOf(day);
    if (seen > 0) {
      const lvl = level.median();
      const shape = profile[dow] as SortedWindow;
      const s = shape.size > 0 ? shape.median() : 0;
      // Noise scale from past forecast errors, known before today's value.
      if (errors.size > 0) {
        scale = Math.max(errors.median() / MEDIAN_ABS, errors.quantile(0.8) / Q80_ABS);
      }
      scale = Math.max(scale, REL_FLOOR * Math.abs(lvl));
      let base = lvl + s;
      let why: Reason = nonZeroSeen ? REASON.level : REASON.newSeries;
      if (nonZeroSeen && Math.abs(s) > scale) why = REASON.weekday;
      // Monthly charge: an expected range rather than a point, since a charge varies from month to
      // month (usage-priced support plans, growing subscriptions). Two months in a row confirm a
      // charge on any day: expected within +-25% of the smaller. The 1st, where support plans and
      // subscriptions bill, needs one month: anything from no charge to 1.25x last month's.
      let lo = base;
      let hi = base;
      const m1 = lookBack(offset, first, sameDayMonthsBack(day, 1));
      if (m1 > opts.threshold * scale) {
        const m2 = lookBack(offset, first, sameDayMonthsBack(day, 2));
        const confirmed = m2 > opts.threshold * scale;
        if (confirmed || civilFromDays(day).d === 1) {
          const m = confirmed ? Math.min(m1, m2) : m1;
          base += m;
          lo += confirmed ? 0.75 * m : 0;
          hi += 1.25 * m;
          why = REASON.monthly;
        }
      }
      const err = x > hi ? x - hi : x < lo ? x - lo : 0;
      offset[day - first] = x - (lvl + s);
      if (seen >= opts.minHistory) {
        expected[i] = base;
        reason[i] = why;
        const z = scale > 0 ? err / scale : err === 0 ? 0 : Math.sign(err) * SCORE_CAP;
        score[i] = Math.max(-SCORE_CAP, Math.min(SCORE_CAP, z));
        // Beyond the largest recent error too: recurring training bursts stay within it.
        if (errors.size > 0 && Math.abs(err) <= errors.quantile(1)) score[i] = 0;
      }
      // Early errors, from a level of one or two days, would overstate the noise for weeks.
      if (seen >= 3) errors.push(Math.abs(err));
      shape.push(x - lvl);
    }
    level.push(x);
    if (x !== 0) nonZeroSeen = true;
    seen += 1;
  }
  return { expected, score, reason };
}

function lookBack(offset: Float64Array, first: number, day: number): number {
  const k = day - first;
  return k >= 0 && k < offset.length ? (offset[k] as number) : Number.NaN;
}

export type Direction = 'up' | 'down';

export interface Alert {
  index: number;
  actual: number;
  expected: number;
  impact: number;
  score: number;
  direction: Direction;
  reason: Reason;
}

/** The days of a judged series that pass both thresholds: the robust score and the impact floor. */
export function alertsOf(
  values: Float64Array,
  j: SeriesJudgement,
  opts: Pick<DetectorOptions, 'threshold' | 'minImpact' | 'drops'>,
  fromIndex = 0,
): Alert[] {
  const out: Alert[] = [];
  for (let i = fromIndex; i < values.length; i++) {
    const z = j.score[i] as number;
    if (!(Math.abs(z) >= opts.threshold)) continue;
    const actual = values[i] as number;
    const exp = j.expected[i] as number;
    const impact = actual - exp;
    const direction: Direction = impact > 0 ? 'up' : 'down';
    if (direction === 'down' && !opts.drops) continue;
    if (Math.abs(impact) < opts.minImpact) continue;
    out.push({ index: i, actual, expected: exp, impact, score: z, direction, reason: j.reason[i] as Reason });
  }
  return out;
}
