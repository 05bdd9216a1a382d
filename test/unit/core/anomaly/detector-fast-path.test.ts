import { describe, expect, it } from 'vitest';
import { generateSuite } from '../../../../scripts/anomaly-suite.js';
import {
  DEFAULT_DETECTOR,
  type DetectorOptions,
  judgeSeries,
} from '../../../../src/core/anomaly/detector.js';
import type { DayContext } from '../../../../src/core/anomaly/detector-context.js';
import { settledByBounds } from '../../../../src/core/anomaly/detector-fast-path.js';
import { IQR_SD, levelScale, MAD_SD } from '../../../../src/core/anomaly/detector-math.js';
import { measureViews } from '../../../../src/core/anomaly/detector-views.js';
import { weekdayOf } from '../../../../src/core/day.js';
import { dayContext } from './rules/day-context.js';
import { noisy, rng, series } from './shapes.js';

type Series = { name: string; days: Int32Array; values: Float64Array };

/**
 * Judges every series by both paths and expects the same decisions: the same flag on every day, and
 * on every flagged day the same reason, expectation and score (to the last bit). Returns the alerts
 * and the judged days the fast path settled with other scores (it must have been taken).
 */
function expectSameDecisions(list: readonly Series[], opts: DetectorOptions) {
  let alerts = 0;
  let judged = 0;
  let settled = 0;
  for (const s of list) {
    const fast = judgeSeries(s.days, s.values, opts, undefined, 'fast');
    const exact = judgeSeries(s.days, s.values, opts, undefined, 'exact');
    expect(Array.from(fast.flag), s.name).toEqual(Array.from(exact.flag));
    const flagged = (j: typeof fast) =>
      [...j.flag].flatMap((f, i) => (f === 0 ? [] : [[i, j.reason[i], j.expected[i], j.score[i]]]));
    expect(flagged(fast), s.name).toEqual(flagged(exact));
    fast.flag.forEach((f, i) => {
      if (f === 1) alerts += 1;
      if (Number.isNaN(exact.score[i] as number)) return;
      judged += 1;
      if (!Object.is(fast.score[i], exact.score[i])) settled += 1;
    });
  }
  return { alerts, settledShare: settled / judged };
}

describe('the one fast path (settledByBounds) decides as the exact path', () => {
  it('on 2,000 series of every shape of the benchmark suite, drops on and off', () => {
    // Prepare: weekends, trends, monthly charges, training runs, new series, spikes, shifts, ramps.
    const suite = generateSuite(20261101, 2000, 400).series;
    for (const drops of [true, false]) {
      // Act / Assess
      const { alerts, settledShare } = expectSameDecisions(suite, { ...DEFAULT_DETECTOR, drops });
      expect(alerts).toBeGreaterThan(1000);
      // The fast path was taken: most judged days carry its upper-bound scores.
      expect(settledShare).toBeGreaterThan(0.3);
    }
  });

  it('on NAB-like shapes: heavy noise with doublings, zero weekends, a weekly cycle with holidays, gaps, credits', () => {
    // Prepare
    const r = rng(41);
    const list: Series[] = [];
    for (let k = 0; k < 40; k++) {
      const heavy = noisy(r, 0.4);
      const light = noisy(r, 0.08);
      const weekend = (d: number) => weekdayOf(d) === 0 || weekdayOf(d) === 6;
      const shapes: [string, (i: number, d: number) => number][] = [
        // 40% noise, now and then a day at 2.2 times the level (the scales reach half the level).
        ['doublings', (i) => (i > 30 && r() < 0.03 ? 220 : heavy(100))],
        // A dev stage off at weekends (exactly zero), a level shift, a spike.
        ['zero weekends', (i, d) => (weekend(d) ? 0 : light(i > 150 ? 260 : 200) + (i === 200 ? 400 : 0))],
        // A strong weekly cycle (taxi rides), holidays far below it, a slow rise.
        ['weekly', (i, d) => (r() < 0.02 ? 40 : light((weekend(d) ? 60 : 100) * (1 + i / 800)))],
        // Missing days, and credits that make some days negative.
        [
          'gaps, credits',
          (i) => (r() < 0.1 ? Number.NaN : r() < 0.05 ? -30 : light(50 + (i > 120 ? 25 : 0))),
        ],
      ];
      for (const [name, f] of shapes) list.push({ name: `${name} ${k}`, ...series('2026-01-01', 240, f) });
    }
    for (const drops of [true, false]) {
      // Act / Assess
      const { alerts, settledShare } = expectSameDecisions(list, { ...DEFAULT_DETECTOR, drops });
      expect(alerts).toBeGreaterThan(50);
      expect(settledShare).toBeGreaterThan(0.2);
    }
  });
});

