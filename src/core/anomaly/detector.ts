import { MonthCursor } from './month-cursor.js';
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
  /** Days of memory for recurring bursts (training runs). */
  burstWindow: number;
}

export const DEFAULT_DETECTOR: DetectorOptions = {
  threshold: 4,
  minImpact: 10,
  drops: false,
  minHistory: 14,
  levelWindow: 14,
  profileWeeks: 6,
  errorWindow: 28,
  burstWindow: 42,
};

/** Why the expected value is what it is; the explanation line names it. */
export const REASON = { level: 0, weekday: 1, monthly: 2, newSeries: 3 } as const;
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

/** Gaussian: median |e| = 0.6745 sigma. */
const MEDIAN_ABS = 0.6745;
const Q80_ABS = 1.2816;
/** The noise scale never falls below this share of the level: a flat series is not infinitely sure. */
const REL_FLOOR = 0.02;
const SCORE_CAP = 999;
/** A day expected near zero is still judged against noise of at least this share of the level. */
const QUIET = 0.05;
/** An ongoing anomaly alerts again only when its excess grows this many times over the first alert's. */
const REALERT = 2;
/** An anomaly is over after this many days back within half the threshold. */
const CALM_DAYS = 3;
/** Same weekdays needed before the weekday shape counts: one odd week (a burst) must not set it. */
const MIN_WEEKS = 2;
/** A recurring burst may come out this much larger than the largest recent one and still be normal. */
const BURST_SLACK = 1.5;
/** A series that starts spending alerts once within its first days (the floor may need a few days). */
const NEW_DAYS = 7;

