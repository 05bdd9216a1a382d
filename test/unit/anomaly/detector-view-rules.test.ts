import { describe, expect, it } from 'vitest';
import { alertsOf } from '../../../src/core/anomaly/alerts.js';
import { weekdayOf } from '../../../src/core/anomaly/days.js';
import { DEFAULT_DETECTOR, FLAG, judgeSeries, REASON } from '../../../src/core/anomaly/detector.js';
import { noisy, rng, series } from './shapes.js';

const opts = { ...DEFAULT_DETECTOR, drops: true };
const alerts = (s: { days: Int32Array; values: Float64Array }, o = opts) =>
  alertsOf(s.values, judgeSeries(s.days, s.values, o)).map((a) => [a.index, a.direction]);

describe('detector: noise scale and the rules between the two views', () => {
  it('the level view scale is the larger of the MAD and the IQR estimates (IQR capped at 1.5x the MAD)', () => {
    // Prepare: skewed (log-normal-like) noise around 1000, where the two estimates differ.
    const r = rng(31);
    const s = series('2026-01-01', 160, () => 1000 * Math.exp(0.2 * (r() + r() + r() + r() - 2) * 1.732));
    // Act: the exact path (no O(1) bounds), so every score uses the exact scale.
    const j = judgeSeries(s.days, s.values, opts, undefined, true);
    // Assess: each day the level view explains scores (x - median) / scale over the 28 days before it.
    const med = (v: number[]) => ((v[(v.length - 1) >> 1] as number) + (v[v.length >> 1] as number)) / 2;
    const q = (v: number[], p: number) => {
      const pos = p * (v.length - 1);
      const lo = Math.floor(pos);
      return (v[lo] as number) + (pos - lo) * ((v[lo + 1] as number) - (v[lo] as number));
    };
    let checked = 0;
    let iqrBinds = 0;
    for (let i = 40; i < 160; i++) {
      if (j.reason[i] !== REASON.level) continue;
      const w = Array.from(s.values.slice(i - 28, i)).sort((a, b) => a - b);
      const m = med(w);
      const mad = 1.4826 * med(w.map((v) => Math.abs(v - m)).sort((a, b) => a - b));
      const iqr = 0.7413 * (q(w, 0.75) - q(w, 0.25));
      const scale = Math.max(0.06 * m, mad, Math.min(iqr, 1.5 * mad));
      expect(j.score[i]).toBeCloseTo(((s.values[i] as number) - m) / scale, 9);
      checked += 1;
      if (Math.min(iqr, 1.5 * mad) > Math.max(0.06 * m, mad)) iqrBinds += 1;
    }
    expect(checked).toBeGreaterThan(60);
    expect(iqrBinds).toBeGreaterThan(10);
  });
});
