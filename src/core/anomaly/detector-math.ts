import type { SortedWindow } from './sorted-window.js';

// The detector's arithmetic: noise scales, scores, run days and small medians (detector.ts is the day
// loop).

/** MAD to standard deviation for Gaussian noise. */
export const MAD_SD = 1.4826;

/** Interquartile range to standard deviation for Gaussian noise (1 / 1.349). */
export const IQR_SD = 0.7413;

/**
 * The level view's noise scale takes the interquartile range's estimate when it is larger than the
 * MAD's, up to this many times the MAD's: two order statistics of 28 days estimate the noise better than
 * one (a MAD alone often comes out well below it), and the cap keeps a minority cluster that the IQR
 * straddles (quiet weekends, training runs) from widening the scale.
 */
export const IQR_CAP = 1.5;

/** Days of window before a day can be told a run day against the window's base. */
export const MIN_RUN_WINDOW = 7;

/** Scores are clamped to +-999 (a zero noise scale would make them infinite). */
export const SCORE_CAP = 999;

/** A weekday expected near zero still has residuals relative to at least this share of the level. */
export const QUIET = 0.05;

/**
 * A run day: more than double the window's base (its lower quartile) and more than double every same
 * weekday of the last weeks (a weekday that is always high is the weekday view's pattern).
 */
export function runDay(level: SortedWindow, sameWeekdays: Float64Array, found: number, v: number): boolean {
  // (Not above double the window's lowest day: not above double its lower quartile either.)
  if (level.size < MIN_RUN_WINDOW || (level.min() >= 0 && v <= 2 * level.min())) return false;
  const b = level.quantile(0.25);
  if (!(v - b > Math.abs(b))) return false;
  let least = Number.POSITIVE_INFINITY;
  for (let k = 0; k < found; k++) least = Math.min(least, sameWeekdays[k] as number);
  return !(found >= 2 && v <= 2 * Math.abs(least));
}

/** The level view's noise scale: the MAD's estimate, the IQR's when larger (capped), the floor. */
export function levelScale(mad: number, iqr: number, floor: number): number {
  return Math.max(floor, mad, Math.min(iqr, IQR_CAP * mad));
}

/** The amount a weekday residual is relative to: the usual value, at least 5% of the level (not 0). */
export function relBase(usual: number, level: number): number {
  const d = Math.max(Math.abs(usual), QUIET * Math.abs(level));
  return d > 0 ? d : 1;
}

export function zScore(err: number, scale: number): number {
  if (scale > 0) return err / scale;
  return err === 0 ? 0 : Math.sign(err) * SCORE_CAP;
}

/** Median of the first `k` numbers of `a`: closed forms up to 4 (it runs every day), else sorted. */
export function smallMedian(a: Float64Array, k: number): number {
  if (k > 4) return sortedMedian(a, k);
  const x0 = a[0] as number;
  if (k === 1) return x0;
  const x1 = a[1] as number;
  if (k === 2) return (x0 + x1) / 2;
  const x2 = a[2] as number;
  if (k === 3) return Math.max(Math.min(x0, x1), Math.min(Math.max(x0, x1), x2));
  const x3 = a[3] as number;
  // The middle two are the larger of the pairs' minima and the smaller of their maxima.
  const mid1 = Math.max(Math.min(x0, x1), Math.min(x2, x3));
  const mid2 = Math.min(Math.max(x0, x1), Math.max(x2, x3));
  return (mid1 + mid2) / 2;
}

/** Median of the first `k` numbers of `a` by sorting them (more than four weeks of references). */
function sortedMedian(a: Float64Array, k: number): number {
  const s = a.subarray(0, k).sort();
  const h = k >> 1;
  return k & 1 ? (s[h] as number) : ((s[h - 1] as number) + (s[h] as number)) / 2;
}