/**
 * Judges every day of one series using only the days before it (no look-ahead):
 *
 *   expected = level x weekday shape + monthly charge
 *
 * - level: median of the last `levelWindow` observed days (follows trends and level shifts within a
 *   week, ignores single spikes);
 * - weekday shape: median, over the last `profileWeeks` same weekdays, of that day's ratio to its level
 *   (dev stages quiet on weekends; a ratio keeps its meaning when the level shifts);
 * - monthly charge: when the same day of the month sat well above its expectation in the previous two
 *   months (the smaller offset +-25% is expected), or on the 1st in the previous month (anything from
 *   no charge to 1.25x that offset is expected): support plans and subscriptions bill on the 1st;
 * - a drop must fall below both the weekday shape and the recent level;
 * - noise scale: the larger of median / 0.6745 and 80th percentile / 1.2816 of the series' recent
 *   relative forecast errors (at least 2%), times
 *   the day's expectation (at least 5% of the level);
 * - a day alerts when score = error / scale passes the threshold and |actual - expected| the impact
 *   floor; a spike must also beat the largest spike of the last `burstWindow` days when spikes there
 *   recur (training runs: the next burst of the same size is the normal pattern);
 * - one anomaly, one alert: later days of it are `ongoing` until the series calms down, unless the
 *   excess doubles; a series that was zero alerts when it starts spending, then builds a new history.
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
  const flag = new Uint8Array(n);
  if (n === 0) return { expected, score, reason, flag };
  const first = days[0] as number;
  // Excess over level x weekday shape per calendar day when it stood out, for the monthly look-back.
  const offset = new Float64Array((days[n - 1] as number) - first + 1);
  // Days well above the level, so a charge can be told from a day inside a burst.
  const high = new Uint8Array(offset.length);
  const level = new SortedWindow(opts.levelWindow);
  const profile = Array.from({ length: 7 }, () => new SortedWindow(opts.profileWeeks));
  const errors = new SortedWindow(opts.errorWindow);
  // Ring of the last days' values, for recurring bursts (read only when a day would alert).
  const bursts = new Float64Array(opts.burstWindow).fill(Number.NaN);
  let burstAt = 0;
  const cal = new MonthCursor();
  const thr = opts.threshold;
  let seen = 0;
  let nonZeroSeen = false;
  let newDays = 0;
  let epDir = 0;
  let epPeak = 0;
  let epCalm = 0;

  for (let i = 0; i < n; i++) {
    const x = values[i] as number;
    if (Number.isNaN(x)) continue;
    const day = days[i] as number;
    cal.moveTo(day);
    const dow = cal.weekday;
    if (!nonZeroSeen && x !== 0) {
      nonZeroSeen = true;
      if (seen >= opts.minHistory) {
        // A new series: its zeros say nothing about its spending, so its history starts today.
        level.clear();
        for (const p of profile) p.clear();
        errors.clear();
        bursts.fill(Number.NaN);
        seen = 0;
        newDays = NEW_DAYS;
      }
    }
    if (newDays > 0) {
      newDays -= 1;
      if (x > 0 && x >= opts.minImpact && x !== 0) {
        expected[i] = 0;
        score[i] = SCORE_CAP;
        reason[i] = REASON.newSeries;
        flag[i] = FLAG.alert;
        newDays = 0;
      }
    }
    const shape = profile[dow] as SortedWindow;
    let charged = 0;
    if (seen > 0) {
      const lvl = level.median();
      const rel =
        errors.size > 0 ? Math.max(errors.median() / MEDIAN_ABS, errors.quantile(0.8) / Q80_ABS) : 0;
      let ratio = lvl > 0 && shape.size >= MIN_WEEKS ? shape.median() : 1;
      if (ratio !== 1) {
        // A weekday shape within its own noise is no shape: following a median of a few noisy ratios
        // on a series without a weekly pattern only adds error. Standard error of a median ~ 1.25 sd/sqrt(n).
        const sd = Math.max(rel, REL_FLOOR);
        if (Math.abs(ratio - 1) < (2.5 * sd) / Math.sqrt(shape.size)) ratio = 1;
      }
      const seasonal = lvl * ratio;
      // Cost noise grows with the amount: errors are kept relative to the day's own expectation, so a
      // quiet weekend is judged by weekend-sized noise and a busy weekday by weekday-sized noise.
      const denom = Math.max(Math.abs(seasonal), QUIET * Math.abs(lvl));
      const scale = Math.max(rel, REL_FLOOR) * denom;
      let base = seasonal;
      let why: Reason = nonZeroSeen ? REASON.level : REASON.newSeries;
      if (nonZeroSeen && Math.abs(seasonal - lvl) > scale) why = REASON.weekday;
      // Monthly charge: an expected range rather than a point, since a charge varies from month to
      // month (usage-priced support plans, growing subscriptions). Two months in a row confirm a
      // charge on any day: expected within +-25% of the smaller. The 1st, where support plans and
      // subscriptions bill, needs one month: anything from no charge to 1.25x last month's.
      // A drop must also fall below the recent level: a quiet weekday that usually carries a weekly
      // training run is not a drop in spend.
      let lo = Math.min(seasonal, lvl);
      let hi = base;
      const m1 = charge(offset, high, first, cal.sameDayMonthsBack(1));
      if (m1 > 0) {
        const m2 = charge(offset, high, first, cal.sameDayMonthsBack(2));
        const confirmed = m2 > 0;
        if (confirmed || cal.d === 1) {
          const m = confirmed ? Math.min(m1, m2) : m1;
          base += m;
          lo += confirmed ? 0.75 * m : 0;
          hi += 1.25 * m;
          why = REASON.monthly;
        }
      }
      charged = base - seasonal;
      const err = x > hi ? x - hi : x < lo ? x - lo : 0;
      // Kept only when it stood out on its own day: a weekday's noise is not a charge on a weekend.
      offset[day - first] = x - seasonal > thr * scale ? x - seasonal : 0;
      high[day - first] = x - lvl > thr * Math.max(rel, REL_FLOOR) * Math.abs(lvl) ? 1 : 0;
      const z = scale > 0 ? err / scale : err === 0 ? 0 : Math.sign(err) * SCORE_CAP;
      if (seen >= opts.minHistory && flag[i] === FLAG.none) {
        expected[i] = base;
        reason[i] = why;
        score[i] = Math.max(-SCORE_CAP, Math.min(SCORE_CAP, z));
        const dir = err > 0 ? 1 : -1;
        const candidate =
          Math.abs(z) >= thr &&
          Math.abs(x - base) >= opts.minImpact &&
          (dir > 0 || opts.drops) &&
          !(dir > 0 && withinRecurringBursts(bursts, burstAt, err, lvl));
        if (candidate) {
          if (epDir === dir && Math.abs(err) <= REALERT * epPeak) flag[i] = FLAG.ongoing;
          else {
            flag[i] = FLAG.alert;
            epPeak = Math.abs(err);
          }
          epDir = dir;
          epCalm = 0;
        } else if (epDir !== 0) {
          if (Math.sign(err) === epDir && Math.abs(z) >= thr / 2) epCalm = 0;
          else if (++epCalm >= CALM_DAYS) epDir = 0;
        }
      }
      // Early errors, from a level of one or two days, would overstate the noise for weeks.
      if (seen >= 3 && denom > 0) errors.push(Math.abs(x - base) / denom);
      if (lvl > 0) shape.push(x / lvl);
    }
    level.push(x);
    // An expected monthly charge is not a burst.
    bursts[burstAt] = x - charged;
    burstAt = burstAt + 1 === bursts.length ? 0 : burstAt + 1;
    seen += 1;
  }
  return { expected, score, reason, flag };
}

/**
 * True when bursts recurred in the ring (at least two separate runs of days at more than double today's
 * level `lvl`) and `err` is at most half again the largest of them: the series' own pattern,
 * such as a training job's runs. Past days are measured against today's level, so a series that began
 * with a burst (and had no level yet) still counts it.
 */
function withinRecurringBursts(ring: Float64Array, at: number, err: number, lvl: number): boolean {
  const minExcess = Math.abs(lvl);
  let runs = 0;
  let max = 0;
  let prev = false;
  for (let k = 0; k < ring.length; k++) {
    const excess = (ring[(at + k) % ring.length] as number) - lvl;
    const on = excess > minExcess;
    if (on && !prev) runs += 1;
    if (on && excess > max) max = excess;
    prev = on;
  }
  return runs >= 2 && err <= BURST_SLACK * max;
}

/**
 * The charge on `day`: its offset when it stood out alone, 0 otherwise. A charge is one day; a day
 * inside a run of high days (a training burst that happened to cover it) is not a charge.
 */
function charge(offset: Float64Array, high: Uint8Array, first: number, day: number): number {
  const k = day - first;
  if (k < 0 || k >= offset.length) return 0;
  const v = offset[k] as number;
  if (!(v > 0)) return 0;
  return (high[k - 1] ?? 0) || (high[k + 1] ?? 0) ? 0 : v;
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
