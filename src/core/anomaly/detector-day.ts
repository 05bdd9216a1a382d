import { FLAG, REASON, type Reason, type SeriesJudgement } from './detector-flags.js';
import { IQR_SD, levelScale, MAD_SD, relBase, SCORE_CAP, zScore } from './detector-math.js';
import type { DetectorOptions } from './detector-options.js';
import type { DetectorScratch } from './detector-scratch.js';

// One day's judgement (detector.ts runs the day loop and keeps the windows). A function of its own: V8
// optimizes it apart from the loop, so the window queries it calls are inlined within its own budget.

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

/**
 * Judges day `i` (value `x`, day number `day`) against the windows in `ws`, which hold the days before
 * it; writes its expectation, score, reason and flag into `out` when `judged` (enough history). Returns
 * the monthly charge the day was expected to carry (0 when none), which the caller leaves out of the
 * weekday's usual value and of the run memory.
 */
export function judgeSeriesDay(
  ws: DetectorScratch,
  opts: DetectorOptions,
  out: SeriesJudgement,
  i: number,
  x: number,
  day: number,
  usual: number,
  nRefs: number,
  onRun: boolean,
  nonZeroSeen: boolean,
  judged: boolean,
  exact: boolean,
): number {
  const { charges, level, residuals, bursts, cal, episode: ep } = ws;
  const { expected, score, reason, flag } = out;
  const thrL = opts.threshold;
  const thrW = opts.weekdayThreshold;
  let charged = 0;
  const m = level.median();
  const floor = REL_FLOOR * Math.abs(m);
  const iqrS = level.size >= 4 ? IQR_SD * level.iqr() : 0;
  const hasW = nRefs >= MIN_WEEKS && residuals.size >= MIN_RESIDUALS;
  // Only the fewest weeks the weekday view judges from: its usual value is the mean of two days.
  const fewRefs = nRefs <= MIN_WEEKS;
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
    const margin = Math.min(ep.dir !== 0 ? 0.5 : 1, upSide ? PERSIST : 1);
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
  if (!fires && warm > 0 && warm === ep.warmDir && ep.warmDay === day - 1) fires = true;
  // More than double both expectations is an anomaly whatever the noise scales say (a noisy series
  // widens them until a doubling scores below the threshold).
  if (!fires && m > 0 && x > DOUBLE * m && (!hasW || fewRefs || x > DOUBLE * expW)) fires = true;
  ep.warmDir = warm;
  ep.warmDay = day;
  // A drop seen only by the weekday view must be below the recent level too.
  if (fires && byW && z < 0 && !(rL >= 1) && (x >= m || (fewRefs && zL > -thrL / 2))) fires = false;
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
    ep.warmDir = 0;
    if (x >= lo) charged = c.charge;
  }
  charges.record(
    day,
    x,
    x - own,
    Math.min(ownThr * ownScale, K_CHARGE * Math.abs(own)) * (cal.d === 1 ? FIRST_BAR : 1),
    x - m > thrL * sL,
  );
  if (judged && flag[i] === FLAG.none) {
    let dir = z > 0 ? 1 : -1;
    let candidate = fires && Math.abs(x - base) >= opts.minImpact && (dir > 0 || opts.drops);
    // A run's later days look like run days too: a day that does not, after a covered one, is
    // the base rising (a level shift), not a run.
    const covered =
      candidate &&
      dir > 0 &&
      (onRun || ep.coveredDay !== day - 1 || !(zL >= thrL)) &&
      bursts.covers(x - m, m);
    if (covered) {
      candidate = false;
      ep.coveredDay = day;
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
      // Same direction as the open anomaly: a later day of it, unless its excess doubled; a run beyond
      // the job's largest while a rise is open is that rise (a price change makes the next run larger).
      if (ep.dir === dir && (err <= REALERT * ep.peak || why === REASON.burst)) flag[i] = FLAG.ongoing;
      else {
        flag[i] = FLAG.alert;
        ep.peak = err;
      }
      ep.dir = dir;
      ep.calm = 0;
    } else if (ep.dir !== 0) {
      if (Math.sign(z) === ep.dir && Math.abs(z) >= (byW ? thrW : thrL) / 2) ep.calm = 0;
      else if (++ep.calm >= CALM_DAYS) ep.dir = 0;
    }
  }
  return charged;
}
