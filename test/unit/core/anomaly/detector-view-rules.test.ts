import { describe, expect, it } from 'vitest';
import { alertsOf } from '../../../../src/core/anomaly/alerts.js';
import { FLAG, judgeSeries, REASON } from '../../../../src/core/anomaly/detector.js';
import { weekdayOf } from '../../../../src/core/day.js';
import { noisy, rng, series, withDrops } from './shapes.js';

const opts = withDrops;
const alerts = (s: { days: Int32Array; values: Float64Array }, o = opts) =>
  alertsOf(s.values, judgeSeries(s.days, s.values, o)).map((a) => [a.index, a.direction]);

describe('detector: noise scale and the rules between the two views', () => {
  it('the level view scale is the larger of the MAD and the IQR estimates (IQR capped at 1.5x the MAD)', () => {
    // Prepare: skewed (log-normal-like) noise around 1000, where the two estimates differ.
    const r = rng(31);
    const s = series('2026-01-01', 160, () => 1000 * Math.exp(0.2 * (r() + r() + r() + r() - 2) * 1.732));
    // Act: the exact path (the fast path settles plainly normal days with upper-bound scales).
    const j = judgeSeries(s.days, s.values, opts, undefined, 'exact');
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

  it('a rise only the weekday view sees must be half-way up the level view too', () => {
    // Prepare: weekdays at steady levels (Mon 800 ... Sun 1200, 1% noise): the level's MAD is wide, each
    // weekday's residuals narrow. Monday usually 800 is within the level's band (not a quiet weekday).
    const usual = [1200, 800, 1300, 900, 1100, 1000, 800]; // Sunday first, as weekdayOf
    const n = noisy(rng(32), 0.01);
    const s = series('2026-03-01', 70, (_, d) => n(usual[weekdayOf(d)] as number));
    const monday = 64; // 2026-05-04
    expect(weekdayOf(s.days[monday] as number)).toBe(1);
    s.values[monday] = 1150; // weekday view: z about 6; level view: z under 2
    // Act
    const j = judgeSeries(s.days, s.values, opts);
    // Assess
    expect(j.flag[monday]).toBe(FLAG.none);
    s.values[monday] = 2100; // far above the level too: alerts
    expect(alerts(s)).toContainEqual([monday, 'up']);
  });

  it('while a weekday has two weeks behind it, one odd week does not make a drop, and doubling the level is enough', () => {
    // Prepare: 100 a day (1% noise); the Monday of week 2 at 300 (a one-off), so the weekday view expects
    // about 200 on the Monday of week 3 (the mean of two references).
    const calm = noisy(rng(34), 0.01);
    const s = series('2026-03-02', 30, (i) => (i === 7 ? 300 : calm(100)));
    s.values[14] = 98.5;
    // Act / Assess: 98.5 is the level, not a drop (the weekday view alone, from two weeks, says -50%).
    expect(alerts(s, { ...opts, minImpact: 0 }).filter(([i]) => i === 14)).toEqual([]);
    // Prepare: a noisy series (40%), the same one-off, and day 14 at more than double the level but not
    // double the weekday view's 2-week expectation, at a z under 4.
    const wild = noisy(rng(33), 0.4);
    const t = series('2026-03-02', 30, (i) => (i === 7 ? 260 : wild(100)));
    t.values[14] = 250;
    const j = judgeSeries(t.days, t.values, opts);
    expect(j.score[14]).toBeLessThan(4);
    expect(j.flag[14]).toBe(FLAG.alert);
  });

  it('in a training series, a base that rises is a level shift at its onset, and its larger runs are the same anomaly', () => {
    // Prepare: a job of 3 days every 10 at ~800 over a base of ~100; from day 154 everything costs 1.7x
    // (a price change): the base days rise, and so does the next run (day 160).
    const n = noisy(rng(35), 0.05);
    const s = series('2026-01-01', 200, (i) => (i % 10 < 3 ? n(800) : n(100)) * (i >= 154 ? 1.7 : 1));
    // Act
    const j = judgeSeries(s.days, s.values, opts);
    // Assess: the second day of the higher base is no run day (not double the base): one alert there,
    // and the larger run that follows is ongoing, not a second anomaly.
    expect(alerts(s)).toEqual([[155, 'up']]);
    expect(j.flag[160]).toBe(FLAG.ongoing);
  });
});
