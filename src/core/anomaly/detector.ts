import {
  IQR_SD,
  levelScale,
  MAD_SD,
  relBase,
  runDay,
  SCORE_CAP,
  smallMedian,
  zScore,
} from './detector-math.js';
import { DetectorScratch } from './detector-scratch.js';

/**
 * The detector's fixed defaults. They are the same for every data set (the benchmark rules forbid
 * tuning per data set); config can change thresholds, impact floor and drops for the store mode.
 *
 * How they were chosen (before looking at any benchmark score): 28 days is four whole weeks, so every
 * weekday weighs the same in the level and the weekday view has four same weekdays; 4 is the robust
 * z of the benchmark's reference detector; the weekday view compares with a median of only four values
 * and is the second of two tests, so it asks one more (5).
 */
export interface DetectorOptions {
  /** Level view: robust z-score against the recent daily level an alert needs. */
  threshold: number;
  /** Weekday view: robust z-score of the day's residual from its usual weekday value. */
  weekdayThreshold: number;
  /** Absolute impact floor, in the series' currency per day. */
  minImpact: number;
  /** Report drops (actual below expected) as well as spikes. */
  drops: boolean;
  /** Days of history a day needs before it is judged (calendar days, at least half of them observed). */
  minHistory: number;
  /** Days in the level window, and in the window of past weekday residuals. */
  window: number;
  /** Same weekdays (weeks back) whose median is the usual value for a weekday. */
  weeks: number;
  /** Days of memory for recurring bursts (training runs). */
  burstWindow: number;
}

export const DEFAULT_DETECTOR: DetectorOptions = {
  threshold: 4,
  weekdayThreshold: 5,
  minImpact: 10,
  drops: false,
  minHistory: 14,
  window: 28,
  weeks: 4,
  burstWindow: 42,
};

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

/**
 * A day standing out by half its expectation is a charge to remember whatever the noise scale says (the
 * scale is wide while a level shift or ramp passes through the window).
 */
const K_CHARGE = 0.5;
/** Between training runs, a drop must fall below this share of the window's lowest day. */
const BURST_DROP = 0.5;
/** On the 1st (where plans and subscriptions bill) half the usual bar is enough to remember a charge. */
const FIRST_BAR = 0.5;
/**
 * A noise scale never falls below this share of the level: a flat series is not infinitely sure, and
 * a 28-day MAD of a calm series often comes out well below its real noise. With z 4, a change under
 * 24% of the recent level does not alert on statistics alone.
 */
const REL_FLOOR = 0.06;
/**
 * A rise on two days in a row, each beyond this share of its view's threshold, is an anomaly's start
 * (a level shift or ramp shows on its first days at z 2.8 or more, before any single day reaches 4).
 */
const PERSIST = 0.7;
/** A day above this multiple of both views' expectations alerts on its size alone. */
const DOUBLE = 2;
/** An ongoing anomaly alerts again only when its excess grows this many times over the first alert's. */
const REALERT = 2;
/** An anomaly is over after this many days back within half the threshold. */
const CALM_DAYS = 3;
/** Same weekdays the weekday view needs before it judges. */
const MIN_WEEKS = 2;
/** Past residuals the weekday view needs for its noise scale. */
const MIN_RESIDUALS = 7;
/** A series that starts spending alerts once within its first days (the floor may need a few days). */
const NEW_DAYS = 7;

