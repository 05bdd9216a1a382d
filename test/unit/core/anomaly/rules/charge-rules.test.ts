import { describe, expect, it } from 'vitest';
import {
  chargeBar,
  judgeAgainstMonthlyCharge,
  lookUpCharge,
  rememberForCharges,
} from '../../../../../src/core/anomaly/detector-charge-rules.js';
import { REASON } from '../../../../../src/core/anomaly/detector-flags.js';
import { dayNumber } from '../../../../../src/core/day.js';
import { dayContext } from './day-context.js';

// A baseline of 100 with noise scale 10 and threshold 4: 40 of excess stands out.
const baseline = { level: 100, levelScale: 10, baseline: 100, baselineScale: 10, baselineThreshold: 4 };

describe('judgeAgainstMonthlyCharge', () => {
  it('a day expecting a charge is normal from no charge to 1.25x it, and carries the charge', () => {
    const ctx = dayContext({ ...baseline, charge: 500, value: 700 });
    // Act
    judgeAgainstMonthlyCharge(ctx);
    // Assess
    expect([ctx.fires, ctx.score, ctx.expected, ctx.reason, ctx.chargeCarried]).toEqual([
      false,
      0,
      600,
      REASON.monthly,
      500,
    ]);
    // Near miss: 1.25x the charge plus the threshold's worth of noise (725 + 40) fires.
    const over = dayContext({ ...baseline, charge: 500, value: 765 });
    judgeAgainstMonthlyCharge(over);
    expect([over.fires, over.score]).toEqual([true, 4]);
  });

  it('once confirmed, a charge that does not come (below 0.75x) fires as a drop and is not carried', () => {
    const missing = dayContext({ ...baseline, charge: 500, chargeConfirmed: true, value: 120 });
    judgeAgainstMonthlyCharge(missing);
    expect([missing.fires, missing.score, missing.chargeCarried]).toEqual([true, -35.5, 0]);
    // Near miss: unconfirmed, no charge is normal too.
    const unconfirmed = dayContext({ ...baseline, charge: 500, value: 120 });
    judgeAgainstMonthlyCharge(unconfirmed);
    expect([unconfirmed.fires, unconfirmed.chargeCarried]).toEqual([false, 500]);
  });

  it('forgets the two-day rule: a charge day says nothing about a rise starting', () => {
    const ctx = dayContext({ ...baseline, charge: 500, value: 600 });
    ctx.episode.warmDirection = 1;
    judgeAgainstMonthlyCharge(ctx);
    expect(ctx.episode.warmDirection).toBe(0);
  });
});

describe('chargeBar and remembering charges (rememberForCharges, lookUpCharge)', () => {
  it('the bar is the threshold times the noise, at most half the baseline, halved on the 1st', () => {
    expect(chargeBar(dayContext(baseline))).toBe(40);
    expect(chargeBar(dayContext({ ...baseline, baselineScale: 20 }))).toBe(50);
    expect(chargeBar(dayContext(baseline, undefined, '2026-03-01'))).toBe(20);
  });

  it('a 1st standing out by its bar is expected the next 1st; one standing out less is not', () => {
    // Prepare: two contexts on 2026-03-01 (a bar of 20), one at 121 (21 over), one at 119.
    for (const [value, expected] of [
      [121, 21],
      [119, 0],
    ] as const) {
      const ctx = dayContext({ ...baseline, value }, undefined, '2026-03-01');
      // Act
      rememberForCharges(ctx);
      ctx.calendar.moveTo(dayNumber('2026-04-01'));
      lookUpCharge(ctx);
      // Assess
      expect([ctx.charge, ctx.chargeConfirmed]).toEqual([expected, false]);
    }
  });
});
