import { judgeSeriesDay } from './detector-day.js';
import { FLAG, REASON, type SeriesJudgement } from './detector-flags.js';
import { relBase, runDay, SCORE_CAP, smallMedian } from './detector-math.js';
import type { DetectorOptions } from './detector-options.js';
import { DetectorScratch } from './detector-scratch.js';

export type { DetectorOptions } from './detector-options.js';

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

export { FLAG, REASON, type Reason, type SeriesJudgement } from './detector-flags.js';

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
  const { level, residuals, past, stamp, refs, bursts, cal } = ws;
  // The last weeks' values by day number, for the same weekdays (a gap leaves a stale stamp).
  const span = 7 * opts.weeks;
  let seen = 0;
  let since = Number.NaN;
  let nonZeroSeen = false;
  let newDays = 0;
  ws.episode.reset();

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
      const judged = day - since >= opts.minHistory && 2 * seen >= opts.minHistory;
      charged = judgeSeriesDay(ws, opts, out, i, x, day, usual, nRefs, onRun, nonZeroSeen, judged, exact);
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
