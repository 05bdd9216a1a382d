// The reference detector of the anomaly benchmark's README: a rolling median/MAD over the last 28
// days, |z| > 4, from 14 days of history. Built on the same SortedWindow as costguard's detector so
// the speed comparison measures the method, not the plumbing.
import { SortedWindow } from '../src/core/anomaly/sorted-window.js';

export function baselineAlerts(values: Float64Array, window = 28, z = 4, minHistory = 14): number[] {
  const w = new SortedWindow(window);
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const x = values[i] as number;
    if (Number.isNaN(x)) continue;
    if (w.size >= minHistory) {
      const m = w.median();
      const mad = w.mad(m) * 1.4826;
      const score = mad > 0 ? (x - m) / mad : x === m ? 0 : Number.POSITIVE_INFINITY;
      if (Math.abs(score) > z) out.push(i);
    }
    w.push(x);
  }
  return out;
}
