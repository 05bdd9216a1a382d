import { describe, expect, it } from 'vitest';
import { generateSuite } from '../../../scripts/anomaly-suite.js';
import { DEFAULT_DETECTOR, judgeSeries } from '../../../src/core/anomaly/detector.js';
import { noisy, rng, series } from './shapes.js';

describe('the O(1) bounds that settle plainly normal days', () => {
  it('never change a decision: flags, and reasons and expectations of flagged days, equal the exact path', () => {
    // Prepare: 2,000 series of every shape of the benchmark suite (weekends, trends, charges, training runs,
    // new series, spikes, shifts, ramps), drops on and off.
    const suite = generateSuite(20261101, 2000, 400);
    let alerts = 0;
    for (const drops of [true, false]) {
      const opts = { ...DEFAULT_DETECTOR, drops };
      for (const s of suite.series) {
        // Act
        const fast = judgeSeries(s.days, s.values, opts);
        const exact = judgeSeries(s.days, s.values, opts, undefined, true);
        // Assess
        expect(Array.from(fast.flag), s.name).toEqual(Array.from(exact.flag));
        // Days the bounds settled keep bound-based scores and reasons (they never alert); flagged days
        // are judged exactly either way.
        const flagged = (j: typeof fast) =>
          [...j.flag].flatMap((f, i) => (f === 0 ? [] : [[i, j.reason[i], j.expected[i]]]));
        expect(flagged(fast), s.name).toEqual(flagged(exact));
        for (const f of fast.flag) if (f === 1) alerts += 1;
      }
    }
    expect(alerts).toBeGreaterThan(1000);
  });

  it('agree on very noisy series with doublings, where the noise scales reach half the level', () => {
    // Prepare: 40% noise, and now and then a day at 2.2 times the level.
    const r = rng(41);
    const n = noisy(r, 0.4);
    let alerts = 0;
    for (let k = 0; k < 50; k++) {
      const s = series('2026-01-01', 200, (i) => (i > 30 && r() < 0.03 ? 220 : n(100)));
      // Act
      const fast = judgeSeries(s.days, s.values, DEFAULT_DETECTOR);
      const exact = judgeSeries(s.days, s.values, DEFAULT_DETECTOR, undefined, true);
      // Assess
      expect(Array.from(fast.flag)).toEqual(Array.from(exact.flag));
      for (const f of fast.flag) if (f === 1) alerts += 1;
    }
    expect(alerts).toBeGreaterThan(50);
  });
});