/**
 * A Tuesday judged against 28 days around 100 (spread 40) and 28 past residuals around 0 (spread
 * `residualSpread`), its four same weekdays usually at `usual`; `open` the open anomaly's direction.
 */
function tuesday(value: number, usual: number, residualSpread: number, open = 0) {
  const ctx = dayContext({ value, sameWeekdaysFound: 4, weekdayUsual: usual });
  const r = rng(7);
  for (let k = 0; k < 28; k++) ctx.levelWindow.push(100 + 40 * (r() - 0.5));
  for (let k = 0; k < 28; k++) ctx.residuals.push(residualSpread * (r() - 0.5));
  ctx.episode.direction = open;
  return ctx;
}

/** The level view's noise scale at the lower and the upper bound of the window's MAD. */
function levelScaleBounds(ctx: DayContext) {
  const w = ctx.levelWindow;
  const m = w.median();
  const at = (mad: number) => levelScale(MAD_SD * mad, IQR_SD * w.iqr(), 0.06 * m);
  return { level: m, low: at(w.madLowerBound(m)), high: at(w.madUpperBound(m)) };
}

describe('settledByBounds', () => {
  it('settles a plainly normal day with the upper bounds as noise scales, never below the exact ones', () => {
    // Prepare
    const ctx = tuesday(101, 100, 0.2);
    // Act
    const settled = settledByBounds(ctx);
    const fast = [ctx.levelScale, ctx.weekdayScale, ctx.levelZ];
    measureViews(ctx);
    // Assess
    expect(settled).toBe(true);
    expect(fast[0]).toBeGreaterThanOrEqual(ctx.levelScale);
    expect(fast[1]).toBeGreaterThanOrEqual(ctx.weekdayScale);
    expect(Math.abs(fast[2] as number)).toBeLessThanOrEqual(Math.abs(ctx.levelZ));
  });

  it('leaves to the exact path a weekday the bounds cannot place inside or outside the level band', () => {
    // Prepare: Tuesdays usually 4 level scales below the level, between the two bounds' scales (the
    // residuals vary widely: the level's scale is the smaller); the day at the level.
    const { level, low, high } = levelScaleBounds(tuesday(0, 0, 1.2));
    expect(low).toBeLessThan(high);
    const ctx = tuesday(level, level - 2 * (low + high), 1.2);
    // Act / Assess
    expect(settledByBounds(ctx)).toBe(false);
    measureViews(ctx);
    expect(ctx.weekdayOutsideLevelBand).toBe(true);
  });

  it('leaves to the exact path a weekday outside the band it cannot tell high against the level', () => {
    // Prepare: Tuesdays usually at 20, far below the level, but their residuals vary widely; the day 4
    // level scales above the level, between the two bounds' scales (the charge memory keeps `high`).
    const { level, low, high } = levelScaleBounds(tuesday(0, 0, 10));
    const ctx = tuesday(level + 2 * (low + high), 20, 10);
    // Act / Assess
    expect(settledByBounds(ctx)).toBe(false);
    // One level scale above the level it is settled.
    expect(settledByBounds(tuesday(level + low, 20, 10))).toBe(true);
  });

  it('settles a weekday outside the band at its expectation, unless an anomaly is open (the level view explains it)', () => {
    // Prepare: Tuesdays usually at 20 (a quiet day of a dev stage), the day exactly at the weekday
    // view's expectation.
    const probe = tuesday(0, 20, 0.2);
    measureViews(probe);
    const expected = probe.weekdayExpected;
    // Act / Assess
    expect(settledByBounds(tuesday(expected, 20, 0.2))).toBe(true);
    expect(settledByBounds(tuesday(expected, 20, 0.2, -1))).toBe(false);
  });
});
