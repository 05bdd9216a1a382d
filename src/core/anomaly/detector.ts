import { judgeDay } from './detector-day.js';
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

/** 'fast' settles plainly normal days by bounds of the noise scales; 'exact' measures every day. */
export type DetectorPath = 'fast' | 'exact';

/** A series that starts spending alerts once within its first days (the floor may need a few days). */
const NEW_DAYS = 7;

/**
 * Judges every day of one series using only the days before it (no look-ahead). The rules, each a
 * named function over the day's context (detector-context.ts), in the order they apply:
 *
 * - the two views (detector-views.ts): the level view, |x - median(last 28 days)| / scale >= threshold
 *   ("recent daily level"), the scale the larger of 1.4826 MAD and the IQR's estimate (capped at 1.5x
 *   the MAD's); the weekday view, residual r = x - median(same weekday 1..4 weeks back), |r - median(past
 *   28 residuals)| / (1.4826 MAD of them) >= weekdayThreshold ("usual for a Tuesday"); combined by OR,
 *   the more extreme view's expectation reported. A weekday whose usual value lies outside the level
 *   view's band (dev stages on weekends) is judged by the weekday view alone
 *   (isWeekdayOutsideLevelBand); both noise scales are at least 6% of the level;
 * - the rules between them (detector-view-rules.ts): isWeekdayOnlyRise (must be half-way up the level
 *   view's threshold too), isSecondWarmDay (two days in a row up beyond 0.7 of a threshold are an
 *   anomaly's start), doublesBothExpectations (more than double both views' expectations alerts on its
 *   size), isWeekdayOnlyDrop (must fall below the recent level too);
 * - the monthly charge (detector-charge-rules.ts): a charge seen on the same day before (the 1st: one
 *   month; other days: two months) is expected (judgeAgainstMonthlyCharge: no charge to 1.25x, or 0.75x
 *   to 1.25x once confirmed);
 * - the impact floor and drops only when asked (isReportable, detector-day.ts);
 * - the recurring runs (detector-run-rules.ts): a day within the series' own runs is normal
 *   (isWithinRecurringRuns), a drop between runs must fall below half the window's lowest day
 *   (isNoDropBetweenRuns), a run far beyond them alerts (runBeyondRecurringRuns);
 * - the episode (detector-episode.ts): one anomaly, one alert (later days `ongoing` until the series
 *   calms down, unless the excess doubles; while a rise is open, a larger run is the same anomaly);
 * - a series that was zero alerts when it starts spending, then builds a new history (below).
 *
 * `days` are ascending day numbers (gaps allowed); `values` NaN marks a missing day. With `scratch`
 * the result is a view into it (valid until its next use); without, fresh arrays. `path` 'exact' turns
 * off the one fast path (settledByBounds, detector-fast-path.ts): the flags, and every output of a
 * flagged day, are the same either way; a day the fast path settled keeps scores from the noise
 * scales' upper bounds (never overstated), so its reason and expectation may be the other view's.
 */
export function judgeSeries(
  days: Int32Array,
  values: Float64Array,
  opts: DetectorOptions = DEFAULT_DETECTOR,
  scratch?: DetectorScratch,
  path: DetectorPath = 'fast',
): SeriesJudgement {
  const n = values.length;
  const ws = scratch?.fits(opts) ? scratch : new DetectorScratch(opts);
  const out = ws.prepare(n, n > 0 ? (days[0] as number) : 0, n > 0 ? (days[n - 1] as number) : -1, opts);
  if (n === 0) return out;
  const { level, residuals, past, stamp, sameWeekdayValues, bursts, calendar, context: ctx } = ws;
  ctx.fastPath = path === 'fast';
  // `past` keeps the last weeks' values by day number, for the same weekdays.
  const span = 7 * opts.weeks;
  let observed = 0;
  let historyStart = Number.NaN;
  let spendingStarted = false;
  let newSeriesDaysLeft = 0;

  for (let i = 0; i < n; i++) {
    const x = values[i] as number;
    if (Number.isNaN(x)) continue;
    const day = days[i] as number;
    calendar.moveTo(day);
    if (Number.isNaN(historyStart)) historyStart = day;
    if (!spendingStarted && x !== 0) {
      spendingStarted = true;
      if (observed >= opts.minHistory) {
        // A new series: its zeros say nothing about its spending, so its history starts today.
        ws.forgetHistory();
        observed = 0;
        historyStart = day;
        newSeriesDaysLeft = NEW_DAYS;
      }
    }
    if (newSeriesDaysLeft > 0) {
      newSeriesDaysLeft -= 1;
      if (x > 0 && x >= opts.minImpact) {
        out.expected[i] = 0;
        out.score[i] = SCORE_CAP;
        out.reason[i] = REASON.newSeries;
        out.flag[i] = FLAG.alert;
        newSeriesDaysLeft = 0;
      }
    }
    let found = 0;
    for (let k = 1; k <= opts.weeks; k++) {
      const d = day - 7 * k;
      const slot = d % span;
      if (stamp[slot] === d) sameWeekdayValues[found++] = past[slot] as number;
    }
    const usual = found > 0 ? smallMedian(sameWeekdayValues, found) : Number.NaN;
    const isRunDay = runDay(level, sameWeekdayValues, found, x);
    ctx.chargeCarried = 0;
    if (observed > 0) {
      ctx.index = i;
      ctx.day = day;
      ctx.value = x;
      ctx.spendingStarted = spendingStarted;
      // Calendar days of history, at least half of them observed.
      ctx.hasHistory = day - historyStart >= opts.minHistory && 2 * observed >= opts.minHistory;
      ctx.isRunDay = isRunDay;
      ctx.sameWeekdaysFound = found;
      ctx.weekdayUsual = usual;
      judgeDay(ctx, out);
    }
    const charged = ctx.chargeCarried;
    if (found > 0) residuals.push((x - usual) / relBase(usual, observed > 0 ? level.median() : usual));
    level.push(x);
    const slot = day % span;
    // A weekday's usual value leaves out the monthly charge: a 1st that fell on it would otherwise
    // raise that weekday's median for four weeks and make its ordinary days look like drops.
    past[slot] = x - charged;
    stamp[slot] = day;
    // An expected monthly charge is not a burst.
    bursts.push(x - charged, charged > 0 ? runDay(level, sameWeekdayValues, found, x - charged) : isRunDay);
    observed += 1;
  }
  return out;
}
