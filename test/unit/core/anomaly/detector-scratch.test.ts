import { describe, expect, it } from 'vitest';
import { alertsOf } from '../../../../src/core/anomaly/alerts.js';
import { DEFAULT_DETECTOR, judgeSeries } from '../../../../src/core/anomaly/detector.js';
import { DetectorScratch } from '../../../../src/core/anomaly/detector-scratch.js';
import { civilFromDays, weekdayOf } from '../../../../src/core/day.js';
import { noisy, rng, series } from './shapes.js';

const opts = { ...DEFAULT_DETECTOR, drops: true };

describe('judgeSeries with a reused scratch', () => {
  it('gives the same judgement as fresh arrays, series after series of different lengths and shapes', () => {
    // Prepare
    const r = rng(7);
    const n = noisy(r, 0.08);
    const shapes = [
      series('2026-01-05', 200, (i) => (i === 120 ? 900 : n(100))),
      series('2025-11-01', 60, (_, d) => n(weekdayOf(d) % 6 === 0 ? 20 : 300)),
      series('2025-06-01', 300, (i, d) => (civilFromDays(d).d === 1 ? 500 : 0) + n(50 + i)),
      series('2026-02-01', 90, (i) => (i < 40 ? 0 : n(80))),
    ];
    const scratch = new DetectorScratch(opts);
    for (const s of [...shapes, ...shapes]) {
      // Act
      const reused = judgeSeries(s.days, s.values, opts, scratch);
      const copy = {
        flag: Array.from(reused.flag),
        expected: Array.from(reused.expected),
        score: Array.from(reused.score),
        reason: Array.from(reused.reason),
      };
      const fresh = judgeSeries(s.days, s.values, opts);
      // Assess
      expect(copy.flag).toEqual(Array.from(fresh.flag));
      expect(copy.expected).toEqual(Array.from(fresh.expected));
      expect(copy.score).toEqual(Array.from(fresh.score));
      expect(copy.reason).toEqual(Array.from(fresh.reason));
    }
    const first = shapes[0] as (typeof shapes)[number];
    const j = judgeSeries(first.days, first.values, opts, scratch);
    expect(alertsOf(first.values, j).map((a) => a.index)).toEqual([120]);
  });
});

describe('monthly charges and the weekday view', () => {
  it('a weekly-shaped series with a charge on the 1st (a Saturday in March) alerts on no ordinary day', () => {
    // Prepare: quiet weekends, a subscription charged on the 1st (2025-03-01 is a Saturday).
    const n = noisy(rng(3), 0.04);
    const s = series('2025-01-06', 150, (_, d) => {
      const we = weekdayOf(d) === 0 || weekdayOf(d) === 6;
      return n(we ? 100 : 200) + (civilFromDays(d).d === 1 ? 1500 : 0);
    });
    // Act
    const alerts = alertsOf(s.values, judgeSeries(s.days, s.values, opts));
    // Assess: only 1sts may alert (the first charge has no precedent); no ordinary day does.
    for (const a of alerts) expect(civilFromDays(s.days[a.index] as number).d).toBe(1);
  });
});