/**
 * Judges every day of one series using only the days before it (no look-ahead), with two robust views
 * combined by OR:
 *
 * - level view: |x - median(last 28 days)| / scale >= threshold ("recent daily level"), the scale the
 *   larger of 1.4826 MAD and the IQR's estimate (capped at 1.5x the MAD's);
 * - weekday view: residual r = x - median(same weekday 1..4 weeks back); |r - median(past 28 residuals)|
 *   / (1.4826 MAD of them) >= weekdayThreshold ("usual for a Tuesday");
 * - explicit rules between them: a weekday whose usual value lies outside the level view's band (dev
 *   stages on weekends) is judged by the weekday view alone; on any other day, a rise seen only by the
 *   weekday view must be at least half-way up the level view's threshold, and a drop seen only by it
 *   must fall below the recent level (half-way down while the weekday has only two weeks behind it),
 *   and not in a series with recurring bursts (the same weekday last week may have been a training
 *   day). The reported expectation is that of the more extreme view.
 *
 * Then: two days in a row up beyond 0.7 of a view's threshold are an anomaly's start; more than double
 * both views' expectations (the level's alone while the weekday has two weeks behind it) alerts on its
 * size. Cost rules on top: both noise scales are at least 6% of the level; a monthly charge seen on
 * the same day before (the 1st: one month; other days: two months) is expected (no charge to 1.25x,
 * or 0.75x to 1.25x once confirmed); a day within the series' own recurring runs is normal (a run's
 * later days only when they look like run days: a base that rose is a level shift), and a run far
 * beyond them alerts (once per rise: while a rise is open, a larger run is the same anomaly); the
 * impact floor must be met; drops only when asked; one anomaly, one alert (later days `ongoing` until
 * the series calms down, unless the excess doubles); a series that was zero alerts when it starts
 * spending, then builds a new history.
 *
 * `days` are ascending day numbers (gaps allowed); `values` NaN marks a missing day. With `scratch`
 * the result is a view into it (valid until its next use); without, fresh arrays. `exact` turns off
 * the O(1) bounds that settle plainly normal days (for the test that they never change a decision).
 */
