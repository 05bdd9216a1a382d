import type { DayContext } from './detector-context.js';
import { levelScale, MAD_SD } from './detector-math.js';
import { PERSIST } from './detector-view-rules.js';
import { measureExpectations, scoreViews } from './detector-views.js';

/** During an open anomaly a day must be back within this share of the threshold (see calmDown). */
const CALM_SHARE = 0.5;

/**
 * The detector's one fast path. Most days are plainly normal, and O(1) bounds of both MADs
 * (SortedWindow.madLowerBound/madUpperBound) prove it without the exact MADs, the day's main cost.
 * Settles the day's views with the upper bounds as noise scales (its scores are never overstated) and
 * returns true only when every decision the rules then make is the exact path's: nothing fires, the
 * episode, the two-day rule and the charge memory learn the same. Returns false (measureViews() then
 * measures the day exactly) on:
 *
 * - the 1st: its charge memory keeps excesses at half the usual bar, below the bounds' guarantee;
 * - a day expecting a monthly charge (judged against the charge, not the views);
 * - a day that may double the level or be a run beyond the recurring ones (both fire whatever the
 *   noise scales, and a run's score reads the level's scale);
 * - a weekday whose place outside the level's band the bounds leave open;
 * - a day the lower bounds cannot keep within the thresholds: within PERSIST of them on a rise (the
 *   two-day rule remembers any rise beyond it), within CALM_SHARE while an anomaly is open;
 * - a day the bounds cannot tell high or not against the level (the charge memory keeps it);
 * - a weekday outside the level's band exactly at the weekday view's expectation while an anomaly is
 *   open (the level view then explains it, and the episode reads that view's score).
 *
 * test/unit/core/anomaly/detector-fast-path.test.ts checks that the decisions equal the exact path's.
 */
export function settledByBounds(ctx: DayContext): boolean {
  const { levelWindow, residuals, opts } = ctx;
  if (ctx.calendar.d === 1 || ctx.charge !== 0 || levelWindow.size < 2) return false;
  measureExpectations(ctx);
  const x = ctx.value;
  const level = ctx.level;
  if (x - level > Math.abs(level)) return false;

  const floor = ctx.noiseFloor;
  const levelLow = levelScale(MAD_SD * levelWindow.madLowerBound(level), ctx.levelIqrScale, floor);
  const levelHigh = levelScale(MAD_SD * levelWindow.madUpperBound(level), ctx.levelIqrScale, floor);
  const judges = ctx.weekdayJudges;
  const expected = ctx.weekdayExpected;
  let weekdayLow = floor;
  let weekdayHigh = floor;
  if (judges) {
    const typical = ctx.typicalResidual;
    weekdayLow = Math.max(MAD_SD * residuals.madLowerBound(typical) * ctx.residualBase, floor);
    weekdayHigh = Math.max(MAD_SD * residuals.madUpperBound(typical) * ctx.residualBase, floor);
  }

  // isWeekdayOutsideLevelBand at either bound.
  const gap = Math.abs(ctx.weekdayUsual - level);
  const surelyOutside = judges && gap > opts.threshold * Math.min(levelHigh, weekdayHigh);
  const maybeOutside = judges && gap > opts.threshold * Math.min(levelLow, weekdayLow);
  if (surelyOutside !== maybeOutside) return false;

  const anomalyOpen = ctx.episode.direction !== 0;
  // A day at or below both expectations scores 0 or less: the two-day rule cannot remember it.
  const rises = x > level || (judges && x > expected);
  const margin = Math.min(anomalyOpen ? CALM_SHARE : 1, rises ? PERSIST : 1);
  // A day equal to an expectation scores 0 whatever the scale (a series still at zero before it starts).
  const withinLevel = surelyOutside
    ? !(anomalyOpen && x === expected)
    : x === level || Math.abs(x - level) < margin * opts.threshold * levelLow;
  const withinWeekday =
    !judges || x === expected || Math.abs(x - expected) < margin * opts.weekdayThreshold * weekdayLow;
  const sameHigh = x - level <= opts.threshold * levelLow || x - level > opts.threshold * levelHigh;
  if (!(withinLevel && withinWeekday && sameHigh)) return false;

  ctx.levelScale = levelHigh;
  ctx.weekdayScale = weekdayHigh;
  scoreViews(ctx);
  return true;
}
