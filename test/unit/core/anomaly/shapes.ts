import { alertsOf } from '../../../../src/core/anomaly/alerts.js';
import { DEFAULT_DETECTOR, judgeSeries } from '../../../../src/core/anomaly/detector.js';
import { dayNumber } from '../../../../src/core/day.js';
import { rng } from '../../../../src/sim/rng.js';

export { rng };

/** A daily series from `start` of `n` days, value from `f(dayIndex, dayNumber)`. */
export function series(start: string, n: number, f: (i: number, day: number) => number) {
  const first = dayNumber(start);
  const days = Int32Array.from({ length: n }, (_, i) => first + i);
  const values = Float64Array.from({ length: n }, (_, i) => f(i, first + i));
  return { days, values };
}

/** Multiplicative noise of about `cv` (uniform, so bounded). */
export const noisy = (r: () => number, cv: number) => (v: number) =>
  v * (1 + cv * (2 * r() - 1) * Math.sqrt(3));

/** The fixed defaults with drops reported (as the scoring mode runs them). */
export const withDrops = { ...DEFAULT_DETECTOR, drops: true };

/** The indexes of the days a series alerts on (onsets only). */
export const alertDays = (s: { days: Int32Array; values: Float64Array }, o = withDrops) =>
  alertsOf(s.values, judgeSeries(s.days, s.values, o)).map((a) => a.index);