export function judgeSeries(
  days: Int32Array,
  values: Float64Array,
  opts: DetectorOptions = DEFAULT_DETECTOR,
  scratch?: DetectorScratch,
  exact = false,
): SeriesJudgement {
  const n = values.length;
  const ws = scratch?.fits(opts) ? scratch : new DetectorScratch(opts);
  const out = ws.prepare(n, n > 0 ? (days[0] as number) : 0, n > 0 ? (days[n - 1] as number) : -1);
  const { expected, score, reason, flag } = out;
  if (n === 0) return out;
  const { charges, level, residuals, past, stamp, refs, bursts, cal } = ws;
  // The last weeks' values by day number, for the same weekdays (a gap leaves a stale stamp).
  const span = 7 * opts.weeks;
  const thrL = opts.threshold;
  const thrW = opts.weekdayThreshold;
  let seen = 0;
  let since = Number.NaN;
  let nonZeroSeen = false;
  let newDays = 0;
  let epDir = 0;
  let epPeak = 0;
  let epCalm = 0;
  let warmDir = 0;
  let warmDay = Number.NaN;
  let coveredDay = Number.NaN;

  for (let i = 0; i < n; i++) {
    const x = values[i] as number;
    if (Number.isNaN(x)) continue;
    const day = days[i] as number;
    cal.moveTo(day);
    if (Number.isNaN(since)) since = day;
    if (!nonZeroSeen && x !== 0) {
      nonZeroSeen = true;
      if (seen >= opts.minHistory) {
        // A new series: its zeros say nothing about its spending, so its history starts today.
        level.clear();
        residuals.clear();
        stamp.fill(-1 << 30);
        bursts.clear();
        seen = 0;
        since = day;
        newDays = NEW_DAYS;
      }
    }
    if (newDays > 0) {
      newDays -= 1;
      if (x > 0 && x >= opts.minImpact) {
        expected[i] = 0;
        score[i] = SCORE_CAP;
        reason[i] = REASON.newSeries;
        flag[i] = FLAG.alert;
        newDays = 0;
      }
    }
    let nRefs = 0;
    for (let k = 1; k <= opts.weeks; k++) {
      const d = day - 7 * k;
      const slot = d % span;
      if (stamp[slot] === d) refs[nRefs++] = past[slot] as number;
    }
    const usual = nRefs > 0 ? smallMedian(refs, nRefs) : Number.NaN;
    const onRun = runDay(level, refs, nRefs, x);
    let charged = 0;
    if (seen > 0) {
      const m = level.median();
      const floor = REL_FLOOR * Math.abs(m);
      const iqrS = level.size >= 4 ? IQR_SD * level.iqr() : 0;
      const hasW = nRefs >= MIN_WEEKS && residuals.size >= MIN_RESIDUALS;
      const d = hasW ? relBase(usual, m) : 0;
      const rm = hasW ? residuals.median() : 0;
      const expW = hasW ? usual + rm * d : Number.NaN;
      const c = charges.expected(cal);
      // Most days are plainly normal: O(1) bounds of both MADs settle them, and the exact MADs (the
      // detector's main cost) are computed only for days the bounds leave open. Scores of settled days
      // use the upper bounds, so they are never overstated; every decision is the exact one. The 1st is
      // always judged exactly: its charge memory keeps excesses below the bounds' guarantee.
      let sL = Number.NaN;
      let sW = floor;
      let special = false;
      if (!exact && level.size >= 3 && c.charge === 0 && cal.d !== 1) {
        const bl = level.madBounds(m);
        const sLlo = levelScale(MAD_SD * bl.lo, iqrS, floor);
        const sLhi = levelScale(MAD_SD * bl.hi, iqrS, floor);
        let sWlo = floor;
        let sWhi = floor;
        if (hasW) {
          const bw = residuals.madBounds(rm);
          sWlo = Math.max(MAD_SD * bw.lo * d, floor);
          sWhi = Math.max(MAD_SD * bw.hi * d, floor);
        }
        const gap = Math.abs(usual - m);
        const surely = hasW && gap > thrL * Math.min(sLhi, sWhi);
        const maybe = hasW && gap > thrL * Math.min(sLlo, sWlo);
        // Within the threshold nothing fires; during an open episode the day must also be back within
        // half of it (the episode's calm rule). A weekday surely outside the level's band (a quiet
        // weekend) is judged by the weekday view alone, so its distance from the level does not count.
        // The two-day rule needs to know every day that rose beyond PERSIST; a day at or below both
        // expectations cannot have, so only a day above one of them is settled at that margin. A day
        // equal to an expectation scores 0 whatever the scale (a series still at zero before it starts).
        const upSide = x > m || (hasW && x > expW);
        const margin = Math.min(epDir !== 0 ? 0.5 : 1, upSide ? PERSIST : 1);
        const calm =
          surely === maybe &&
          !(m > 0 && x > DOUBLE * m) &&
          (surely || x === m || Math.abs(x - m) < margin * thrL * sLlo) &&
          (!hasW || x === expW || Math.abs(x - expW) < margin * thrW * sWlo);
        if (calm) {
          sL = sLhi;
          sW = sWhi;
          special = surely;
        }
      }
      if (Number.isNaN(sL)) {
        sL = levelScale(MAD_SD * level.mad(m), iqrS, floor);
        // Residuals are relative to the usual value: cost noise and level shifts scale with the
        // amount, so a quiet weekend and a busy weekday share one residual scale.
        if (hasW) sW = Math.max(MAD_SD * residuals.mad(rm) * d, floor);
        // The weekday's usual value is itself an outlier against the level (by the level's or the
        // weekday residuals' noise, the smaller): a weekly pattern the level cannot judge.
        special = hasW && Math.abs(usual - m) > thrL * Math.min(sL, sW);
      }
      const zL = zScore(x - m, sL);
      const zW = hasW ? zScore(x - expW, sW) : 0;
      const rL = special ? 0 : Math.abs(zL) / thrL;
      const rW = hasW ? Math.abs(zW) / thrW : 0;
      const byW = rW > rL;
      let base = byW ? expW : m;
      let z = byW ? zW : zL;
      let why: Reason = !nonZeroSeen ? REASON.newSeries : byW ? REASON.weekday : REASON.level;
      let fires = byW ? rW >= 1 : rL >= 1;
      const wOnly = byW && z > 0 && !special && zL < thrL * 0.5;
      if (wOnly) fires = false;
      // Two days in a row up beyond PERSIST of the threshold are one anomaly's start (rises only: a
      // weekend after a level shift sits low twice in a row without being a drop).
      const warm = Math.max(rL, rW) >= PERSIST ? (z > 0 ? 1 : -1) : 0;
      if (!fires && warm > 0 && warm === warmDir && warmDay === day - 1) fires = true;
      // More than double both expectations is an anomaly whatever the noise scales say (a noisy series
      // widens them until a doubling scores below the threshold).
      if (!fires && m > 0 && x > DOUBLE * m && (!hasW || nRefs < 3 || x > DOUBLE * expW)) fires = true;
      warmDir = warm;
      warmDay = day;
      // A drop seen only by the weekday view must be below the recent level too.
      if (fires && byW && z < 0 && !(rL >= 1) && (x >= m || (nRefs < 3 && zL > -thrL / 2))) fires = false;
      const own = special ? expW : m;
      const ownScale = special ? sW : sL;
      const ownThr = special ? thrW : thrL;
      if (c.charge > 0) {
        // A charge varies from month to month (usage-priced support plans): an expected range.
        const lo = own + (c.confirmed ? 0.75 * c.charge : 0);
        const hi = own + 1.25 * c.charge;
        const err = x > hi ? x - hi : x < lo ? x - lo : 0;
        base = own + c.charge;
        z = zScore(err, ownScale);
        fires = Math.abs(z) >= ownThr;
        why = REASON.monthly;
        // An expected charge day says nothing about a rise starting.
        warmDir = 0;
        if (x >= lo) charged = c.charge;
      }
      charges.record(
        day,
        x,
        x - own,
        Math.min(ownThr * ownScale, K_CHARGE * Math.abs(own)) * (cal.d === 1 ? FIRST_BAR : 1),
        x - m > thrL * sL,
      );
      if (day - since >= opts.minHistory && 2 * seen >= opts.minHistory && flag[i] === FLAG.none) {
        let dir = z > 0 ? 1 : -1;
        let candidate = fires && Math.abs(x - base) >= opts.minImpact && (dir > 0 || opts.drops);
        // A run's later days look like run days too: a day that does not, after a covered one, is
        // the base rising (a level shift), not a run.
        const covered =
          candidate &&
          dir > 0 &&
          (onRun || coveredDay !== day - 1 || !(zL >= thrL)) &&
          bursts.covers(x - m, m);
        if (covered) {
          candidate = false;
          coveredDay = day;
        }
        if (candidate && dir < 0 && bursts.recurring(m).runs >= 2) {
          // With recurring bursts the median is not the baseline between them, and both noise scales
          // are wide: a drop must fall below half the lowest day of the window, and the weekday view
          // alone (last week's same day may have been a burst) is not enough.
          if ((byW && !(rL >= 1)) || x >= BURST_DROP * level.quantile(0)) candidate = false;
        }
        // A run much larger than the series' own recurring jobs is an anomaly whatever the noise scales
        // say (the bursts widen them), and it is explained against the largest recent run.
        // (A covered run is within the slack, so it cannot exceed it.)
        const top = !covered && charged === 0 && (dir > 0 || !candidate) ? bursts.exceeds(x - m, m) : 0;
        const open = epDir === 1;
        if (top > 0) {
          dir = 1;
          base = m + top;
          why = REASON.burst;
          z = Math.max(z, zScore(x - base, sL));
          candidate = x - base >= opts.minImpact;
        }
        expected[i] = base;
        reason[i] = why;
        score[i] = Math.max(-SCORE_CAP, Math.min(SCORE_CAP, z));
        if (candidate) {
          const err = Math.abs(x - base);
          if (epDir === dir && (err <= REALERT * epPeak || (why === REASON.burst && open)))
            flag[i] = FLAG.ongoing;
          else {
            flag[i] = FLAG.alert;
            epPeak = err;
          }
          epDir = dir;
          epCalm = 0;
        } else if (epDir !== 0) {
          if (Math.sign(z) === epDir && Math.abs(z) >= (byW ? thrW : thrL) / 2) epCalm = 0;
          else if (++epCalm >= CALM_DAYS) epDir = 0;
        }
      }
    }
    if (nRefs > 0) residuals.push((x - usual) / relBase(usual, seen > 0 ? level.median() : usual));
    level.push(x);
    const slot = day % span;
    // A weekday's usual value leaves out the monthly charge: a 1st that fell on it would otherwise
    // raise that weekday's median for four weeks and make its ordinary days look like drops.
    past[slot] = x - charged;
    stamp[slot] = day;
    // An expected monthly charge is not a burst.
    bursts.push(x - charged, charged > 0 ? runDay(level, refs, nRefs, x - charged) : onRun);
    seen += 1;
  }
  return { expected, score, reason, flag };
}
