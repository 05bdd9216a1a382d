import { describe, expect, it } from 'vitest';
import { isWeekdayOutsideLevelBand, measureViews } from '../../../../../src/core/anomaly/detector-views.js';
import { rng } from '../shapes.js';
import { dayContext } from './day-context.js';

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return ((s[(s.length - 1) >> 1] as number) + (s[s.length >> 1] as number)) / 2;
};
const quantile = (v: number[], p: number) => {
  const s = [...v].sort((a, b) => a - b);
  const pos = p * (s.length - 1);
  const lo = Math.floor(pos);
  return (s[lo] as number) + (pos - lo) * ((s[Math.min(lo + 1, s.length - 1)] as number) - (s[lo] as number));
};
const mad = (v: number[]) => median(v.map((x) => Math.abs(x - median(v))));

describe('measureViews', () => {
  it('the level view: median of the window, scale max(MAD, IQR capped at 1.5 MAD, 6% floor), z and ratio', () => {
    // Prepare: 28 days around 1000, the day at 1300; no same weekdays yet (the weekday view does not judge).
    const r = rng(5);
    const window = Array.from({ length: 28 }, () => 1000 + 200 * (r() - 0.5));
    const ctx = dayContext({ value: 1300, sameWeekdaysFound: 0 });
    for (const v of window) ctx.levelWindow.push(v);
    // Act
    measureViews(ctx);
    // Assess
    const m = median(window);
    const madSd = 1.4826 * mad(window);
    const iqrSd = 0.7413 * (quantile(window, 0.75) - quantile(window, 0.25));
    const scale = Math.max(0.06 * m, madSd, Math.min(iqrSd, 1.5 * madSd));
    expect(ctx.level).toBe(m);
    expect(ctx.levelScale).toBeCloseTo(scale, 9);
    expect(ctx.levelZ).toBeCloseTo((1300 - m) / scale, 9);
    expect(ctx.levelRatio).toBeCloseTo(Math.abs(ctx.levelZ) / 4, 9);
    expect([ctx.weekdayJudges, ctx.weekdayRatio, ctx.baseline]).toEqual([false, 0, m]);
  });

  it('the weekday view judges from two same weekdays and seven residuals, relative to the usual value', () => {
    // Prepare: a level of 100; Mondays usually 40; past residuals (relative) around -0.6.
    const residuals = [-0.62, -0.58, -0.6, -0.61, -0.59, -0.6, -0.63];
    const ctx = dayContext({ value: 70, sameWeekdaysFound: 2, weekdayUsual: 40 });
    for (let k = 0; k < 28; k++) ctx.levelWindow.push(k % 2 ? 99 : 101);
    for (const v of residuals.slice(0, 6)) ctx.residuals.push(v);
    // Act / Assess: six residuals are not enough.
    measureViews(ctx);
    expect(ctx.weekdayJudges).toBe(false);
    ctx.residuals.push(residuals[6] as number);
    measureViews(ctx);
    expect(ctx.weekdayJudges).toBe(true);
    const expected = 40 + median(residuals) * 40;
    const scale = Math.max(1.4826 * mad(residuals) * 40, 0.06 * 100);
    expect(ctx.weekdayExpected).toBeCloseTo(expected, 9);
    expect(ctx.weekdayScale).toBeCloseTo(scale, 9);
    expect(ctx.weekdayZ).toBeCloseTo((70 - expected) / scale, 9);
    // Mondays at 40 lie far outside the level's band (100, scale 6): the weekday view alone judges.
    expect(ctx.weekdayOutsideLevelBand).toBe(true);
    expect([ctx.levelRatio, ctx.baseline, ctx.baselineThreshold]).toEqual([0, ctx.weekdayExpected, 5]);
  });
});

describe('isWeekdayOutsideLevelBand', () => {
  it('a usual weekday value beyond the threshold times the smaller noise scale from the level', () => {
    const quietWeekend = { weekdayJudges: true, level: 300, levelScale: 20, weekdayScale: 10 };
    // 4 x min(20, 10) = 40 from the level.
    expect(isWeekdayOutsideLevelBand(dayContext({ ...quietWeekend, weekdayUsual: 259 }))).toBe(true);
    expect(isWeekdayOutsideLevelBand(dayContext({ ...quietWeekend, weekdayUsual: 260 }))).toBe(false);
    expect(
      isWeekdayOutsideLevelBand(dayContext({ ...quietWeekend, weekdayUsual: 20, weekdayJudges: false })),
    ).toBe(false);
  });
});
